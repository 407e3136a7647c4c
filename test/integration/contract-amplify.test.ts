// aws-amplify v6, unmodified, in Node against the emulator (its own vitest worker, so Amplify's
// global configuration cannot leak into other files).

import { AdminForgetDeviceCommand, AdminListDevicesCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import {
  confirmSignIn,
  fetchAuthSession,
  fetchDevices,
  forgetDevice,
  rememberDevice,
  signIn,
  signOut,
} from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AsyncMemoryStorage, giveNodeANavigator } from '../support/amplify-node.ts';
import {
  ALL_USER_FLOWS,
  newTotpSecret,
  recordCognitoTraffic,
  sdkClient,
} from '../support/cognito-fixtures.ts';
import { useSeededEmulator } from '../support/emulator-fixture.ts';
import { mfaUser } from '../support/seed-builders.ts';

const OPT_IN_POOL = 'us-east-1_AmpOptIn';
const ALWAYS_POOL = 'us-east-1_AmpAlways';
const OPT_IN_CLIENT = 'amplifyclient0000000000001';
const ALWAYS_CLIENT = 'amplifyclient0000000000002';
const EMAIL_POOL = 'us-east-1_AmpEmail';
const EMAIL_CLIENT = 'amplifyclient0000000000003';
const PASSWORD = 'Correct-Horse-9';
const DEVICE_NAME = 'Node.js contract test';
const secrets = { ada: newTotpSecret(), bob: newTotpSecret(), 'cleo@example.com': newTotpSecret() };

giveNodeANavigator(DEVICE_NAME);

const user = (name: keyof typeof secrets) => mfaUser(name, PASSWORD, secrets[name]);

const emu = useSeededEmulator([
  {
    Id: OPT_IN_POOL,
    PoolName: 'amplify-opt-in',
    MfaConfiguration: 'ON',
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    Clients: [{ ClientId: OPT_IN_CLIENT, ClientName: 'web', ExplicitAuthFlows: ALL_USER_FLOWS }],
    Users: [user('ada')],
  },
  {
    Id: ALWAYS_POOL,
    PoolName: 'amplify-always',
    MfaConfiguration: 'ON',
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
    Clients: [{ ClientId: ALWAYS_CLIENT, ClientName: 'web', ExplicitAuthFlows: ALL_USER_FLOWS }],
    Users: [user('bob')],
  },
  {
    Id: EMAIL_POOL,
    PoolName: 'amplify-email',
    MfaConfiguration: 'ON',
    UsernameAttributes: ['email'],
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
    Clients: [{ ClientId: EMAIL_CLIENT, ClientName: 'web', ExplicitAuthFlows: ALL_USER_FLOWS }],
    Users: [user('cleo@example.com')],
  },
]);

// A test that fails mid-way must not leave Amplify signed in for the next one.
afterEach(async () => {
  await signOut();
});

function configure(userPoolId: string, userPoolClientId: string): AsyncMemoryStorage {
  const storage = new AsyncMemoryStorage();
  Amplify.configure({ Auth: { Cognito: { userPoolId, userPoolClientId, userPoolEndpoint: emu.url } } });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
  return storage;
}

/** signIn, answering TOTP prompts with a fresh code, then reports what the client went through. */
async function signInWithTotp(username: keyof typeof secrets) {
  const traffic = recordCognitoTraffic();
  const steps: string[] = [];
  try {
    let out = await signIn({ username, password: PASSWORD });
    while (!out.isSignedIn) {
      steps.push(out.nextStep.signInStep);
      if (out.nextStep.signInStep !== 'CONFIRM_SIGN_IN_WITH_TOTP_CODE') {
        throw new Error(`unexpected step ${out.nextStep.signInStep}`);
      }
      out = await confirmSignIn({ challengeResponse: emu.totp.code(secrets[username]) });
    }
    expect(out.nextStep.signInStep).toBe('DONE');
    return {
      steps,
      challenges: traffic.challenges(),
      operations: traffic.exchanges.map((e) => e.operation),
      exchanges: [...traffic.exchanges],
    };
  } finally {
    traffic.stop();
  }
}

const DEVICE_SIGN_IN = ['PASSWORD_VERIFIER', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER', 'tokens'];

describe('Amplify v6 in Node, opt-in pool: rememberDevice decides when MFA is skipped', () => {
  let storage: AsyncMemoryStorage;
  beforeAll(() => {
    storage = configure(OPT_IN_POOL, OPT_IN_CLIENT);
  });

  it('confirms the new device after TOTP, asks again until rememberDevice, then skips MFA', async () => {
    const first = await signInWithTotp('ada');
    expect(first.steps).toEqual(['CONFIRM_SIGN_IN_WITH_TOTP_CODE']);
    expect(first.challenges).toEqual(['PASSWORD_VERIFIER', 'SOFTWARE_TOKEN_MFA', 'tokens']);
    const confirm = first.exchanges.find((e) => e.operation === 'ConfirmDevice');
    expect(confirm?.status).toBe(200);
    expect(confirm?.response.UserConfirmationNecessary).toBe(true);
    const deviceKey = storage.deviceKey();
    expect(deviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);
    // Not remembered yet, so not listed.
    expect(await fetchDevices()).toEqual([]);
    await signOut();

    const second = await signInWithTotp('ada');
    expect(second.steps).toEqual(['CONFIRM_SIGN_IN_WITH_TOTP_CODE']);
    expect(second.operations).not.toContain('ConfirmDevice');
    // Amplify v6 sends DEVICE_KEY with PASSWORD_VERIFIER, not with InitiateAuth.
    const verifier = second.exchanges.find((e) => e.request.ChallengeName === 'PASSWORD_VERIFIER');
    expect((verifier?.request.ChallengeResponses as Record<string, string> | undefined)?.DEVICE_KEY).toBe(
      deviceKey,
    );

    await rememberDevice();
    const devices = await fetchDevices();
    expect(devices.map((d) => d.id)).toEqual([deviceKey]);
    expect(devices[0]?.name).toBe(DEVICE_NAME);
    expect(devices[0]?.createDate).toBeInstanceOf(Date);
    // Epoch seconds on the wire: a date near now, not in 1970 or year 50000.
    expect(Math.abs(devices[0]!.createDate!.getTime() - Date.now())).toBeLessThan(3_600_000);
    await signOut();

    const third = await signInWithTotp('ada');
    expect(third.steps).toEqual([]);
    expect(third.challenges).toEqual(DEVICE_SIGN_IN);
    await signOut();
  });

  it('forgetDevice drops the device on both sides and brings MFA back', async () => {
    const signedIn = await signInWithTotp('ada');
    expect(signedIn.steps).toEqual([]);
    const deviceKey = storage.deviceKey();

    await forgetDevice();
    expect(storage.deviceKey()).toBeNull();
    expect(await fetchDevices()).toEqual([]);
    await signOut();

    const again = await signInWithTotp('ada');
    expect(again.steps).toEqual(['CONFIRM_SIGN_IN_WITH_TOTP_CODE']);
    expect(again.operations).toContain('ConfirmDevice');
    expect(storage.deviceKey()).not.toBe(deviceKey);
    await signOut();
  });
});

describe('Amplify v6 in Node, always-remember pool', () => {
  let storage: AsyncMemoryStorage;
  beforeAll(() => {
    storage = configure(ALWAYS_POOL, ALWAYS_CLIENT);
  });

  it('skips MFA on the next sign-in without rememberDevice, and refreshes with the device key', async () => {
    const first = await signInWithTotp('bob');
    expect(first.steps).toEqual(['CONFIRM_SIGN_IN_WITH_TOTP_CODE']);
    const confirm = first.exchanges.find((e) => e.operation === 'ConfirmDevice');
    expect(confirm?.response.UserConfirmationNecessary).toBe(false);
    const deviceKey = storage.deviceKey();
    expect((await fetchDevices()).map((d) => d.id)).toEqual([deviceKey]);
    await signOut();

    const again = await signInWithTotp('bob');
    expect(again.steps).toEqual([]);
    expect(again.challenges).toEqual(DEVICE_SIGN_IN);

    const traffic = recordCognitoTraffic();
    try {
      const before = (await fetchAuthSession()).tokens?.accessToken.toString();
      const session = await fetchAuthSession({ forceRefresh: true });
      const refresh = traffic.exchanges.find((e) => e.operation === 'GetTokensFromRefreshToken');
      expect(refresh?.request.DeviceKey).toBe(deviceKey);
      expect(refresh?.status).toBe(200);
      expect(session.tokens?.accessToken.toString()).not.toBe(before);
      expect(session.tokens?.accessToken.payload.device_key).toBe(deviceKey);
    } finally {
      traffic.stop();
    }
    await signOut();
  });

  it('recovers from a device the server no longer knows: retries without it, then MFA', async () => {
    const stale = storage.deviceKey();
    expect(stale).toBeTruthy();
    const admin = sdkClient(emu.url);
    await admin.send(
      new AdminForgetDeviceCommand({ UserPoolId: ALWAYS_POOL, Username: 'bob', DeviceKey: stale! }),
    );

    const again = await signInWithTotp('bob');
    expect(again.challenges).toEqual([
      'PASSWORD_VERIFIER',
      'error:ResourceNotFoundException',
      'SOFTWARE_TOKEN_MFA',
      'tokens',
    ]);
    expect(again.steps).toEqual(['CONFIRM_SIGN_IN_WITH_TOTP_CODE']);
    const fresh = storage.deviceKey();
    expect(fresh).not.toBe(stale);
    const listed = await admin.send(
      new AdminListDevicesCommand({ UserPoolId: ALWAYS_POOL, Username: 'bob' }),
    );
    expect(listed.Devices?.map((d) => d.DeviceKey)).toEqual([fresh]);
    admin.destroy();
    await signOut();
  });
});

describe('Amplify v6 in Node, email as username', () => {
  beforeAll(() => {
    configure(EMAIL_POOL, EMAIL_CLIENT);
  });

  it('signs in with the email and skips MFA on the next sign-in', async () => {
    const first = await signInWithTotp('cleo@example.com');
    expect(first.steps).toEqual(['CONFIRM_SIGN_IN_WITH_TOTP_CODE']);
    const init = first.exchanges.find((e) => e.operation === 'InitiateAuth');
    const userId = (init?.response.ChallengeParameters as Record<string, string> | undefined)
      ?.USER_ID_FOR_SRP;
    expect(userId).toMatch(/^[0-9a-f-]{36}$/);
    await signOut();

    const again = await signInWithTotp('cleo@example.com');
    expect(again.steps).toEqual([]);
    expect(again.challenges).toEqual(DEVICE_SIGN_IN);
  });
});
