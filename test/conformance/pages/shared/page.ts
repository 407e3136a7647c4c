// The part every conformance page shares: it reads the site config, records what the page's own code
// receives from Cognito, and exposes window.conformance over one client's driver. The driver calls the
// library's public API exactly as a site would; nothing here touches the library.
import type { ConformanceApi, ConformanceSiteConfig, ConformanceStep } from './contract.ts';

export interface ClientDriver {
  signIn(flow: string, username: string, password: string): Promise<ConformanceStep>;
  answer(response: string): Promise<ConformanceStep>;
  refresh(): Promise<string>;
  sessionAfterExpiry?(): Promise<string>;
  listDevices?(): Promise<string[]>;
  rememberDevice?(): Promise<void>;
  forgetDevice?(deviceKey?: string): Promise<void>;
  signOut(global: boolean): Promise<void>;
}

/** `jti` of a JWT (the access token), so the runner sees that a refresh really issued a new token. */
export function tokenId(jwt: string | undefined): string {
  const payload = jwt?.split('.')[1];
  if (!payload) throw new Error('no access token');
  const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { jti?: unknown };
  return typeof claims.jti === 'string' ? claims.jti : '';
}

/** Libraries fail with plain objects or Errors; the runner wants "<Name>: <message>". */
export function asError(err: unknown): Error {
  if (err instanceof Error) return err;
  const { name, code, message } = (err ?? {}) as { name?: unknown; code?: unknown; message?: unknown };
  const error = new Error(typeof message === 'string' ? message : JSON.stringify(err));
  const label = typeof name === 'string' ? name : typeof code === 'string' ? code : '';
  if (label) error.name = label;
  return error;
}

/** Runs one library call, giving the runner an Error whatever the library threw. */
export async function wrap<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw asError(err);
  }
}

// A clock the runner can move forward (expired tokens) without touching the libraries: every
// `new Date()` and `Date.now()` on the page reads it.
let clockOffsetMs = 0;
const RealDate = Date;
class ShiftedDate extends RealDate {
  constructor(...args: ConstructorParameters<DateConstructor> | []) {
    if (args.length === 0) super(RealDate.now() + clockOffsetMs);
    else super(...(args as ConstructorParameters<DateConstructor>));
  }
  static override now(): number {
    return RealDate.now() + clockOffsetMs;
  }
}
globalThis.Date = ShiftedDate as DateConstructor;

// What the site's own code receives: wraps fetch above the extension's hook, as a site's code would.
const seenBodies: string[] = [];
const innerFetch = window.fetch.bind(window);
window.fetch = async (...args: Parameters<typeof fetch>) => {
  const response = await innerFetch(...args);
  const target = new Headers(args[1]?.headers ?? (args[0] instanceof Request ? args[0].headers : undefined));
  if (target.get('x-amz-target')?.startsWith('AWSCognitoIdentityProviderService.')) {
    seenBodies.push(await response.clone().text());
  }
  return response;
};

async function loadConfig(): Promise<ConformanceSiteConfig> {
  const query = new URLSearchParams(location.search);
  const response = await fetch(`/config.json?${query}`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`/config.json: HTTP ${response.status}`);
  return (await response.json()) as ConformanceSiteConfig;
}

function missing(what: string): never {
  throw new Error(`this client has no ${what}`);
}

export function startConformancePage(
  client: string,
  makeDriver: (config: ConformanceSiteConfig) => ClientDriver,
) {
  const configured = loadConfig().then((config) => ({ config, driver: makeDriver(config) }));
  const driver = async () => (await configured).driver;
  const api: ConformanceApi = {
    ready: configured.then(({ config }) => ({
      client,
      poolId: config.userPoolId,
      clientId: config.userPoolClientId,
    })),
    signIn: async (flow, username, password) => (await driver()).signIn(flow, username, password),
    answer: async (response) => (await driver()).answer(response),
    refresh: async () => (await driver()).refresh(),
    sessionAfterExpiry: async () => ((await driver()).sessionAfterExpiry ?? missing('sessionAfterExpiry'))(),
    shiftClock(ms) {
      clockOffsetMs += ms;
    },
    listDevices: async () => ((await driver()).listDevices ?? missing('listDevices'))(),
    rememberDevice: async () => ((await driver()).rememberDevice ?? missing('rememberDevice'))(),
    forgetDevice: async (key) => ((await driver()).forgetDevice ?? missing('forgetDevice'))(key),
    signOut: async (global) => (await driver()).signOut(global),
    seen: () => [...seenBodies],
    storage: () =>
      JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }),
    async reset() {
      // Only this app client's keys (Amplify and ACIJ both prefix them with its id): pages of other
      // pools may be signed in on this origin at the same time.
      const { config } = await configured;
      for (const storage of [localStorage, sessionStorage]) {
        for (const key of Object.keys(storage)) {
          if (key.includes(config.userPoolClientId)) storage.removeItem(key);
        }
      }
    },
  };
  window.conformance = api;
  document.title = `Conformance · ${client}`;
}
