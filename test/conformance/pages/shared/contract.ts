// What each conformance page exposes as window.conformance, and what its site server hands it.
// Type-only module: the runner imports it to type page.evaluate() results.

/** GET /config.json?pool=<pool>&client=<client> on a conformance site. */
export interface ConformanceSiteConfig {
  userPoolId: string;
  userPoolClientId: string;
  /** Only for app clients with a secret: the SDK page computes SECRET_HASH as such sites do. */
  clientSecret: string | null;
  /** Full URL of the Cognito endpoint (the emulator), with a trailing slash. */
  userPoolEndpoint: string;
  region: string;
}

/** Where a sign-in stands after one call. */
export type ConformanceStep =
  | { kind: 'done'; username: string }
  /** A second factor is asked: a code from an authenticator (TOTP), an SMS or an email. */
  | { kind: 'code'; factor: 'TOTP' | 'SMS' | 'EMAIL' }
  /** A custom challenge (CUSTOM_AUTH) is asked. */
  | { kind: 'custom' }
  /** USER_AUTH: the first factor must be chosen among `available`. */
  | { kind: 'select'; available: string[] }
  /** USER_AUTH after choosing PASSWORD / PASSWORD_SRP: the password is asked. */
  | { kind: 'password' }
  /** Anything the page does not handle, with the library's own step name. */
  | { kind: 'other'; name: string };

export interface ConformanceApi {
  /** Resolves once the library is configured. */
  ready: Promise<{ client: string; poolId: string; clientId: string }>;
  /** Starts a sign-in with one of the page's flows (see FLOWS of the runner's rows). */
  signIn(flow: string, username: string, password: string): Promise<ConformanceStep>;
  /** Answers the step signIn or answer returned (a code, a custom answer, a choice, the password). */
  answer(response: string): Promise<ConformanceStep>;
  /** Gets fresh tokens the way this client refreshes; resolves to the new access token's `jti`. */
  refresh(): Promise<string>;
  /** ACIJ: getSession() once the page's clock passed the access token's expiry (it refreshes by itself). */
  sessionAfterExpiry(): Promise<string>;
  /** Moves this page's Date forward (Date.now and new Date()), as a machine left asleep would. */
  shiftClock(ms: number): void;
  /** Device keys Cognito lists for the signed-in user (fetchDevices / listDevices). */
  listDevices(): Promise<string[]>;
  /** The site's own rememberDevice() (UpdateDeviceStatus of the current device). */
  rememberDevice(): Promise<void>;
  /** The site's own forgetDevice(): a given key, or the current device when none. */
  forgetDevice(deviceKey?: string): Promise<void>;
  /** Local sign-out; `global` revokes every session (GlobalSignOut). */
  signOut(global: boolean): Promise<void>;
  /** Bodies of every Cognito response the page's code received since load. */
  seen(): string[];
  /** Everything the page can read: localStorage, sessionStorage, cookies. */
  storage(): string;
  /** Forgets what the libraries stored on this origin for this app client (a fresh visitor). */
  reset(): Promise<void>;
}

declare global {
  interface Window {
    conformance: ConformanceApi;
  }
}
