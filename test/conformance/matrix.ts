// The conformance matrix: rows are client × sign-in flow, columns are pool configurations, and a cell
// is one row on one pool in one browser. Which cells Cognito (or the client library itself) cannot
// support is decided here, once, with the documentation that says so.

export type Browser = 'chromium' | 'firefox';
export type Client = 'amplify-v6' | 'acij' | 'aws-sdk-v3';
export type Factor = 'TOTP' | 'SMS' | 'EMAIL';

export interface PoolColumn {
  /** Column name in the table and in the JSON (`pool`). */
  readonly key: string;
  readonly poolId: string;
  /** Device tracking: always remembered, or only when the user says so (DeviceOnlyRememberedOnUserPrompt). */
  readonly remember: 'always' | 'prompt';
  /** What people type: the username, an email alias, or the email that is the username (UsernameAttributes). */
  readonly login: 'username' | 'alias' | 'email';
  readonly factor: Factor;
  /** The pool's app clients have a client secret. */
  readonly secret: boolean;
}

export interface Row {
  /** Short id, also the base of the cell's user name. */
  readonly key: string;
  readonly client: Client;
  /** The flow as the JSON and the table name it. */
  readonly flow: string;
  /** What the page's signIn receives (see each page's flow table). */
  readonly signInFlow: string;
  /** Row label in the table. */
  readonly label: string;
  /** App client the page uses: `web`, or `rotating` (refresh-token rotation on). */
  readonly appClient: 'web' | 'rotating';
  /** Extra lifecycle steps this row checks (the site's own device calls, expired sessions...). */
  readonly extras: readonly ('amplify-devices' | 'acij-session' | 'acij-devices')[];
  /**
   * The site's own code remembers and forgets devices, and the person chose "This site manages its own
   * devices" for it: served on an origin of its own, so the choice touches no other row.
   */
  readonly managesDevices?: true;
}

export interface Cell {
  readonly row: Row;
  readonly pool: PoolColumn;
  readonly browser: Browser;
}

export type CellResult = 'pass' | 'fail' | 'n/a';

export interface CellOutcome {
  client: Client;
  flow: string;
  pool: string;
  browser: Browser;
  result: CellResult;
  reason: string;
}

export const POOLS: readonly PoolColumn[] = [
  {
    key: 'always·username·totp',
    poolId: 'us-east-1_CnfPool01',
    remember: 'always',
    login: 'username',
    factor: 'TOTP',
    secret: false,
  },
  {
    key: 'always·alias·totp',
    poolId: 'us-east-1_CnfPool02',
    remember: 'always',
    login: 'alias',
    factor: 'TOTP',
    secret: false,
  },
  {
    key: 'always·email·totp',
    poolId: 'us-east-1_CnfPool03',
    remember: 'always',
    login: 'email',
    factor: 'TOTP',
    secret: false,
  },
  {
    key: 'prompt·alias·totp',
    poolId: 'us-east-1_CnfPool04',
    remember: 'prompt',
    login: 'alias',
    factor: 'TOTP',
    secret: false,
  },
  {
    key: 'always·alias·sms',
    poolId: 'us-east-1_CnfPool05',
    remember: 'always',
    login: 'alias',
    factor: 'SMS',
    secret: false,
  },
  {
    key: 'always·alias·email-otp',
    poolId: 'us-east-1_CnfPool06',
    remember: 'always',
    login: 'alias',
    factor: 'EMAIL',
    secret: false,
  },
  {
    key: 'always·alias·totp·secret',
    poolId: 'us-east-1_CnfPool07',
    remember: 'always',
    login: 'alias',
    factor: 'TOTP',
    secret: true,
  },
];

export const ROWS: readonly Row[] = [
  {
    key: 'amp-srp',
    client: 'amplify-v6',
    flow: 'USER_SRP_AUTH',
    signInFlow: 'USER_SRP_AUTH',
    label: 'Amplify v6 · USER_SRP_AUTH',
    appClient: 'web',
    extras: [],
  },
  {
    key: 'amp-dev',
    client: 'amplify-v6',
    flow: 'USER_SRP_AUTH + fetchDevices, rememberDevice, forgetDevice, signOut global',
    signInFlow: 'USER_SRP_AUTH',
    label: "Amplify v6 · the site's own device calls",
    appClient: 'web',
    extras: ['amplify-devices'],
    managesDevices: true,
  },
  {
    key: 'amp-pwd',
    client: 'amplify-v6',
    flow: 'USER_PASSWORD_AUTH',
    signInFlow: 'USER_PASSWORD_AUTH',
    label: 'Amplify v6 · USER_PASSWORD_AUTH',
    appClient: 'web',
    extras: [],
  },
  {
    key: 'amp-csrp',
    client: 'amplify-v6',
    flow: 'CUSTOM_WITH_SRP',
    signInFlow: 'CUSTOM_WITH_SRP',
    label: 'Amplify v6 · CUSTOM_WITH_SRP',
    appClient: 'web',
    extras: [],
  },
  {
    key: 'amp-cust',
    client: 'amplify-v6',
    flow: 'CUSTOM_WITHOUT_SRP',
    signInFlow: 'CUSTOM_WITHOUT_SRP',
    label: 'Amplify v6 · CUSTOM_WITHOUT_SRP',
    appClient: 'web',
    extras: [],
  },
  {
    key: 'amp-ua-srp',
    client: 'amplify-v6',
    flow: 'USER_AUTH:PASSWORD_SRP',
    signInFlow: 'USER_AUTH:PASSWORD_SRP',
    label: 'Amplify v6 · USER_AUTH preferred PASSWORD_SRP',
    appClient: 'web',
    extras: [],
  },
  {
    key: 'amp-ua-pwd',
    client: 'amplify-v6',
    flow: 'USER_AUTH:PASSWORD',
    signInFlow: 'USER_AUTH:PASSWORD',
    label: 'Amplify v6 · USER_AUTH preferred PASSWORD',
    appClient: 'web',
    extras: [],
  },
  {
    key: 'amp-ua-sel',
    client: 'amplify-v6',
    flow: 'USER_AUTH:SELECT_CHALLENGE',
    signInFlow: 'USER_AUTH:SELECT_CHALLENGE',
    label: 'Amplify v6 · USER_AUTH SELECT_CHALLENGE',
    appClient: 'web',
    extras: [],
  },
  {
    key: 'acij-srp',
    client: 'acij',
    flow: 'USER_SRP_AUTH',
    signInFlow: 'USER_SRP_AUTH',
    label: 'ACIJ · authenticateUser (SRP)',
    appClient: 'web',
    extras: ['acij-session', 'acij-devices'],
  },
  {
    key: 'acij-pwd',
    client: 'acij',
    flow: 'USER_PASSWORD_AUTH',
    signInFlow: 'USER_PASSWORD_AUTH',
    label: 'ACIJ · USER_PASSWORD_AUTH',
    appClient: 'web',
    extras: [],
  },
  {
    key: 'acij-cust',
    client: 'acij',
    flow: 'CUSTOM_AUTH',
    signInFlow: 'CUSTOM_AUTH',
    label: 'ACIJ · CUSTOM_AUTH',
    appClient: 'web',
    extras: [],
  },
  {
    key: 'sdk-rta',
    client: 'aws-sdk-v3',
    flow: 'USER_PASSWORD_AUTH/REFRESH_TOKEN_AUTH',
    signInFlow: 'USER_PASSWORD_AUTH/REFRESH_TOKEN_AUTH',
    label: 'SDK v3 · USER_PASSWORD_AUTH + REFRESH_TOKEN_AUTH',
    appClient: 'web',
    extras: [],
  },
  {
    key: 'sdk-rot',
    client: 'aws-sdk-v3',
    flow: 'USER_PASSWORD_AUTH/GetTokensFromRefreshToken',
    signInFlow: 'USER_PASSWORD_AUTH/GetTokensFromRefreshToken',
    label: 'SDK v3 · USER_PASSWORD_AUTH + GetTokensFromRefreshToken (rotation)',
    appClient: 'rotating',
    extras: [],
  },
];

/** Firefox runs one row per client, on the pool closest to a typical site. */
export const FIREFOX_ROWS: readonly string[] = ['amp-srp', 'acij-srp', 'sdk-rta'];
export const FIREFOX_POOL = 'always·alias·totp';

/** Second factor the custom-challenge trigger asks for: the runner knows the answer, as a person would. */
export const CUSTOM_CHALLENGE_ANSWER = 'conformance-answer';

/**
 * Why a cell cannot exist, or null when it can. Only what Cognito or the client library itself rules
 * out; an extension shortcoming is a failing cell, never a reason here.
 */
export function notApplicable(row: Row, pool: PoolColumn): string | null {
  if (pool.secret && row.client !== 'aws-sdk-v3') {
    return (
      `${row.client} has no way to send SECRET_HASH: browser apps use public app clients, which "do not ` +
      'have a client secret" (Amazon Cognito developer guide, "User pool app clients", App client types)'
    );
  }
  if (pool.factor === 'EMAIL' && row.client === 'acij' && !row.signInFlow.startsWith('CUSTOM')) {
    return (
      'amazon-cognito-identity-js has no EMAIL_OTP step (its authenticateUser callbacks cover SMS_MFA and ' +
      'SOFTWARE_TOKEN_MFA only), so no ACIJ site can use an email second factor'
    );
  }
  return null;
}

/** Why Cognito keeps asking the second factor of a cell even with a remembered device, or null. */
export function keepsAsking(row: Row, pool: PoolColumn): string | null {
  if (row.signInFlow.startsWith('CUSTOM')) {
    return (
      'CUSTOM_AUTH: the DefineAuthChallenge trigger decides every challenge and Cognito adds no MFA of its ' +
      'own (developer guide, "Custom authentication challenge Lambda triggers"); the device is proven after it'
    );
  }
  if (pool.factor === 'EMAIL') {
    return (
      'a remembered device stands in for SMS and TOTP factors only (API reference, DeviceConfigurationType, ' +
      'ChallengeRequiredOnNewDevice); the email code is still asked'
    );
  }
  return null;
}

export function deviceSkipsFactor(row: Row, pool: PoolColumn): boolean {
  return keepsAsking(row, pool) === null;
}

export function cellsFor(browsers: readonly Browser[], filter?: (cell: Cell) => boolean): Cell[] {
  const cells: Cell[] = [];
  for (const browser of browsers) {
    for (const row of ROWS) {
      if (browser === 'firefox' && !FIREFOX_ROWS.includes(row.key)) continue;
      for (const pool of POOLS) {
        if (browser === 'firefox' && pool.key !== FIREFOX_POOL) continue;
        const cell = { row, pool, browser };
        if (!filter || filter(cell)) cells.push(cell);
      }
    }
  }
  return cells;
}

/** The user one cell signs in as: each cell has its own, so cells never share a device. */
export function cellUser(cell: Cell): { username: string; login: string; email: string; phone: string } {
  const base = `${cell.row.key}-${cell.browser === 'firefox' ? 'ff' : 'cr'}`;
  const email = `${base}@conformance.test`;
  const index = ROWS.indexOf(cell.row) * 2 + (cell.browser === 'firefox' ? 1 : 0);
  const phone = `+1555010${String(index).padStart(4, '0')}`;
  if (cell.pool.login === 'email') return { username: email, login: email, email, phone };
  return { username: base, login: cell.pool.login === 'alias' ? email : base, email, phone };
}
