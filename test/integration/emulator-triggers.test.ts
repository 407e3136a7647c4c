// PreTokenGeneration and PostAuthentication run on every flow that issues tokens, with the trigger
// source AWS names for it: sign-in, sign-in with a remembered device, refresh.

import { resolve } from 'node:path';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  answerDeviceChallenge,
  authResult,
  cognitoError,
  confirmDevice,
  EmulatorClient,
  type ReplyOf,
  signInTokens,
  srpSignIn,
} from '../support/emulator-client.ts';
import { useSeededEmulator } from '../support/emulator-fixture.ts';

const POOL = 'us-east-1_Triggers1';
const CLIENT = 'triggersclient000000000001';
const PASSWORD = 'Correct-Horse-9';
const CLAIMS_MODULE = resolve(import.meta.dirname, '../fixtures/triggers/claims.mjs');

let c: EmulatorClient;

const emu = useSeededEmulator([
  {
    Id: POOL,
    PoolName: 'triggers',
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
    LambdaConfig: { PreTokenGeneration: CLAIMS_MODULE, PostAuthentication: CLAIMS_MODULE },
    Clients: [
      {
        ClientId: CLIENT,
        ClientName: 'web',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      },
    ],
    Users: [
      { Username: 'ana', Password: PASSWORD, Attributes: { phone_number: '+15555550101' } },
      { Username: 'blocked', Password: PASSWORD },
    ],
  },
]);

beforeAll(async () => {
  c = new EmulatorClient(emu.url);
});

const idClaims = (reply: ReplyOf<'InitiateAuth'> | ReplyOf<'RespondToAuthChallenge'>) =>
  decodeJwt(authResult(reply).IdToken);

describe('token triggers', () => {
  it('names the trigger source of sign-in, device sign-in and refresh, and passes ClientMetadata', async () => {
    const first = await c.call('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: CLIENT,
      AuthParameters: { USERNAME: 'ana', PASSWORD },
      ClientMetadata: { app: 'shop' },
    });
    expect(idClaims(first)).toMatchObject({
      trigger_source: 'TokenGeneration_Authentication',
      client_metadata: '{"app":"shop"}',
    });
    expect(idClaims(first).phone_number).toBeUndefined();
    const device = await confirmDevice(c, authResult(first).AccessToken, authResult(first).NewDeviceMetadata);

    const challenge = await srpSignIn(c, POOL, CLIENT, 'ana', PASSWORD, device.deviceKey);
    expect(challenge.ChallengeName).toBe('DEVICE_SRP_AUTH');
    const withDevice = await answerDeviceChallenge(c, CLIENT, challenge.Session, 'ana', device);
    expect(idClaims(withDevice).trigger_source).toBe('TokenGeneration_AuthenticateDevice');

    const refreshed = await c.call('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: CLIENT,
      AuthParameters: {
        REFRESH_TOKEN: signInTokens(withDevice).RefreshToken,
        DEVICE_KEY: device.deviceKey,
      },
      ClientMetadata: { app: 'refresh' },
    });
    expect(idClaims(refreshed)).toMatchObject({
      trigger_source: 'TokenGeneration_RefreshTokens',
      client_metadata: '{"app":"refresh"}',
    });
  });

  it('a PostAuthentication that throws fails the sign-in with AWS error type and message', async () => {
    expect(
      await cognitoError(() =>
        c.call('InitiateAuth', {
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: CLIENT,
          AuthParameters: { USERNAME: 'blocked', PASSWORD },
        }),
      ),
    ).toEqual({
      name: 'UserLambdaValidationException',
      message: 'PostAuthentication failed with error account under review.',
    });
  });
});
