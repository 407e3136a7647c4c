import type { ExplicitAuthFlowsType } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, type SeedPool, startEmulator } from '../../emulator/index.ts';
import { latestOutboxCode } from '../support/cognito-fixtures.ts';
import {
  answerDeviceChallenge,
  authResult,
  cognitoError,
  confirmDevice,
  EmulatorClient,
  present,
  srpSignIn,
  startSrp,
} from '../support/emulator-client.ts';

let emu: RunningEmulator;
let c: EmulatorClient;

const FLOWS: ExplicitAuthFlowsType[] = [
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
];
const emailPool = (id: string, options: SeedPool['EmulatorOptions']): SeedPool => ({
  Id: id,
  PoolName: id,
  MfaConfiguration: 'ON',
  DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
  EmulatorOptions: options,
  Clients: [{ ClientId: `${id.split('_')[1]}client`, ClientName: 'web', ExplicitAuthFlows: FLOWS }],
  Users: [
    { Username: 'ada', Password: 'Passw0rd!', Attributes: { email: 'ada@example.com' }, EmailMfa: true },
  ],
});

beforeAll(async () => {
  emu = await startEmulator({
    quiet: true,
    seed: {
      pools: [
        emailPool('us-east-1_EmailSkip', { emailOtpSuppressedByDevice: true }),
        emailPool('us-east-1_EmailKeep', {}),
        emailPool('us-east-1_NoPwdDev', { userPasswordAuthDeviceTracking: false }),
      ],
    },
  });
  c = new EmulatorClient(emu.url);
});
afterAll(() => emu.close());

const clientOf = (poolId: string) => `${poolId.split('_')[1]}client`;

const lastCode = (poolId: string): Promise<string> => latestOutboxCode(emu.url, poolId, 'ada');

async function enrollWithEmailOtp(poolId: string) {
  const pv = await srpSignIn(c, poolId, clientOf(poolId), 'ada', 'Passw0rd!');
  expect(pv.ChallengeName).toBe('EMAIL_OTP');
  const out = await c.call('RespondToAuthChallenge', {
    ClientId: clientOf(poolId),
    ChallengeName: 'EMAIL_OTP',
    Session: pv.Session,
    ChallengeResponses: { USERNAME: 'ada', EMAIL_OTP_CODE: await lastCode(poolId) },
  });
  return confirmDevice(c, authResult(out).AccessToken, authResult(out).NewDeviceMetadata);
}

describe('EmulatorOptions (behaviours AWS documents only in part)', () => {
  it('emailOtpSuppressedByDevice true: a remembered device skips EMAIL_OTP too', async () => {
    const poolId = 'us-east-1_EmailSkip';
    const device = await enrollWithEmailOtp(poolId);
    const pv = await srpSignIn(c, poolId, clientOf(poolId), 'ada', 'Passw0rd!', device.deviceKey);
    const out = await answerDeviceChallenge(c, clientOf(poolId), pv.Session, 'ada', device);
    expect(out.AuthenticationResult).toBeDefined();
  });

  it('emailOtpSuppressedByDevice (default false): EMAIL_OTP still follows the device challenge', async () => {
    const poolId = 'us-east-1_EmailKeep';
    const device = await enrollWithEmailOtp(poolId);
    const pv = await srpSignIn(c, poolId, clientOf(poolId), 'ada', 'Passw0rd!', device.deviceKey);
    const out = await answerDeviceChallenge(c, clientOf(poolId), pv.Session, 'ada', device);
    expect(out.ChallengeName).toBe('EMAIL_OTP');
  });

  it('userPasswordAuthDeviceTracking false: USER_PASSWORD_AUTH ignores devices and issues none', async () => {
    const poolId = 'us-east-1_NoPwdDev';
    const device = await enrollWithEmailOtp(poolId);
    const out = await c.call('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientOf(poolId),
      AuthParameters: { USERNAME: 'ada', PASSWORD: 'Passw0rd!', DEVICE_KEY: device.deviceKey },
    });
    expect(out.ChallengeName).toBe('EMAIL_OTP');
    const done = await c.call('RespondToAuthChallenge', {
      ClientId: clientOf(poolId),
      ChallengeName: 'EMAIL_OTP',
      Session: out.Session,
      ChallengeResponses: { USERNAME: 'ada', EMAIL_OTP_CODE: await lastCode(poolId) },
    });
    expect(authResult(done).NewDeviceMetadata).toBeUndefined();
  });
});

describe('app client settings', () => {
  it('PreventUserExistenceErrors ENABLED hides unknown users behind "Incorrect username or password."', async () => {
    const pool = await c.call('CreateUserPool', { PoolName: 'hidden' });
    const poolId = present(pool.UserPool?.Id, 'UserPool.Id');
    const client = await c.call('CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'web',
      PreventUserExistenceErrors: 'ENABLED',
      ExplicitAuthFlows: FLOWS,
    });
    const clientId = present(client.UserPoolClient?.ClientId, 'ClientId');
    const start = await startSrp(c, clientId, 'nobody');
    expect(start.challenge.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(await cognitoError(() => srpSignIn(c, poolId, clientId, 'nobody', 'Passw0rd!'))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    expect(
      await cognitoError(() =>
        c.call('InitiateAuth', {
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: clientId,
          AuthParameters: { USERNAME: 'nobody', PASSWORD: 'x' },
        }),
      ),
    ).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('AdminInitiateAuth with ADMIN_USER_PASSWORD_AUTH; disabled users are refused', async () => {
    const poolId = 'us-east-1_EmailSkip';
    const out = await c.call('AdminInitiateAuth', {
      UserPoolId: poolId,
      ClientId: clientOf(poolId),
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'ada', PASSWORD: 'Passw0rd!' },
    });
    expect(out.ChallengeName).toBe('EMAIL_OTP');
    await c.call('AdminDisableUser', { UserPoolId: poolId, Username: 'ada' });
    try {
      expect(await cognitoError(() => srpSignIn(c, poolId, clientOf(poolId), 'ada', 'Passw0rd!'))).toEqual({
        name: 'NotAuthorizedException',
        message: 'User is disabled.',
      });
    } finally {
      await c.call('AdminEnableUser', { UserPoolId: poolId, Username: 'ada' });
    }
  });
});
