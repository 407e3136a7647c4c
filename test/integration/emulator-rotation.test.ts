// Refresh-token rotation and the device-key rules on refresh, driven with the AWS SDK (the client that
// has GetTokensFromRefreshToken) and amazon-cognito-identity-js's refreshSession (REFRESH_TOKEN_AUTH with
// DEVICE_KEY: null when it has no device), against the emulator over loopback HTTP.
import {
  CreateUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  InvalidParameterException,
  NotAuthorizedException,
  RefreshTokenReuseException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CognitoUserSession } from 'amazon-cognito-identity-js';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { acijUser, signInWithPassword } from '../support/acij-node.ts';
import { MemoryStorage, recordCognitoTraffic } from '../support/cognito-fixtures.ts';
import {
  authResult,
  confirmDevice,
  EmulatorClient,
  signInTokens,
  srpSignIn,
  wireError,
} from '../support/emulator-client.ts';
import { failure, useSeededEmulator } from '../support/emulator-fixture.ts';

const POOL_ID = 'us-east-1_Rotation';
const ROTATING = 'rotatingclient00000000000001';
const NO_GRACE = 'rotatingclient00000000000002';
const PLAIN = 'plainclient000000000000000001';
const PLAIN_POOL = 'us-east-1_RotationPlain';
const PLAIN_POOL_CLIENT = 'plainclient000000000000000002';
const PASSWORD = 'Correct-Horse-9';

let c: EmulatorClient;

const emu = useSeededEmulator([
  {
    Id: POOL_ID,
    PoolName: 'rotation',
    MfaConfiguration: 'OFF',
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
    Clients: [
      {
        ClientId: ROTATING,
        ClientName: 'rotating',
        // AWS: a rotating client leaves REFRESH_TOKEN_AUTH out and refreshes with GetTokensFromRefreshToken.
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'],
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 },
      },
      {
        ClientId: NO_GRACE,
        ClientName: 'no-grace',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        RefreshTokenRotation: { Feature: 'ENABLED' },
      },
      {
        ClientId: PLAIN,
        ClientName: 'plain',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      },
    ],
    Users: ['ada', 'bob', 'cyd', 'dan'].map((u) => ({ Username: u, Password: PASSWORD })),
  },
  {
    Id: PLAIN_POOL,
    PoolName: 'no-devices',
    MfaConfiguration: 'OFF',
    Clients: [
      {
        ClientId: PLAIN_POOL_CLIENT,
        ClientName: 'web',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      },
    ],
    Users: [{ Username: 'eve', Password: PASSWORD }],
  },
]);

beforeAll(async () => {
  c = new EmulatorClient(emu.url);
});

/** Signs in with SRP and confirms the new device; returns the tokens and the device key. */
async function signInWithDevice(clientId: string, username: string) {
  const out = await srpSignIn(c, POOL_ID, clientId, username, PASSWORD);
  const tokens = signInTokens(out);
  const device = await confirmDevice(c, tokens.AccessToken, tokens.NewDeviceMetadata);
  return { refreshToken: tokens.RefreshToken as string, deviceKey: device.deviceKey };
}

const refresh = (clientId: string, RefreshToken: string, DeviceKey?: string) =>
  emu.sdk.send(
    new GetTokensFromRefreshTokenCommand({
      ClientId: clientId,
      RefreshToken,
      ...(DeviceKey ? { DeviceKey } : {}),
    }),
  );

describe('app client RefreshTokenRotation', () => {
  it('is stored and described as given; bad values are refused', async () => {
    const described = await emu.sdk.send(
      new DescribeUserPoolClientCommand({ UserPoolId: POOL_ID, ClientId: ROTATING }),
    );
    expect(described.UserPoolClient?.RefreshTokenRotation).toEqual({
      Feature: 'ENABLED',
      RetryGracePeriodSeconds: 10,
    });
    const noGrace = await emu.sdk.send(
      new DescribeUserPoolClientCommand({ UserPoolId: POOL_ID, ClientId: NO_GRACE }),
    );
    expect(noGrace.UserPoolClient?.RefreshTokenRotation).toEqual({
      Feature: 'ENABLED',
      RetryGracePeriodSeconds: 0,
    });

    const tooLong = await failure(
      emu.sdk.send(
        new CreateUserPoolClientCommand({
          UserPoolId: POOL_ID,
          ClientName: 'bad',
          RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 61 },
        }),
      ),
    );
    expect(tooLong).toBeInstanceOf(InvalidParameterException);
    const badFeature = await c.raw('CreateUserPoolClient', {
      UserPoolId: POOL_ID,
      ClientName: 'bad',
      RefreshTokenRotation: { Feature: 'SOMETIMES' },
    });
    expect(wireError(badFeature).type).toBe('InvalidParameterException');
  });
});

describe('GetTokensFromRefreshToken on a rotating client', () => {
  it('answers a new refresh token bound to the same device; the old one lives only for the grace period', async () => {
    const { refreshToken, deviceKey } = await signInWithDevice(ROTATING, 'ada');
    const first = await refresh(ROTATING, refreshToken, deviceKey);
    const rotated = first.AuthenticationResult?.RefreshToken;
    expect(rotated).toBeTruthy();
    expect(rotated).not.toBe(refreshToken);
    expect(decodeJwt(first.AuthenticationResult!.AccessToken!).device_key).toBe(deviceKey);

    // The replacement is bound to the device too: refused without its key, works with it.
    const noKey = await failure(refresh(ROTATING, rotated!));
    expect(noKey).toBeInstanceOf(NotAuthorizedException);
    expect(noKey.message).toBe('Invalid Refresh Token');
    const second = await refresh(ROTATING, rotated!, deviceKey);
    expect(decodeJwt(second.AuthenticationResult!.AccessToken!).device_key).toBe(deviceKey);
    expect(second.AuthenticationResult?.RefreshToken).not.toBe(rotated);

    // Within the 10 s grace the original still works (a client retrying a lost answer)...
    emu.clock.advance(5_000);
    const retry = await refresh(ROTATING, refreshToken, deviceKey);
    expect(retry.AuthenticationResult?.RefreshToken).toBeTruthy();
    // ...and not after it.
    emu.clock.advance(6_000);
    const reused = await failure(refresh(ROTATING, refreshToken, deviceKey));
    expect(reused).toBeInstanceOf(RefreshTokenReuseException);
  });

  it('with RetryGracePeriodSeconds 0 the submitted token dies with the request that rotates it', async () => {
    const { refreshToken, deviceKey } = await signInWithDevice(NO_GRACE, 'bob');
    await refresh(NO_GRACE, refreshToken, deviceKey);
    expect(await failure(refresh(NO_GRACE, refreshToken, deviceKey))).toBeInstanceOf(
      RefreshTokenReuseException,
    );
  });

  it('refuses REFRESH_TOKEN_AUTH even when the client lists ALLOW_REFRESH_TOKEN_AUTH', async () => {
    const { refreshToken, deviceKey } = await signInWithDevice(NO_GRACE, 'cyd');
    const refused = await failure(
      emu.sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: NO_GRACE,
          AuthParameters: { REFRESH_TOKEN: refreshToken, DEVICE_KEY: deviceKey },
        }),
      ),
    );
    expect(refused).toBeInstanceOf(NotAuthorizedException);
    expect(refused.message).toMatch(/GetTokensFromRefreshToken/);
    // The refusal did not spend the token.
    expect(
      (await refresh(NO_GRACE, refreshToken, deviceKey)).AuthenticationResult?.RefreshToken,
    ).toBeTruthy();
  });
});

describe('amazon-cognito-identity-js on a rotating client', () => {
  it('refreshSession (REFRESH_TOKEN_AUTH) is refused with NotAuthorizedException naming GetTokensFromRefreshToken', async () => {
    const storage = new MemoryStorage();
    const user = acijUser(emu.url, POOL_ID, ROTATING, 'ada', storage);
    const session = await signInWithPassword(user, PASSWORD);
    const err = await new Promise<{ code?: string; message?: string }>((resolve, reject) =>
      user.refreshSession(session.getRefreshToken(), (e: { code?: string; message?: string } | null) =>
        e ? resolve(e) : reject(new Error('refreshSession succeeded on a rotating client')),
      ),
    );
    expect(err.code).toBe('NotAuthorizedException');
    expect(err.message).toMatch(/GetTokensFromRefreshToken/);
  });
});

describe('refresh on a client without rotation', () => {
  it('answers no refresh token, and the device rules apply to both refresh operations', async () => {
    const { refreshToken, deviceKey } = await signInWithDevice(PLAIN, 'dan');
    const viaGet = await refresh(PLAIN, refreshToken, deviceKey);
    expect(viaGet.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(viaGet.AuthenticationResult?.RefreshToken).toBeUndefined();
    // DeviceKey / DEVICE_KEY missing or JSON null: the confirmed device's token is refused.
    const nullKey = await c.raw('GetTokensFromRefreshToken', {
      ClientId: PLAIN,
      RefreshToken: refreshToken,
      DeviceKey: null,
    });
    expect(nullKey.body).toEqual({ __type: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
    const nullParam = await c.raw('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: PLAIN,
      AuthParameters: { REFRESH_TOKEN: refreshToken, DEVICE_KEY: null },
    });
    expect(nullParam.body).toEqual({ __type: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
    const viaInitiate = await c.call('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: PLAIN,
      AuthParameters: { REFRESH_TOKEN: refreshToken, DEVICE_KEY: deviceKey },
    });
    expect(authResult(viaInitiate).RefreshToken).toBeUndefined();
    // Two refreshes later the original still works: nothing rotated.
    expect((await refresh(PLAIN, refreshToken, deviceKey)).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("amazon-cognito-identity-js's refreshSession (DEVICE_KEY: null, no device) refreshes in a pool without devices", async () => {
    const storage = new MemoryStorage();
    const user = acijUser(emu.url, PLAIN_POOL, PLAIN_POOL_CLIENT, 'eve', storage);
    const session = await signInWithPassword(user, PASSWORD);
    const traffic = recordCognitoTraffic();
    try {
      const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
        user.refreshSession(session.getRefreshToken(), (err: unknown, s: CognitoUserSession) =>
          err ? reject(err) : resolve(s),
        ),
      );
      const call = traffic.exchanges.find((e) => e.operation === 'InitiateAuth');
      expect(call?.request.AuthParameters).toHaveProperty('DEVICE_KEY', null);
      expect(call?.status).toBe(200);
      expect(refreshed.isValid()).toBe(true);
    } finally {
      traffic.stop();
    }
  });
});
