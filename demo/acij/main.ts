// Demo site on amazon-cognito-identity-js. The library confirms new devices itself (keys in
// localStorage) and reports UserConfirmationNecessary to the app through onSuccess.
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
  type IAuthenticationCallback,
} from 'amazon-cognito-identity-js';
import type { AuthDriver, DemoDevice, SignInStep, SiteConfig } from '../../dev/demo-sites/contract.ts';
import { startDemoPage } from '../shared/page.ts';

/** ACIJ fails with plain objects ({code, name, message}); give the page real Errors. */
function toError(err: unknown): Error {
  if (err instanceof Error) return err;
  const { name, message } = (err ?? {}) as { name?: unknown; message?: unknown };
  const error = new Error(typeof message === 'string' ? message : String(err));
  if (typeof name === 'string') error.name = name;
  return error;
}

interface CognitoDeviceType {
  DeviceKey: string;
  DeviceAttributes?: { Name: string; Value: string }[];
  DeviceLastAuthenticatedDate?: number;
}

function acijDriver(config: SiteConfig): AuthDriver {
  const pool = new CognitoUserPool({
    UserPoolId: config.userPoolId,
    ClientId: config.userPoolClientId,
    endpoint: config.userPoolEndpoint,
  });
  let user: CognitoUser | null = null;

  function signedIn(): CognitoUser {
    if (!user) throw new Error('not signed in');
    return user;
  }

  /** Callbacks for authenticateUser / sendMFACode, settling one sign-in step. */
  function stepCallbacks(
    resolve: (step: SignInStep) => void,
    reject: (error: Error) => void,
  ): IAuthenticationCallback {
    const unsupported = (what: string) => () => reject(new Error(`this demo does not handle ${what}`));
    return {
      onSuccess: (_session, userConfirmationNecessary) =>
        resolve({
          step: 'done',
          user: signedIn().getUsername(),
          deviceConfirmationNecessary: userConfirmationNecessary ?? null,
        }),
      onFailure: (err) => reject(toError(err)),
      totpRequired: () => resolve({ step: 'mfa' }),
      mfaRequired: unsupported('SMS_MFA'),
      selectMFAType: unsupported('SELECT_MFA_TYPE'),
      mfaSetup: unsupported('MFA_SETUP'),
      newPasswordRequired: unsupported('NEW_PASSWORD_REQUIRED'),
      customChallenge: unsupported('CUSTOM_CHALLENGE'),
    };
  }

  function session(u: CognitoUser): Promise<CognitoUserSession> {
    return new Promise((resolve, reject) =>
      u.getSession((err: Error | null, s: CognitoUserSession | null) =>
        err || !s ? reject(toError(err ?? new Error('no session'))) : resolve(s),
      ),
    );
  }

  const done = (resolve: () => void, reject: (e: Error) => void) => ({
    onSuccess: () => resolve(),
    onFailure: (err: unknown) => reject(toError(err)),
  });

  return {
    library: 'acij',
    async restore() {
      const current = pool.getCurrentUser();
      if (!current) return null;
      try {
        await session(current);
        // A restored user does not load its device: without this, forgetDevice() sends a null key.
        current.getCachedDeviceKeyAndPassword();
        user = current;
        return current.getUsername();
      } catch {
        return null;
      }
    },
    signIn(username, password) {
      user = new CognitoUser({ Username: username, Pool: pool });
      const details = new AuthenticationDetails({ Username: username, Password: password });
      return new Promise((resolve, reject) =>
        signedIn().authenticateUser(details, stepCallbacks(resolve, reject)),
      );
    },
    confirmMfa(code) {
      return new Promise((resolve, reject) =>
        signedIn().sendMFACode(code, stepCallbacks(resolve, reject), 'SOFTWARE_TOKEN_MFA'),
      );
    },
    async signOut() {
      // Local sign-out (no RevokeToken), like most single-page apps do.
      user?.signOut();
      user = null;
    },
    async refresh() {
      const u = signedIn();
      const current = await session(u);
      await new Promise<void>((resolve, reject) =>
        u.refreshSession(current.getRefreshToken(), (err: unknown) =>
          err ? reject(toError(err)) : resolve(),
        ),
      );
    },
    listDevices() {
      return new Promise<DemoDevice[]>((resolve, reject) =>
        signedIn().listDevices(60, null, {
          onSuccess: (data: { Devices?: CognitoDeviceType[] }) =>
            resolve(
              (data.Devices ?? []).map((d) => ({
                key: d.DeviceKey,
                name: d.DeviceAttributes?.find((a) => a.Name === 'device_name')?.Value ?? null,
                lastAuthenticated:
                  d.DeviceLastAuthenticatedDate === undefined
                    ? null
                    : new Date(d.DeviceLastAuthenticatedDate * 1000).toISOString(),
              })),
            ),
          onFailure: (err) => reject(toError(err)),
        }),
      );
    },
    rememberDevice() {
      return new Promise<void>((resolve, reject) =>
        signedIn().setDeviceStatusRemembered(done(resolve, reject)),
      );
    },
    forgetDevice(deviceKey) {
      return new Promise<void>((resolve, reject) =>
        deviceKey
          ? signedIn().forgetSpecificDevice(deviceKey, done(resolve, reject))
          : signedIn().forgetDevice(done(resolve, reject)),
      );
    },
  };
}

startDemoPage('Demo site · amazon-cognito-identity-js', acijDriver);
