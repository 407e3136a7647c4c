// The look of both demo sites: "Tallyfern", an invented bookkeeping app, with the sign-in, the code
// screen and the signed-in dashboard a real site would show. The data-testids are the page's contract
// with the tests, the tour and the store screenshots (listed in demo/README.md): keep them.
// No "remember this device" wording on the code screen: remembering is the extension's business.

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> & { testid?: string } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const { testid, ...rest } = props;
  const node = Object.assign(document.createElement(tag), rest);
  if (testid) node.dataset.testid = testid;
  node.append(...children);
  return node;
}

/** The logo: a fern frond over a ledger line, drawn here so the page loads no asset. */
const LOGO_SVG = `<svg viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
  <rect width="32" height="32" rx="8" fill="#0f766e"/>
  <path d="M9 24c4-1 8-5 10-11 1-3 3-5 5-6" fill="none" stroke="#ecfdf5" stroke-width="2" stroke-linecap="round"/>
  <path d="M13 20l-3-3M15.5 17.5l-2.5-4M18 14l-1-4.5M15 21l4 1M17.5 18l4.5 0.5M19.5 14.5l4-1" stroke="#99f6e4" stroke-width="1.8" stroke-linecap="round"/>
  <path d="M7 26.5h18" stroke="#5eead4" stroke-width="1.6" stroke-linecap="round"/>
</svg>`;

function logo(): HTMLElement {
  const mark = el('span', { className: 'logo-mark' });
  mark.innerHTML = LOGO_SVG;
  return el('span', { className: 'logo' }, mark, el('span', { className: 'logo-name' }, 'Tallyfern'));
}

/** What a signed-in person sees besides the security card: invented but plausible figures. */
const INVOICES: readonly [string, string, string, string][] = [
  ['INV-1042', 'Harbor & Finch Coffee', '€ 1,280.00', 'Paid'],
  ['INV-1043', 'Oakline Studio', '€ 3,450.00', 'Due in 5 days'],
  ['INV-1044', 'Meadowbank Bakery', '€ 612.40', 'Overdue'],
  ['INV-1045', 'Northgate Cycles', '€ 2,015.75', 'Draft'],
];

function dashboardFigures(): HTMLElement {
  const figure = (label: string, value: string, note: string) =>
    el(
      'div',
      { className: 'figure' },
      el('span', { className: 'figure-label' }, label),
      el('strong', {}, value),
      el('span', { className: 'figure-note' }, note),
    );
  return el(
    'div',
    { className: 'figures' },
    figure('Cash in bank', '€ 48,210', '+6.2% this month'),
    figure('Owed to you', '€ 7,358', '3 open invoices'),
    figure('Bills to pay', '€ 2,904', 'next due Friday'),
  );
}

function invoiceTable(): HTMLElement {
  return el(
    'section',
    { className: 'card' },
    el('h2', {}, 'Recent invoices'),
    el(
      'table',
      { className: 'invoices' },
      el(
        'thead',
        {},
        el('tr', {}, ...['Number', 'Customer', 'Amount', 'Status'].map((h) => el('th', {}, h))),
      ),
      el(
        'tbody',
        {},
        ...INVOICES.map(([id, customer, amount, state]) =>
          el(
            'tr',
            {},
            el('td', {}, id),
            el('td', {}, customer),
            el('td', { className: 'amount' }, amount),
            el('td', {}, el('span', { className: `pill ${state.split(' ')[0]?.toLowerCase()}` }, state)),
          ),
        ),
      ),
    ),
  );
}

export interface DemoView {
  root: HTMLElement;
  username: HTMLInputElement;
  password: HTMLInputElement;
  signInForm: HTMLFormElement;
  code: HTMLInputElement;
  mfaForm: HTMLFormElement;
  signOutButton: HTMLButtonElement;
  refreshButton: HTMLButtonElement;
  listButton: HTMLButtonElement;
  rememberButton: HTMLButtonElement;
  forgetButton: HTMLButtonElement;
  status: HTMLOutputElement;
  user: HTMLOutputElement;
  /** The name in the dashboard's greeting and the account menu. */
  greetingNames: HTMLElement[];
  mfaAsked: HTMLOutputElement;
  signInMs: HTMLOutputElement;
  refreshCount: HTMLOutputElement;
  localKeys: HTMLOutputElement;
  lastError: HTMLParagraphElement;
  deviceList: HTMLUListElement;
  totpTable: HTMLTableSectionElement;
}

/** Builds the page into `root`; page.ts fills it in and shows the part for the current status. */
export function buildView(root: HTMLElement, title: string): DemoView {
  const username = el('input', {
    id: 'username',
    name: 'username',
    autocomplete: 'username',
    placeholder: 'you@company.com',
    testid: 'username',
  });
  const password = el('input', {
    id: 'password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    testid: 'password',
  });
  const signInForm = el(
    'form',
    { testid: 'signin-form', className: 'stack' },
    el('label', { htmlFor: 'username' }, 'Email'),
    username,
    el('label', { htmlFor: 'password' }, 'Password'),
    password,
    el('button', { type: 'submit', className: 'primary', testid: 'signin-submit' }, 'Sign in'),
  );
  const code = el('input', {
    id: 'mfa-code',
    inputMode: 'numeric',
    autocomplete: 'one-time-code',
    maxLength: 6,
    placeholder: '123456',
    className: 'code-input',
    testid: 'mfa-code',
  });
  const mfaForm = el(
    'form',
    { testid: 'mfa-form', hidden: true, className: 'stack' },
    el('label', { htmlFor: 'mfa-code' }, 'Authentication code'),
    code,
    el('button', { type: 'submit', className: 'primary', testid: 'mfa-submit' }, 'Verify'),
  );
  const button = (label: string, testid: string) => el('button', { type: 'button', testid }, label);
  const signOutButton = button('Sign out', 'signout');
  const refreshButton = button('Refresh session', 'refresh');
  const listButton = button('List devices', 'list-devices');
  const rememberButton = button('Remember this device', 'remember-device');
  const forgetButton = button('Forget this device', 'forget-device');
  const out = (testid: string) => el('output', { testid });
  const status = out('status');
  const user = out('signed-in-user');
  const mfaAsked = out('mfa-asked');
  const signInMs = out('last-signin-ms');
  const refreshCount = out('refresh-count');
  const localKeys = out('local-device-keys');
  const lastError = el('p', { role: 'alert', className: 'error', testid: 'last-error' });
  const deviceList = el('ul', { testid: 'device-list', className: 'devices' });
  const totpTable = el('tbody');
  const greetingNames = [el('span'), el('span')];

  const row = (label: string, value: HTMLElement) => el('div', {}, el('dt', {}, label), el('dd', {}, value));
  const authCard = (className: string, heading: string, lead: string, ...body: Node[]) =>
    el(
      'section',
      { className: `card auth ${className}` },
      logo(),
      el('h1', {}, heading),
      el('p', { className: 'lead' }, lead),
      ...body,
    );

  const [greetingName, menuName] = greetingNames as [HTMLElement, HTMLElement];
  root.append(
    el(
      'header',
      { className: 'topbar' },
      logo(),
      el(
        'nav',
        { className: 'app-nav' },
        ...['Overview', 'Invoices', 'Bills', 'Reports'].map((n) => el('span', {}, n)),
      ),
      el(
        'div',
        { className: 'account' },
        el('span', { className: 'avatar', ariaHidden: 'true' }),
        menuName,
        signOutButton,
      ),
    ),
    el(
      'div',
      { className: 'layout' },
      el(
        'main',
        { className: 'stage' },
        el('section', { className: 'card auth loading-card' }, el('p', { className: 'lead' }, 'Loading…')),
        authCard('signin', 'Sign in to Tallyfern', 'Books, invoices and bills for small teams.', signInForm),
        authCard(
          'mfa',
          'Two-step verification',
          'Open your authenticator app and enter the 6-digit code shown for Tallyfern.',
          mfaForm,
        ),
        lastError,
        el(
          'div',
          { className: 'dashboard' },
          el('h1', {}, 'Good to see you, ', greetingName),
          dashboardFigures(),
          invoiceTable(),
          el(
            'section',
            { className: 'card security' },
            el('h2', {}, 'Sign-in & security'),
            el('p', { className: 'muted' }, 'Devices Cognito remembers for your account.'),
            el('div', { className: 'actions' }, listButton, rememberButton, forgetButton, refreshButton),
            deviceList,
          ),
        ),
      ),
      el(
        'aside',
        { className: 'demo-panel', ariaLabel: 'Demo details' },
        el('h2', { testid: 'site-title' }, title),
        el('p', { className: 'muted' }, 'Not part of the app: what the demo and its tests look at.'),
        el(
          'dl',
          { className: 'facts' },
          row('Status', status),
          row('Signed in as', user),
          row('MFA asked at last sign-in', mfaAsked),
          row('Last sign-in (ms)', signInMs),
          row('Token refreshes', refreshCount),
          row("Library's own device keys", localKeys),
        ),
        el('h3', {}, 'Demo accounts and authenticator codes'),
        el(
          'table',
          { testid: 'totp-codes', className: 'codes' },
          el(
            'thead',
            {},
            el('tr', {}, el('th', {}, 'Email'), el('th', {}, 'Password'), el('th', {}, 'Code')),
          ),
          totpTable,
        ),
      ),
    ),
  );

  return {
    root,
    username,
    password,
    signInForm,
    code,
    mfaForm,
    signOutButton,
    refreshButton,
    listButton,
    rememberButton,
    forgetButton,
    status,
    user,
    greetingNames,
    mfaAsked,
    signInMs,
    refreshCount,
    localKeys,
    lastError,
    deviceList,
    totpTable,
  };
}
