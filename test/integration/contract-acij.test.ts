// amazon-cognito-identity-js, unmodified, against the emulator: if AWS's own client can sign in,
// confirm and remember a device, and then skip MFA with DEVICE_SRP_AUTH, the emulator speaks the protocol.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationDetails, type CognitoUser, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { describe, expect, it } from 'vitest';
import { acijUser } from '../support/acij-node.ts';
import {
  ALL_USER_FLOWS,
  MemoryStorage,
  newTotpSecret,
  type RunningEmulator,
  recordCognitoTraffic,
  type SeedPool,
  startSeededEmulator,
  TestClock,
} from '../support/cognito-fixtures.ts';
import { useSeededEmulator } from '../support/emulator-fixture.ts';
import { mfaUser } from '../support/seed-builders.ts';

const ALWAYS_POOL = 'us-east-1_AcijAlways';
const OPT_IN_POOL = 'us-east-1_AcijOptIn';
const CLIENT_ID = 'acijclient0000000000000001';
const OPT_IN_CLIENT_ID = 'acijclient0000000000000002';
const EMAIL_POOL = 'us-east-1_AcijEmail';
const EMAIL_CLIENT_ID = 'acijclient0000000000000003';
const NO_CHALLENGE_POOL = 'us-east-1_AcijNoChallenge';
const NO_CHALLENGE_CLIENT_ID = 'acijclient0000000000000004';
const RESTART_POOL = 'us-east-1_AcijRestart';
const RESTART_CLIENT_ID = 'acijclient0000000000000005';
const PASSWORD = 'Correct-Horse-9';
const USERS = [
  'first',
  'remembered',
  'forget',
  'stale',
  'tamper',
  'refresh',
  'optin',
  'pia@example.com',
  'nochallenge',
  'restart',
] as const;
const secrets = Object.fromEntries(USERS.map((u) => [u, newTotpSecret()])) as Record<
  (typeof USERS)[number],
  string
>;
const user = (name: (typeof USERS)[number]) => mfaUser(name, PASSWORD, secrets[name]);

const emu = useSeededEmulator([
  {
    Id: ALWAYS_POOL,
    PoolName: 'acij-always',
    MfaConfiguration: 'ON',
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
    Clients: [{ ClientId: CLIENT_ID, ClientName: 'web', ExplicitAuthFlows: ALL_USER_FLOWS }],
    Users: (['first', 'remembered', 'forget', 'stale', 'tamper', 'refresh'] as const).map(user),
  },
  {
    Id: OPT_IN_POOL,
    PoolName: 'acij-opt-in',
    MfaConfiguration: 'ON',
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    Clients: [{ ClientId: OPT_IN_CLIENT_ID, ClientName: 'web', ExplicitAuthFlows: ALL_USER_FLOWS }],
    Users: [user('optin')],
  },
  {
    Id: EMAIL_POOL,
    PoolName: 'acij-email',
    MfaConfiguration: 'ON',
    UsernameAttributes: ['email'],
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
    Clients: [{ ClientId: EMAIL_CLIENT_ID, ClientName: 'web', ExplicitAuthFlows: ALL_USER_FLOWS }],
    Users: [user('pia@example.com')],
  },
  {
    Id: NO_CHALLENGE_POOL,
    PoolName: 'acij-no-challenge',
    MfaConfiguration: 'ON',
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false },
    Clients: [{ ClientId: NO_CHALLENGE_CLIENT_ID, ClientName: 'web', ExplicitAuthFlows: ALL_USER_FLOWS }],
    Users: [user('nochallenge')],
  },
]);

/** One browser profile: its own localStorage, shared by every page load (new CognitoUser). */
class Browser {
  readonly storage = new MemoryStorage();
  constructor(
    private readonly poolId: string,
    private readonly clientId: string,
    /** The emulator this browser talks to (the file's shared one unless a test runs its own). */
    readonly server: () => RunningEmulator = () => emu,
  ) {}

  user(username: string): CognitoUser {
    return acijUser(this.server().url, this.poolId, this.clientId, username, this.storage);
  }

  deviceItem(suffix: 'deviceKey' | 'randomPasswordKey' | 'deviceGroupKey'): string | null {
    const key = this.storage.keys().find((k) => k.endsWith(`.${suffix}`));
    return key ? this.storage.getItem(key) : null;
  }
}

interface SignInOutcome {
  user: CognitoUser;
  session: CognitoUserSession;
  userConfirmationNecessary: boolean;
  mfaPrompts: string[];
  challenges: string[];
  operations: string[];
}

/** Signs in the way an app does: authenticateUser, answering a TOTP prompt with a fresh code. */
function signIn(browser: Browser, username: string, existing?: CognitoUser): Promise<SignInOutcome> {
  const user = existing ?? browser.user(username);
  const mfaPrompts: string[] = [];
  const traffic = recordCognitoTraffic();
  return new Promise<SignInOutcome>((resolve, reject) => {
    const fail = (what: string) => () => reject(new Error(`unexpected ${what} prompt`));
    const callbacks = {
      onSuccess: (session: CognitoUserSession, userConfirmationNecessary?: boolean) =>
        resolve({
          user,
          session,
          userConfirmationNecessary: userConfirmationNecessary === true,
          mfaPrompts,
          challenges: traffic.challenges(),
          operations: traffic.exchanges.map((e) => e.operation),
        }),
      onFailure: (err: unknown) => reject(err),
      totpRequired: (challengeName: string) => {
        mfaPrompts.push(challengeName);
        const secret = secrets[username as (typeof USERS)[number]];
        user.sendMFACode(browser.server().totp.code(secret), callbacks, 'SOFTWARE_TOKEN_MFA');
      },
      mfaRequired: fail('SMS'),
      newPasswordRequired: fail('new password'),
      mfaSetup: fail('MFA setup'),
      selectMFAType: fail('MFA type'),
      customChallenge: fail('custom challenge'),
    };
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: PASSWORD }), callbacks);
  }).finally(() => traffic.stop());
}

function callback<T>(run: (cb: { onSuccess: (v: T) => void; onFailure: (e: unknown) => void }) => void) {
  return new Promise<T>((resolve, reject) => run({ onSuccess: resolve, onFailure: reject }));
}

interface AcijDevice {
  DeviceKey: string;
  DeviceAttributes: { Name: string; Value: string }[];
}

function listDevices(user: CognitoUser): Promise<AcijDevice[]> {
  return callback<{ Devices: AcijDevice[] }>((cb) => user.listDevices(60, null, cb)).then((r) => r.Devices);
}

describe('amazon-cognito-identity-js against the emulator (always-remember pool, TOTP required)', () => {
  it('asks for TOTP on the first USER_SRP_AUTH sign-in, then confirms the new device itself', async () => {
    const browser = new Browser(ALWAYS_POOL, CLIENT_ID);
    const first = await signIn(browser, 'first');

    expect(first.mfaPrompts).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(first.challenges).toEqual(['PASSWORD_VERIFIER', 'SOFTWARE_TOKEN_MFA', 'tokens']);
    expect(first.operations).toContain('ConfirmDevice');
    expect(first.userConfirmationNecessary).toBe(false);
    expect(first.session.isValid()).toBe(true);
    expect(first.session.getIdToken().decodePayload()['cognito:username']).toBe('first');

    const deviceKey = browser.deviceItem('deviceKey');
    expect(deviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);
    expect(browser.deviceItem('deviceGroupKey')).toBeTruthy();
    expect(browser.deviceItem('randomPasswordKey')).toBeTruthy();
  });

  it('signs in again without MFA through DEVICE_SRP_AUTH, and lists the remembered device', async () => {
    const browser = new Browser(ALWAYS_POOL, CLIENT_ID);
    await signIn(browser, 'remembered');
    const deviceKey = browser.deviceItem('deviceKey');

    const again = await signIn(browser, 'remembered');
    expect(again.mfaPrompts).toEqual([]);
    expect(again.challenges).toEqual([
      'PASSWORD_VERIFIER',
      'DEVICE_SRP_AUTH',
      'DEVICE_PASSWORD_VERIFIER',
      'tokens',
    ]);
    expect(again.operations).not.toContain('ConfirmDevice');
    expect(browser.deviceItem('deviceKey')).toBe(deviceKey);

    const devices = await listDevices(again.user);
    expect(devices.map((d) => d.DeviceKey)).toEqual([deviceKey]);
    const attrs = Object.fromEntries(devices[0]!.DeviceAttributes.map((a) => [a.Name, a.Value]));
    // ACIJ names the device after navigator.userAgent, which is 'nodejs' outside a browser.
    expect(attrs.device_name).toBe('nodejs');
    expect(attrs['dev:device_remembered_status']).toBe('remembered');

    // ACIJ's typings say getDevice yields a string; it yields GetDevice's response.
    const got = await new Promise<{ Device: AcijDevice & { DeviceLastAuthenticatedDate: number } }>(
      (resolve, reject) =>
        again.user.getDevice({
          onSuccess: (data: unknown) =>
            resolve(data as { Device: AcijDevice & { DeviceLastAuthenticatedDate: number } }),
          onFailure: reject,
        }),
    );
    expect(got.Device.DeviceKey).toBe(deviceKey);
    // Epoch seconds, refreshed by this sign-in.
    expect(Math.abs(got.Device.DeviceLastAuthenticatedDate * 1000 - emu.clock.now())).toBeLessThan(60_000);
  });

  it('a second authenticateUser on the same CognitoUser sends DEVICE_KEY with InitiateAuth and skips MFA', async () => {
    const browser = new Browser(ALWAYS_POOL, CLIENT_ID);
    const first = await signIn(browser, 'remembered');
    const traffic = recordCognitoTraffic();
    try {
      const again = await signIn(browser, 'remembered', first.user);
      const init = traffic.exchanges.find((e) => e.operation === 'InitiateAuth');
      expect((init?.request.AuthParameters as Record<string, string> | undefined)?.DEVICE_KEY).toBe(
        browser.deviceItem('deviceKey'),
      );
      expect(again.mfaPrompts).toEqual([]);
      expect(again.challenges).toEqual([
        'PASSWORD_VERIFIER',
        'DEVICE_SRP_AUTH',
        'DEVICE_PASSWORD_VERIFIER',
        'tokens',
      ]);
    } finally {
      traffic.stop();
    }
  });

  it('after forgetDevice, asks for MFA again and enrolls a different device', async () => {
    const browser = new Browser(ALWAYS_POOL, CLIENT_ID);
    const first = await signIn(browser, 'forget');
    const oldKey = browser.deviceItem('deviceKey');

    await callback<string>((cb) => first.user.forgetDevice(cb));
    expect(browser.deviceItem('deviceKey')).toBeNull();
    expect(await listDevices(first.user)).toEqual([]);

    const again = await signIn(browser, 'forget');
    expect(again.mfaPrompts).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(again.operations).toContain('ConfirmDevice');
    const newKey = browser.deviceItem('deviceKey');
    expect(newKey).toMatch(/^us-east-1_/);
    expect(newKey).not.toBe(oldKey);
  });

  it('a stale device key that the server forgot is dropped and the sign-in falls back to MFA', async () => {
    const browser = new Browser(ALWAYS_POOL, CLIENT_ID);
    await signIn(browser, 'stale');
    const stale = browser.deviceItem('deviceKey');
    // Forgotten from another browser: this one still holds the key.
    const other = await signIn(new Browser(ALWAYS_POOL, CLIENT_ID), 'stale');
    await callback<string>((cb) => other.user.forgetSpecificDevice(stale!, cb));

    const again = await signIn(browser, 'stale');
    expect(again.challenges[0]).toBe('PASSWORD_VERIFIER');
    // ACIJ retries PASSWORD_VERIFIER without DEVICE_KEY after "Device does not exist."
    expect(again.challenges).toContain('error:ResourceNotFoundException');
    expect(again.mfaPrompts).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(browser.deviceItem('deviceKey')).not.toBe(stale);
  });

  it('rejects a tampered device secret with NotAuthorizedException at DEVICE_PASSWORD_VERIFIER', async () => {
    const browser = new Browser(ALWAYS_POOL, CLIENT_ID);
    await signIn(browser, 'tamper');
    const key = browser.storage.keys().find((k) => k.endsWith('.randomPasswordKey'))!;
    const secret = browser.storage.getItem(key)!;
    browser.storage.setItem(key, `tampered-${secret}`);

    const error = await signIn(browser, 'tamper').then(
      () => null,
      (e: unknown) => e as { code?: string; name?: string; message?: string },
    );
    expect(error?.code).toBe('NotAuthorizedException');
    expect(error?.message).toBe('Incorrect username or password.');
  });

  it('refreshes tokens with the device key the sign-in stored', async () => {
    const browser = new Browser(ALWAYS_POOL, CLIENT_ID);
    const first = await signIn(browser, 'refresh');
    const traffic = recordCognitoTraffic();
    try {
      const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
        first.user.refreshSession(first.session.getRefreshToken(), (err: unknown, s: CognitoUserSession) =>
          err ? reject(err) : resolve(s),
        ),
      );
      const call = traffic.exchanges.find((e) => e.operation === 'InitiateAuth');
      expect(call?.request.AuthFlow).toBe('REFRESH_TOKEN_AUTH');
      expect((call?.request.AuthParameters as Record<string, string> | undefined)?.DEVICE_KEY).toBe(
        browser.deviceItem('deviceKey'),
      );
      expect(call?.status).toBe(200);
      expect(refreshed.getAccessToken().getJwtToken()).not.toBe(first.session.getAccessToken().getJwtToken());
      expect(refreshed.getAccessToken().decodePayload().device_key).toBe(browser.deviceItem('deviceKey'));
    } finally {
      traffic.stop();
    }
  });
});

describe('amazon-cognito-identity-js against the emulator (opt-in pool)', () => {
  it('keeps asking for MFA until the app sets the device remembered', async () => {
    const browser = new Browser(OPT_IN_POOL, OPT_IN_CLIENT_ID);
    const first = await signIn(browser, 'optin');
    expect(first.mfaPrompts).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(first.operations).toContain('ConfirmDevice');
    expect(first.userConfirmationNecessary).toBe(true);
    const deviceKey = browser.deviceItem('deviceKey');
    expect(deviceKey).toMatch(/^us-east-1_/);
    // Tracked but not remembered: ListDevices leaves it out.
    expect(await listDevices(first.user)).toEqual([]);

    const second = await signIn(browser, 'optin');
    expect(second.mfaPrompts).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(second.challenges).not.toContain('DEVICE_SRP_AUTH');
    expect(second.operations).not.toContain('ConfirmDevice');
    expect(browser.deviceItem('deviceKey')).toBe(deviceKey);

    await callback<string>((cb) => second.user.setDeviceStatusRemembered(cb));
    expect((await listDevices(second.user)).map((d) => d.DeviceKey)).toEqual([deviceKey]);

    const third = await signIn(browser, 'optin');
    expect(third.mfaPrompts).toEqual([]);
    expect(third.challenges).toEqual([
      'PASSWORD_VERIFIER',
      'DEVICE_SRP_AUTH',
      'DEVICE_PASSWORD_VERIFIER',
      'tokens',
    ]);
  });
});

describe('amazon-cognito-identity-js against the emulator (email as username)', () => {
  it('signs in with the email, keys the device to the UUID username, and skips MFA next time', async () => {
    const browser = new Browser(EMAIL_POOL, EMAIL_CLIENT_ID);
    const first = await signIn(browser, 'pia@example.com');
    expect(first.mfaPrompts).toEqual(['SOFTWARE_TOKEN_MFA']);
    const sub = first.session.getIdToken().decodePayload().sub as string;
    expect(sub).toMatch(/^[0-9a-f-]{36}$/);
    // ACIJ stores the device under USER_ID_FOR_SRP, which Cognito sets to the UUID username.
    expect(browser.storage.keys()).toContain(
      `CognitoIdentityServiceProvider.${EMAIL_CLIENT_ID}.${sub}.deviceKey`,
    );

    const again = await signIn(browser, 'pia@example.com');
    expect(again.mfaPrompts).toEqual([]);
    expect(again.challenges).toEqual([
      'PASSWORD_VERIFIER',
      'DEVICE_SRP_AUTH',
      'DEVICE_PASSWORD_VERIFIER',
      'tokens',
    ]);
  });
});

describe('amazon-cognito-identity-js against the emulator (ChallengeRequiredOnNewDevice: false)', () => {
  it('tracks the device but keeps asking for MFA: only a challenged device can skip it', async () => {
    const browser = new Browser(NO_CHALLENGE_POOL, NO_CHALLENGE_CLIENT_ID);
    const first = await signIn(browser, 'nochallenge');
    expect(first.mfaPrompts).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(first.operations).toContain('ConfirmDevice');
    const deviceKey = browser.deviceItem('deviceKey');
    expect(deviceKey).toMatch(/^us-east-1_/);

    const again = await signIn(browser, 'nochallenge');
    expect(again.mfaPrompts).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(browser.deviceItem('deviceKey')).toBe(deviceKey);
  });
});

describe('amazon-cognito-identity-js against a restarted emulator (dataFile)', () => {
  it('a device remembered before the restart still skips MFA after it, and its refresh token works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acij-restart-'));
    const dataFile = join(dir, 'emulator.sqlite');
    const clock = new TestClock();
    const pool: SeedPool = {
      Id: RESTART_POOL,
      PoolName: 'acij-restart',
      MfaConfiguration: 'ON',
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
      Clients: [{ ClientId: RESTART_CLIENT_ID, ClientName: 'web', ExplicitAuthFlows: ALL_USER_FLOWS }],
      Users: [
        {
          Username: 'restart',
          Password: PASSWORD,
          Attributes: { email: 'restart@example.com' },
          TotpSecret: secrets.restart,
        },
      ],
    };
    let current = await startSeededEmulator([pool], { dataFile, clock });
    try {
      const browser = new Browser(RESTART_POOL, RESTART_CLIENT_ID, () => current);
      const first = await signIn(browser, 'restart');
      expect(first.mfaPrompts).toEqual(['SOFTWARE_TOKEN_MFA']);
      await current.close();

      current = await startSeededEmulator([pool], { dataFile, clock });
      const again = await signIn(browser, 'restart');
      expect(again.mfaPrompts).toEqual([]);
      expect(again.challenges).toEqual([
        'PASSWORD_VERIFIER',
        'DEVICE_SRP_AUTH',
        'DEVICE_PASSWORD_VERIFIER',
        'tokens',
      ]);
      const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
        again.user.refreshSession(first.session.getRefreshToken(), (err: unknown, s: CognitoUserSession) =>
          err ? reject(err) : resolve(s),
        ),
      );
      expect(refreshed.isValid()).toBe(true);
    } finally {
      await current.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
