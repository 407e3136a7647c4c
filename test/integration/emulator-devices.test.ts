import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, type SeedPool, startEmulator } from '../../emulator/index.ts';
import {
  answerDeviceChallenge,
  authResult,
  cognitoError,
  confirmDevice,
  EmulatorClient,
  passwordVerifierResponses,
  present,
  type RememberedDevice,
  type RequestOf,
  signInTokens,
  srpSignIn,
  startSrp,
} from '../support/emulator-client.ts';
import { totpAt } from '../support/totp.ts';

const TOTP = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let clock = Date.now();
let emu: RunningEmulator;
let c: EmulatorClient;

const pool = (id: string, dc: SeedPool['DeviceConfiguration'], extra: Partial<SeedPool> = {}): SeedPool => ({
  Id: id,
  PoolName: id,
  MfaConfiguration: 'ON',
  ...(dc ? { DeviceConfiguration: dc } : {}),
  Clients: [
    {
      ClientId: `${id.split('_')[1]}client`,
      ClientName: 'web',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    },
  ],
  Users: [
    { Username: 'ada', Password: 'Passw0rd!', TotpSecret: TOTP },
    { Username: 'bob', Password: 'Passw0rd!', TotpSecret: TOTP },
  ],
  ...extra,
});

beforeAll(async () => {
  emu = await startEmulator({
    quiet: true,
    now: () => clock,
    // The test clock runs ahead (a TOTP step per MFA answer) while clients sign with the real time.
    timestampSkewSeconds: 86_400,
    seed: {
      pools: [
        pool('us-east-1_Always', {
          ChallengeRequiredOnNewDevice: true,
          DeviceOnlyRememberedOnUserPrompt: false,
        }),
        pool('us-east-1_OptIn', {
          ChallengeRequiredOnNewDevice: true,
          DeviceOnlyRememberedOnUserPrompt: true,
        }),
        pool('us-east-1_NoSkip', {
          ChallengeRequiredOnNewDevice: false,
          DeviceOnlyRememberedOnUserPrompt: false,
        }),
        pool('us-east-1_NoTrack', undefined),
      ],
    },
  });
  c = new EmulatorClient(emu.url);
});
afterAll(() => emu.close());

const clientOf = (poolId: string) => `${poolId.split('_')[1]}client`;

/** Answers the TOTP challenge; advances the clock a step so each code is fresh (codes are single-use). */
async function answerTotp(
  poolId: string,
  session: string | undefined,
  username: string,
  extra: Record<string, string> = {},
) {
  clock += 30_000;
  return c.call('RespondToAuthChallenge', {
    ClientId: clientOf(poolId),
    ChallengeName: 'SOFTWARE_TOKEN_MFA',
    Session: session,
    ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: totpAt(TOTP, clock), ...extra },
  });
}

/** Password + TOTP sign-in that yields a new device, confirmed with ConfirmDevice. */
async function enroll(poolId: string, username = 'ada') {
  const pv = await srpSignIn(c, poolId, clientOf(poolId), username, 'Passw0rd!');
  expect(pv.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
  const out = await answerTotp(poolId, pv.Session, username);
  const tokens = signInTokens(out);
  const meta = present(tokens.NewDeviceMetadata, 'NewDeviceMetadata');
  expect(meta.DeviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);
  expect(present(meta.DeviceGroupKey, 'DeviceGroupKey').length).toBeLessThan(16);
  const device = await confirmDevice(c, tokens.AccessToken, meta);
  return { device, tokens };
}

describe('device rules (docs/protocol.md#pool-device-settings)', () => {
  it('always remember + challenge required: confirmed device gets DEVICE_SRP_AUTH and skips MFA', async () => {
    const { device } = await enroll('us-east-1_Always');
    expect(device.userConfirmationNecessary).toBe(false);
    const pv = await srpSignIn(
      c,
      'us-east-1_Always',
      clientOf('us-east-1_Always'),
      'ada',
      'Passw0rd!',
      device.deviceKey,
    );
    expect(pv.ChallengeName).toBe('DEVICE_SRP_AUTH');
    const out = await answerDeviceChallenge(c, clientOf('us-east-1_Always'), pv.Session, 'ada', device);
    expect(authResult(out).NewDeviceMetadata).toBeUndefined();
    const claims = JSON.parse(
      Buffer.from(authResult(out).AccessToken.split('.')[1]!, 'base64url').toString(),
    );
    expect(claims.device_key).toBe(device.deviceKey);
  });

  it('a wrong device secret fails DEVICE_PASSWORD_VERIFIER with "Incorrect username or password."', async () => {
    const { device } = await enroll('us-east-1_Always');
    const pv = await srpSignIn(
      c,
      'us-east-1_Always',
      clientOf('us-east-1_Always'),
      'ada',
      'Passw0rd!',
      device.deviceKey,
    );
    const wrong: RememberedDevice = { ...device, devicePassword: 'not-the-device-password' };
    expect(
      await cognitoError(() =>
        answerDeviceChallenge(c, clientOf('us-east-1_Always'), pv.Session, 'ada', wrong),
      ),
    ).toEqual({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('user opt-in: UserConfirmationNecessary, MFA until remembered, then DEVICE_SRP_AUTH', async () => {
    const poolId = 'us-east-1_OptIn';
    const { device, tokens } = await enroll(poolId);
    expect(device.userConfirmationNecessary).toBe(true);
    let pv = await srpSignIn(c, poolId, clientOf(poolId), 'ada', 'Passw0rd!', device.deviceKey);
    expect(pv.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const list = await c.call('ListDevices', { AccessToken: tokens.AccessToken });
    expect(list.Devices).toEqual([]); // not remembered → not listed
    await c.call('UpdateDeviceStatus', {
      AccessToken: tokens.AccessToken,
      DeviceKey: device.deviceKey,
      DeviceRememberedStatus: 'remembered',
    });
    pv = await srpSignIn(c, poolId, clientOf(poolId), 'ada', 'Passw0rd!', device.deviceKey);
    expect(pv.ChallengeName).toBe('DEVICE_SRP_AUTH');
  });

  it('challenge not required: the device is remembered but MFA is still asked, no new device issued', async () => {
    const poolId = 'us-east-1_NoSkip';
    const { device } = await enroll(poolId);
    const pv = await srpSignIn(c, poolId, clientOf(poolId), 'ada', 'Passw0rd!', device.deviceKey);
    expect(pv.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const out = await answerTotp(poolId, pv.Session, 'ada');
    expect(authResult(out).NewDeviceMetadata).toBeUndefined();
  });

  it('a pool without DeviceConfiguration issues no NewDeviceMetadata', async () => {
    const pv = await srpSignIn(c, 'us-east-1_NoTrack', clientOf('us-east-1_NoTrack'), 'ada', 'Passw0rd!');
    const out = await answerTotp('us-east-1_NoTrack', pv.Session, 'ada');
    expect(authResult(out).NewDeviceMetadata).toBeUndefined();
  });
});

describe('device keys the client sends', () => {
  it('an unknown key in InitiateAuth → "Device does not exist."; the same request without it succeeds', async () => {
    const ghost = 'us-east-1_00000000-0000-4000-8000-000000000000';
    expect(
      await cognitoError(() => startSrp(c, clientOf('us-east-1_Always'), 'ada', { DEVICE_KEY: ghost })),
    ).toEqual({
      name: 'ResourceNotFoundException',
      message: 'Device does not exist.',
    });
  });

  it('an unknown key in PASSWORD_VERIFIER (Amplify v6) does not consume the session', async () => {
    const poolId = 'us-east-1_Always';
    const start = await startSrp(c, clientOf(poolId), 'ada');
    const responses = await passwordVerifierResponses(poolId, start, 'Passw0rd!');
    const body: RequestOf<'RespondToAuthChallenge'> = {
      ClientId: clientOf(poolId),
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: start.challenge.Session,
      ChallengeResponses: responses,
    };
    const ghost = 'us-east-1_00000000-0000-4000-8000-000000000000';
    expect(
      await cognitoError(() =>
        c.call('RespondToAuthChallenge', {
          ...body,
          ChallengeResponses: { ...responses, DEVICE_KEY: ghost },
        }),
      ),
    ).toEqual({ name: 'ResourceNotFoundException', message: 'Device does not exist.' });
    const retry = await c.call('RespondToAuthChallenge', body);
    expect(retry.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
  });

  it("another user's device key → InvalidParameterException", async () => {
    const { device } = await enroll('us-east-1_Always', 'bob');
    expect(
      await cognitoError(() =>
        startSrp(c, clientOf('us-east-1_Always'), 'ada', { DEVICE_KEY: device.deviceKey }),
      ),
    ).toEqual({
      name: 'InvalidParameterException',
      message: 'Invalid device key given.',
    });
  });

  it('a forgotten device is unknown at the next sign-in, and its refresh tokens are dead', async () => {
    const poolId = 'us-east-1_Always';
    const { device, tokens } = await enroll(poolId);
    const refresh = () =>
      c.call('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: clientOf(poolId),
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken, DEVICE_KEY: device.deviceKey },
      });
    await refresh();
    await c.call('ForgetDevice', { AccessToken: tokens.AccessToken, DeviceKey: device.deviceKey });
    expect((await cognitoError(refresh)).name).toBe('NotAuthorizedException');
    expect(
      (await cognitoError(() => startSrp(c, clientOf(poolId), 'ada', { DEVICE_KEY: device.deviceKey }))).name,
    ).toBe('ResourceNotFoundException');
  });
});

describe('refresh tokens issued to a device', () => {
  it('need the DEVICE_KEY once the device is confirmed', async () => {
    const poolId = 'us-east-1_Always';
    const { device, tokens } = await enroll(poolId);
    const refresh = (params: Record<string, string>) =>
      c.call('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: clientOf(poolId),
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken, ...params },
      });
    expect(await cognitoError(() => refresh({}))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Invalid Refresh Token',
    });
    const ok = await refresh({ DEVICE_KEY: device.deviceKey });
    expect(authResult(ok).AccessToken).toBeTruthy();
    const viaGet = await c.call('GetTokensFromRefreshToken', {
      ClientId: clientOf(poolId),
      RefreshToken: tokens.RefreshToken,
      DeviceKey: device.deviceKey,
    });
    expect(authResult(viaGet).AccessToken).toBeTruthy();
  });
});

describe('device operations', () => {
  it('GetDevice, ListDevices pagination and attributes, Admin* variants', async () => {
    const poolId = 'us-east-1_Always';
    const first = await enroll(poolId, 'bob');
    await enroll(poolId, 'bob');
    await enroll(poolId, 'bob');
    const token = first.tokens.AccessToken;
    const all = await c.call('ListDevices', { AccessToken: token, Limit: 60 });
    const page1 = await c.call('ListDevices', { AccessToken: token, Limit: 2 });
    expect(page1.Devices).toHaveLength(2);
    expect(page1.PaginationToken).toBeTruthy();
    const page2 = await c.call('ListDevices', {
      AccessToken: token,
      Limit: 2,
      PaginationToken: page1.PaginationToken,
    });
    expect(
      [...present(page1.Devices, 'Devices'), ...present(page2.Devices, 'Devices')].map((d) => d.DeviceKey),
    ).toEqual(present(all.Devices, 'Devices').map((d) => d.DeviceKey));
    expect(await cognitoError(() => c.call('ListDevices', { AccessToken: token, Limit: 61 }))).toMatchObject({
      name: 'InvalidParameterException',
    });
    const got = await c.call('GetDevice', { AccessToken: token, DeviceKey: first.device.deviceKey });
    const gotDevice = present(got.Device, 'Device');
    const attrs = Object.fromEntries(
      present(gotDevice.DeviceAttributes, 'DeviceAttributes').map((a) => [a.Name, a.Value]),
    );
    expect(attrs).toMatchObject({
      device_name: 'Test browser',
      device_status: 'valid',
      last_ip_used: '127.0.0.1',
    });
    expect(typeof gotDevice.DeviceCreateDate).toBe('number');
    expect(gotDevice.DeviceLastAuthenticatedDate).toBeLessThan(Date.now() / 1000 + 86400);
    const admin = await c.call('AdminGetDevice', {
      UserPoolId: poolId,
      Username: 'bob',
      DeviceKey: first.device.deviceKey,
    });
    expect(admin.Device?.DeviceKey).toBe(first.device.deviceKey);
    await c.call('AdminUpdateDeviceStatus', {
      UserPoolId: poolId,
      Username: 'bob',
      DeviceKey: first.device.deviceKey,
      DeviceRememberedStatus: 'not_remembered',
    });
    const adminList = await c.call('AdminListDevices', { UserPoolId: poolId, Username: 'bob' });
    expect(present(adminList.Devices, 'Devices').map((d) => d.DeviceKey)).not.toContain(
      first.device.deviceKey,
    );
    await c.call('AdminForgetDevice', {
      UserPoolId: poolId,
      Username: 'bob',
      DeviceKey: first.device.deviceKey,
    });
    expect(
      await cognitoError(() =>
        c.call('GetDevice', { AccessToken: token, DeviceKey: first.device.deviceKey }),
      ),
    ).toEqual({
      name: 'ResourceNotFoundException',
      message: 'Device does not exist.',
    });
  });

  it('USER_PASSWORD_AUTH tracks devices and may answer DEVICE_SRP_AUTH directly', async () => {
    const poolId = 'us-east-1_Always';
    const { device } = await enroll(poolId);
    const out = await c.call('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientOf(poolId),
      AuthParameters: { USERNAME: 'ada', PASSWORD: 'Passw0rd!', DEVICE_KEY: device.deviceKey },
    });
    expect(out.ChallengeName).toBe('DEVICE_SRP_AUTH');
    const done = await answerDeviceChallenge(c, clientOf(poolId), out.Session, 'ada', device);
    expect(authResult(done).AccessToken).toBeTruthy();
  });
});
