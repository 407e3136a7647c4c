// The page both demo sites share: markup, state, window.__demo. Each site only supplies an AuthDriver
// built on its library (Amplify v6 or amazon-cognito-identity-js).
import type {
  AuthDriver,
  DemoApi,
  DemoState,
  SignInStep,
  SiteConfig,
  TotpListing,
} from '../../dev/demo-sites/contract.ts';
import './style.css';
import { buildView, el } from './view.ts';

declare global {
  interface Window {
    __demo: DemoApi;
  }
}

/** `?pool=optin` selects the opt-in pool; anything else the default one. */
function poolQuery(): string {
  const pool = new URLSearchParams(location.search).get('pool');
  return pool ? `?pool=${encodeURIComponent(pool)}` : '';
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path + poolQuery(), { cache: 'no-store' });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Device keys the library stored itself: "CognitoIdentityServiceProvider.<client>.<user>.deviceKey". */
function localDeviceKeys(clientId: string): string[] {
  const prefix = `CognitoIdentityServiceProvider.${clientId}.`;
  const keys: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const name = localStorage.key(i);
    if (name?.startsWith(prefix) && name.endsWith('.deviceKey')) {
      const value = localStorage.getItem(name);
      if (value) keys.push(value);
    }
  }
  return keys.sort();
}

export function startDemoPage(title: string, makeDriver: (config: SiteConfig) => AuthDriver): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('demo page: #app missing');

  const view = buildView(root, title);
  const { username, password, signInForm, code, mfaForm, lastError, deviceList, totpTable } = view;
  const { signOutButton, refreshButton, listButton, rememberButton, forgetButton } = view;

  let driver: AuthDriver | null = null;
  let clientId = '';
  let signInStartedAt = 0;
  const state: DemoState = {
    library: 'amplify',
    poolId: '',
    status: 'loading',
    user: null,
    mfaAsked: '',
    lastSignInMs: null,
    deviceConfirmationNecessary: null,
    devices: [],
    localDeviceKeys: [],
    refreshCount: 0,
    error: '',
  };

  const snapshot = (): DemoState => structuredClone({ ...state, localDeviceKeys: localDeviceKeys(clientId) });

  function render(): void {
    const s = snapshot();
    // The stylesheet shows the screen for the status: loading, sign-in, code, or the dashboard.
    view.root.dataset.status = s.status;
    view.status.value = s.status;
    view.user.value = s.user ?? '';
    for (const name of view.greetingNames) name.textContent = s.user ?? '';
    view.mfaAsked.value = s.mfaAsked;
    view.signInMs.value = s.lastSignInMs === null ? '' : String(Math.round(s.lastSignInMs));
    view.refreshCount.value = String(s.refreshCount);
    view.localKeys.value = s.localDeviceKeys.join(', ');
    lastError.textContent = s.error;
    signInForm.hidden = s.status !== 'signed-out';
    mfaForm.hidden = s.status !== 'mfa-required';
    for (const b of [signOutButton, refreshButton, listButton, rememberButton, forgetButton]) {
      b.disabled = s.status !== 'signed-in';
    }
    deviceList.replaceChildren(
      ...s.devices.map((d) => {
        const item = el(
          'li',
          { testid: 'device' },
          el('strong', {}, d.name ?? '(unnamed)'),
          el(
            'span',
            { className: 'device-key' },
            ` · ${d.key}${d.lastAuthenticated ? ` · last used ${d.lastAuthenticated}` : ''}`,
          ),
        );
        item.dataset.deviceKey = d.key;
        return item;
      }),
    );
  }

  function applyStep(step: SignInStep): void {
    if (step.step === 'mfa') {
      state.status = 'mfa-required';
      state.mfaAsked = 'yes';
      return;
    }
    state.status = 'signed-in';
    state.user = step.user;
    state.deviceConfirmationNecessary = step.deviceConfirmationNecessary;
    if (state.mfaAsked === '') state.mfaAsked = 'no';
    state.lastSignInMs = performance.now() - signInStartedAt;
  }

  // One action at a time, in call order, like a user clicking.
  let queue: Promise<unknown> = Promise.resolve();
  function action(run: (d: AuthDriver) => Promise<void>): Promise<DemoState> {
    const result = queue.then(async () => {
      if (!driver) throw new Error('demo page is not configured yet');
      try {
        await run(driver);
        state.error = '';
        return snapshot();
      } catch (error) {
        state.error = errorText(error);
        throw error;
      } finally {
        render();
      }
    });
    queue = result.catch(() => undefined);
    return result;
  }

  const api: DemoApi = {
    ready: (async () => {
      try {
        const config = await getJson<SiteConfig>('/config.json');
        clientId = config.userPoolClientId;
        state.poolId = config.userPoolId;
        driver = makeDriver(config);
        state.library = driver.library;
        state.user = await driver.restore();
        state.status = state.user ? 'signed-in' : 'signed-out';
      } catch (error) {
        state.error = errorText(error);
        state.status = 'signed-out';
      }
      render();
      return snapshot();
    })(),
    signIn: (name, secret) =>
      action(async (d) => {
        signInStartedAt = performance.now();
        state.mfaAsked = '';
        state.lastSignInMs = null;
        state.deviceConfirmationNecessary = null;
        state.devices = [];
        applyStep(await d.signIn(name, secret));
      }),
    confirmMfa: (mfaCode) =>
      action(async (d) => {
        // Time the code took to type is not the library's: restart the clock at the answer.
        signInStartedAt = performance.now();
        applyStep(await d.confirmMfa(mfaCode));
      }),
    signOut: () =>
      action(async (d) => {
        await d.signOut();
        state.status = 'signed-out';
        state.user = null;
        state.devices = [];
      }),
    refresh: () =>
      action(async (d) => {
        await d.refresh();
        state.refreshCount += 1;
      }),
    listDevices: () =>
      action(async (d) => {
        state.devices = await d.listDevices();
      }),
    rememberDevice: () => action((d) => d.rememberDevice()),
    forgetDevice: (deviceKey) =>
      action(async (d) => {
        await d.forgetDevice(deviceKey);
        state.devices = []; // stale now: list again to see what Cognito has
      }),
    state: snapshot,
  };
  window.__demo = api;

  // The forms and buttons drive the same API; errors are already on the page.
  const ignore = () => undefined;
  signInForm.addEventListener('submit', (event) => {
    event.preventDefault();
    api.signIn(username.value, password.value).catch(ignore);
  });
  mfaForm.addEventListener('submit', (event) => {
    event.preventDefault();
    api
      .confirmMfa(code.value)
      .then(() => {
        code.value = '';
      })
      .catch(ignore);
  });
  signOutButton.addEventListener('click', () => api.signOut().catch(ignore));
  refreshButton.addEventListener('click', () => api.refresh().catch(ignore));
  listButton.addEventListener('click', () => api.listDevices().catch(ignore));
  rememberButton.addEventListener('click', () => api.rememberDevice().catch(ignore));
  forgetButton.addEventListener('click', () => api.forgetDevice().catch(ignore));
  render();

  async function showCodes(): Promise<void> {
    try {
      const listing = await getJson<TotpListing>('/totp');
      totpTable.replaceChildren(
        ...listing.users.map((u) =>
          el('tr', {}, el('td', {}, u.email), el('td', {}, u.password), el('td', {}, el('code', {}, u.code))),
        ),
      );
    } catch {
      // Codes are a convenience for humans; the page works without them.
    }
  }
  void showCodes();
  setInterval(showCodes, 5000);
}
