// What the demo pages expose to tests (window.__demo) and what the demo server serves them.
// Type-only module: tests import it to type page.evaluate() results.

/** GET /config.json[?pool=optin] on a demo site. */
export interface SiteConfig {
  userPoolId: string;
  userPoolClientId: string;
  /** Full URL of the Cognito endpoint (the emulator), e.g. http://127.0.0.1:4100/ */
  userPoolEndpoint: string;
  region: string;
}

/** GET /totp[?pool=optin]: current codes of the pool's demo users, for humans trying the demo. */
export interface TotpListing {
  poolId: string;
  remainingSeconds: number;
  users: { email: string; username: string; password: string; code: string }[];
}

export interface DemoDevice {
  key: string;
  name: string | null;
  /** ISO date of the device's last authentication, when Cognito reports one. */
  lastAuthenticated: string | null;
}

export type DemoStatus = 'loading' | 'signed-out' | 'mfa-required' | 'signed-in';

export interface DemoState {
  library: 'amplify' | 'acij';
  poolId: string;
  status: DemoStatus;
  /** Username as the library reports it once signed in (canonical, not the alias typed). */
  user: string | null;
  /** Whether the last sign-in asked for an MFA code; '' before any sign-in on this page. */
  mfaAsked: 'yes' | 'no' | '';
  /** Wall time of the last completed sign-in, from signIn() to tokens (MFA typing excluded when asked). */
  lastSignInMs: number | null;
  /** Whether the last sign-in told the app to ask the user about remembering (UserConfirmationNecessary). */
  deviceConfirmationNecessary: boolean | null;
  devices: DemoDevice[];
  /** Device keys the library itself keeps in this origin's localStorage (its own device remembering). */
  localDeviceKeys: string[];
  /** Completed token refreshes on this page. */
  refreshCount: number;
  /** Last error as "<Name>: <message>", '' when the last action succeeded. */
  error: string;
}

/** window.__demo: every function resolves with the new state, or rejects with the error shown on the page. */
export interface DemoApi {
  ready: Promise<DemoState>;
  signIn(username: string, password: string): Promise<DemoState>;
  confirmMfa(code: string): Promise<DemoState>;
  signOut(): Promise<DemoState>;
  refresh(): Promise<DemoState>;
  listDevices(): Promise<DemoState>;
  /** Mark the current device remembered (UpdateDeviceStatus), for opt-in pools. */
  rememberDevice(): Promise<DemoState>;
  /** Forget a device by key, or this browser's own device when no key is given. */
  forgetDevice(deviceKey?: string): Promise<DemoState>;
  state(): DemoState;
}

/** What each site's library glue implements; the shared page does the rest. */
export interface AuthDriver {
  readonly library: DemoState['library'];
  /** Restore a session left in storage by a previous page load; resolves to the user or null. */
  restore(): Promise<string | null>;
  signIn(username: string, password: string): Promise<SignInStep>;
  confirmMfa(code: string): Promise<SignInStep>;
  signOut(): Promise<void>;
  refresh(): Promise<void>;
  listDevices(): Promise<DemoDevice[]>;
  rememberDevice(): Promise<void>;
  forgetDevice(deviceKey?: string): Promise<void>;
}

export type SignInStep =
  | { step: 'mfa' }
  | { step: 'done'; user: string; deviceConfirmationNecessary: boolean | null };
