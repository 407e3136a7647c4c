// Conformance site on amazon-cognito-identity-js, loaded from the library's own browser bundle
// (dist/amazon-cognito-identity.min.js, the AmazonCognitoIdentity global) as script-tag sites use it.
import type * as Acij from 'amazon-cognito-identity-js';
import type { ConformanceSiteConfig, ConformanceStep } from '../shared/contract.ts';
import { asError, type ClientDriver, startConformancePage, tokenId } from '../shared/page.ts';

declare global {
  interface Window {
    AmazonCognitoIdentity: typeof Acij;
  }
}

/** The runner's flow names → ACIJ's authentication flow types. */
const FLOW_TYPES: Record<string, string> = {
  USER_SRP_AUTH: 'USER_SRP_AUTH',
  USER_PASSWORD_AUTH: 'USER_PASSWORD_AUTH',
  CUSTOM_AUTH: 'CUSTOM_AUTH',
};

function acijDriver(config: ConformanceSiteConfig): ClientDriver {
  const { AuthenticationDetails, CognitoUser, CognitoUserPool } = window.AmazonCognitoIdentity;
  const pool = new CognitoUserPool({
    UserPoolId: config.userPoolId,
    ClientId: config.userPoolClientId,
    endpoint: config.userPoolEndpoint,
  });
  let user: Acij.CognitoUser | null = null;
  /** How the pending step is answered: sendMFACode (with its type) or sendCustomChallengeAnswer. */
  let pending: 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'CUSTOM_CHALLENGE' | null = null;

  const current = (): Acij.CognitoUser => {
    if (!user) throw new Error('not signed in on this page');
    return user;
  };

  function callbacks(
    resolve: (s: ConformanceStep) => void,
    reject: (e: Error) => void,
  ): Acij.IAuthenticationCallback {
    const other = (name: string) => () => resolve({ kind: 'other', name });
    return {
      onSuccess: () => {
        pending = null;
        resolve({ kind: 'done', username: current().getUsername() });
      },
      onFailure: (err) => reject(asError(err)),
      totpRequired: () => {
        pending = 'SOFTWARE_TOKEN_MFA';
        resolve({ kind: 'code', factor: 'TOTP' });
      },
      mfaRequired: () => {
        pending = 'SMS_MFA';
        resolve({ kind: 'code', factor: 'SMS' });
      },
      customChallenge: () => {
        pending = 'CUSTOM_CHALLENGE';
        resolve({ kind: 'custom' });
      },
      selectMFAType: other('SELECT_MFA_TYPE'),
      mfaSetup: other('MFA_SETUP'),
      newPasswordRequired: other('NEW_PASSWORD_REQUIRED'),
    };
  }

  function session(u: Acij.CognitoUser): Promise<Acij.CognitoUserSession> {
    return new Promise((resolve, reject) =>
      u.getSession((err: Error | null, s: Acij.CognitoUserSession | null) =>
        err || !s ? reject(asError(err ?? new Error('no session'))) : resolve(s),
      ),
    );
  }

  const done = (resolve: () => void, reject: (e: Error) => void) => ({
    onSuccess: () => resolve(),
    onFailure: (err: unknown) => reject(asError(err)),
  });

  return {
    signIn(flow, username, password) {
      const flowType = FLOW_TYPES[flow];
      if (!flowType) return Promise.reject(new Error(`acij page: unknown flow ${flow}`));
      user = new CognitoUser({ Username: username, Pool: pool });
      user.setAuthenticationFlowType(flowType);
      const details = new AuthenticationDetails({ Username: username, Password: password });
      return new Promise((resolve, reject) =>
        current().authenticateUser(details, callbacks(resolve, reject)),
      );
    },
    answer(response) {
      const u = current();
      return new Promise((resolve, reject) => {
        if (pending === 'CUSTOM_CHALLENGE') u.sendCustomChallengeAnswer(response, callbacks(resolve, reject));
        else if (pending) u.sendMFACode(response, callbacks(resolve, reject), pending);
        else reject(new Error('nothing to answer'));
      });
    },
    async refresh() {
      const u = current();
      const before = await session(u);
      const after = await new Promise<Acij.CognitoUserSession>((resolve, reject) =>
        u.refreshSession(before.getRefreshToken(), (err: unknown, s: Acij.CognitoUserSession | null) =>
          err || !s ? reject(asError(err ?? new Error('no session'))) : resolve(s),
        ),
      );
      return tokenId(after.getAccessToken().getJwtToken());
    },
    async sessionAfterExpiry() {
      // A page loaded later: a fresh CognitoUser from storage, whose getSession refreshes expired tokens.
      const restored = pool.getCurrentUser();
      if (!restored) throw new Error('no user in storage');
      user = restored;
      return tokenId((await session(restored)).getAccessToken().getJwtToken());
    },
    listDevices() {
      return new Promise((resolve, reject) =>
        current().listDevices(60, null, {
          onSuccess: (data: { Devices?: { DeviceKey?: string }[] }) =>
            resolve((data.Devices ?? []).flatMap((d) => (d.DeviceKey ? [d.DeviceKey] : []))),
          onFailure: (err) => reject(asError(err)),
        }),
      );
    },
    rememberDevice() {
      return new Promise((resolve, reject) => current().setDeviceStatusRemembered(done(resolve, reject)));
    },
    forgetDevice(deviceKey) {
      return new Promise((resolve, reject) =>
        deviceKey
          ? current().forgetSpecificDevice(deviceKey, done(resolve, reject))
          : current().forgetDevice(done(resolve, reject)),
      );
    },
    async signOut(global) {
      const u = user;
      user = null;
      pending = null;
      if (!u) return;
      if (global) await new Promise<void>((resolve, reject) => u.globalSignOut(done(resolve, reject)));
      else u.signOut();
    },
  };
}

startConformancePage('acij', acijDriver);
