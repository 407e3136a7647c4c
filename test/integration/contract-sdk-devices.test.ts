// The device protocol driven step by step with @aws-sdk/client-cognito-identity-provider (the wire
// client and error parser AWS ships) and this project's src/srp for the proofs; tokens checked with jose.
import {
  AdminForgetDeviceCommand,
  AdminGetDeviceCommand,
  AdminListDevicesCommand,
  AdminUpdateDeviceStatusCommand,
  type AuthenticationResultType,
  ConfirmDeviceCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  ListDevicesCommand,
  NotAuthorizedException,
  ResourceNotFoundException,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createClientEphemeral, createDeviceVerifier, formatTimestamp } from '../../src/srp/index.ts';
import { ALL_USER_FLOWS, attribute, newTotpSecret } from '../support/cognito-fixtures.ts';
import { failure, useSeededEmulator } from '../support/emulator-fixture.ts';
import { devicePasswordVerifierAnswer, passwordVerifierAnswer } from '../support/srp-answers.ts';

const POOL_ID = 'us-east-1_SdkDevices';
const CLIENT_ID = 'sdkdevicesclient0000000001';
const PASSWORD = 'Correct-Horse-9';
const USERS = ['hana', 'ivan', 'jill', 'kurt', 'lena', 'mona', 'nils'] as const;
type User = (typeof USERS)[number];
const secrets = Object.fromEntries(USERS.map((u) => [u, newTotpSecret()])) as Record<User, string>;
const UNKNOWN_DEVICE = 'us-east-1_00000000-0000-4000-8000-000000000000';

const emu = useSeededEmulator([
  {
    Id: POOL_ID,
    PoolName: 'sdk-devices',
    MfaConfiguration: 'ON',
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
    Clients: [
      { ClientId: CLIENT_ID, ClientName: 'web', ExplicitAuthFlows: ALL_USER_FLOWS, AuthSessionValidity: 3 },
    ],
    Users: USERS.map((u) => ({
      Username: u,
      Password: PASSWORD,
      Attributes: { email: `${u}@example.com`, email_verified: 'true' },
      TotpSecret: secrets[u],
    })),
  },
]);

/** The client's clock, kept on the emulator's (tests move that one forward). */
const timestamp = () => formatTimestamp(new Date(emu.clock.now()));

interface Device {
  deviceKey: string;
  groupKey: string;
  devicePassword: string;
}

/** USER_SRP_AUTH up to the PASSWORD_VERIFIER answer; DEVICE_KEY goes with PASSWORD_VERIFIER (Amplify's way). */
async function startSrp(username: User) {
  const ephemeral = createClientEphemeral();
  const init = await emu.sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: CLIENT_ID,
      AuthParameters: { USERNAME: username, SRP_A: ephemeral.AHex },
    }),
  );
  expect(init.ChallengeName).toBe('PASSWORD_VERIFIER');
  const responses = await passwordVerifierAnswer(
    ephemeral,
    init.ChallengeParameters,
    POOL_ID,
    PASSWORD,
    timestamp(),
  );
  const verify = (deviceKey?: string) =>
    emu.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: CLIENT_ID,
        ChallengeName: 'PASSWORD_VERIFIER',
        Session: init.Session,
        ChallengeResponses: deviceKey ? { ...responses, DEVICE_KEY: deviceKey } : responses,
      }),
    );
  return { init, verify };
}

function answerTotp(username: User, session: string | undefined, deviceKey?: string) {
  return emu.sdk.send(
    new RespondToAuthChallengeCommand({
      ClientId: CLIENT_ID,
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: session,
      ChallengeResponses: {
        USERNAME: username,
        SOFTWARE_TOKEN_MFA_CODE: emu.totp.code(secrets[username]),
        ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}),
      },
    }),
  );
}

/** First sign-in on a new device: password, TOTP, then ConfirmDevice with a fresh verifier. */
async function enroll(username: User): Promise<{ device: Device; tokens: AuthenticationResultType }> {
  const { verify } = await startSrp(username);
  const mfa = await verify();
  expect(mfa.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
  const done = await answerTotp(username, mfa.Session);
  const tokens = done.AuthenticationResult!;
  const meta = tokens.NewDeviceMetadata!;
  expect(meta.DeviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);
  expect(meta.DeviceKey!.length).toBeLessThanOrEqual(55);
  expect(meta.DeviceGroupKey).toBeTruthy();
  const verifier = await createDeviceVerifier(meta.DeviceGroupKey!, meta.DeviceKey!);
  const confirmed = await emu.sdk.send(
    new ConfirmDeviceCommand({
      AccessToken: tokens.AccessToken,
      DeviceKey: meta.DeviceKey,
      DeviceSecretVerifierConfig: verifier.verifierConfig,
      DeviceName: 'contract test device',
    }),
  );
  expect(confirmed.UserConfirmationNecessary).toBe(false);
  return {
    device: {
      deviceKey: meta.DeviceKey!,
      groupKey: meta.DeviceGroupKey!,
      devicePassword: verifier.devicePassword,
    },
    tokens,
  };
}

/** DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER after a DEVICE_SRP_AUTH challenge. */
async function answerDeviceChallenge(username: User, session: string | undefined, device: Device) {
  const ephemeral = createClientEphemeral();
  const challenge = await emu.sdk.send(
    new RespondToAuthChallengeCommand({
      ClientId: CLIENT_ID,
      ChallengeName: 'DEVICE_SRP_AUTH',
      Session: session,
      ChallengeResponses: { USERNAME: username, DEVICE_KEY: device.deviceKey, SRP_A: ephemeral.AHex },
    }),
  );
  expect(challenge.ChallengeName).toBe('DEVICE_PASSWORD_VERIFIER');
  const p = challenge.ChallengeParameters!;
  expect(p.DEVICE_KEY).toBe(device.deviceKey);
  expect(p.USERNAME).toBe(username);
  const answer = await devicePasswordVerifierAnswer(ephemeral, p, device, timestamp());
  return emu.sdk.send(
    new RespondToAuthChallengeCommand({
      ClientId: CLIENT_ID,
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      Session: challenge.Session,
      ChallengeResponses: { ...answer, DEVICE_KEY: device.deviceKey },
    }),
  );
}

async function deviceSignIn(username: User, device: Device): Promise<AuthenticationResultType> {
  const { verify } = await startSrp(username);
  const challenged = await verify(device.deviceKey);
  expect(challenged.ChallengeName).toBe('DEVICE_SRP_AUTH');
  const done = await answerDeviceChallenge(username, challenged.Session, device);
  expect(done.ChallengeName).toBeUndefined();
  return done.AuthenticationResult!;
}

function refresh(refreshToken: string, deviceKey?: string): Promise<InitiateAuthCommandOutput> {
  return emu.sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: CLIENT_ID,
      AuthParameters: { REFRESH_TOKEN: refreshToken, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
    }),
  );
}

describe('device sign-in through the AWS SDK and src/srp', () => {
  it('USER_SRP_AUTH → PASSWORD_VERIFIER → DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER skips MFA', async () => {
    const { device } = await enroll('hana');
    const { init, verify } = await startSrp('hana');
    expect(init.ChallengeParameters?.USER_ID_FOR_SRP).toBe('hana');
    expect(init.ChallengeParameters?.SALT).toMatch(/^[0-9a-f]+$/);
    expect(init.ChallengeParameters?.SRP_B).toMatch(/^[0-9a-f]+$/);
    const challenged = await verify(device.deviceKey);
    expect(challenged.ChallengeName).toBe('DEVICE_SRP_AUTH');
    expect(challenged.Session).toBeTruthy();
    const done = await answerDeviceChallenge('hana', challenged.Session, device);
    const tokens = done.AuthenticationResult!;
    expect(tokens.AccessToken).toBeTruthy();
    expect(tokens.RefreshToken).toBeTruthy();
    expect(tokens.NewDeviceMetadata).toBeUndefined();
    expect(decodeJwt(tokens.AccessToken!).device_key).toBe(device.deviceKey);
  });

  it('a wrong device secret fails DEVICE_PASSWORD_VERIFIER with NotAuthorizedException', async () => {
    const { device } = await enroll('ivan');
    const { verify } = await startSrp('ivan');
    const challenged = await verify(device.deviceKey);
    const err = await failure(
      answerDeviceChallenge('ivan', challenged.Session, {
        ...device,
        devicePassword: `${device.devicePassword}x`,
      }),
    );
    expect(err).toBeInstanceOf(NotAuthorizedException);
    expect(err.message).toBe('Incorrect username or password.');
    expect(err.$metadata?.httpStatusCode).toBe(400);
  });

  it('an unknown device key is ResourceNotFoundException "Device does not exist." and the session survives it', async () => {
    const byAdmin = await failure(
      emu.sdk.send(
        new AdminGetDeviceCommand({ UserPoolId: POOL_ID, Username: 'jill', DeviceKey: UNKNOWN_DEVICE }),
      ),
    );
    expect(byAdmin).toBeInstanceOf(ResourceNotFoundException);
    expect(byAdmin.message).toBe('Device does not exist.');

    const { verify } = await startSrp('jill');
    const err = await failure(verify(UNKNOWN_DEVICE));
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.name).toBe('ResourceNotFoundException');
    expect(err.message).toBe('Device does not exist.');
    // Both official clients resend the same request without DEVICE_KEY; that must work.
    const retried = await verify();
    expect(retried.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
  });

  it('admin device operations: list, get, update status, forget', async () => {
    const { device, tokens } = await enroll('kurt');
    const listed = await emu.sdk.send(new AdminListDevicesCommand({ UserPoolId: POOL_ID, Username: 'kurt' }));
    expect(listed.Devices?.map((d) => d.DeviceKey)).toEqual([device.deviceKey]);

    const got = (
      await emu.sdk.send(
        new AdminGetDeviceCommand({ UserPoolId: POOL_ID, Username: 'kurt', DeviceKey: device.deviceKey }),
      )
    ).Device!;
    expect(got.DeviceKey).toBe(device.deviceKey);
    expect(attribute(got.DeviceAttributes, 'device_name')).toBe('contract test device');
    expect(attribute(got.DeviceAttributes, 'device_status')).toBe('valid');
    expect(attribute(got.DeviceAttributes, 'dev:device_remembered_status')).toBe('remembered');
    expect(got.DeviceCreateDate).toBeInstanceOf(Date);
    expect(Math.abs(got.DeviceCreateDate!.getTime() - Date.now())).toBeLessThan(3_600_000);
    expect(got.DeviceLastModifiedDate).toBeInstanceOf(Date);

    await emu.sdk.send(
      new AdminUpdateDeviceStatusCommand({
        UserPoolId: POOL_ID,
        Username: 'kurt',
        DeviceKey: device.deviceKey,
        DeviceRememberedStatus: 'not_remembered',
      }),
    );
    const mine = await emu.sdk.send(new ListDevicesCommand({ AccessToken: tokens.AccessToken }));
    expect(mine.Devices ?? []).toEqual([]);
    const notRemembered = await (await startSrp('kurt')).verify(device.deviceKey);
    expect(notRemembered.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');

    await emu.sdk.send(
      new AdminUpdateDeviceStatusCommand({
        UserPoolId: POOL_ID,
        Username: 'kurt',
        DeviceKey: device.deviceKey,
        DeviceRememberedStatus: 'remembered',
      }),
    );
    await deviceSignIn('kurt', device);

    await emu.sdk.send(
      new AdminForgetDeviceCommand({ UserPoolId: POOL_ID, Username: 'kurt', DeviceKey: device.deviceKey }),
    );
    const forgotten = await failure(
      emu.sdk.send(
        new AdminGetDeviceCommand({ UserPoolId: POOL_ID, Username: 'kurt', DeviceKey: device.deviceKey }),
      ),
    );
    expect(forgotten).toBeInstanceOf(ResourceNotFoundException);
    const after = await failure((await startSrp('kurt')).verify(device.deviceKey));
    expect(after).toBeInstanceOf(ResourceNotFoundException);
    expect(after.message).toBe('Device does not exist.');
  });

  it('a device-bound refresh token needs its DEVICE_KEY: "Invalid Refresh Token" without it', async () => {
    const { device } = await enroll('lena');
    const tokens = await deviceSignIn('lena', device);
    const refreshToken = tokens.RefreshToken!;

    const without = await failure(refresh(refreshToken));
    expect(without).toBeInstanceOf(NotAuthorizedException);
    expect(without.message).toBe('Invalid Refresh Token');

    const withKey = await refresh(refreshToken, device.deviceKey);
    expect(withKey.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(withKey.AuthenticationResult?.IdToken).toBeTruthy();
    expect(decodeJwt(withKey.AuthenticationResult!.AccessToken!).device_key).toBe(device.deviceKey);

    const newApiWithout = await failure(
      emu.sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: CLIENT_ID, RefreshToken: refreshToken })),
    );
    expect(newApiWithout).toBeInstanceOf(NotAuthorizedException);
    const newApi = await emu.sdk.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: CLIENT_ID,
        RefreshToken: refreshToken,
        DeviceKey: device.deviceKey,
      }),
    );
    expect(newApi.AuthenticationResult?.AccessToken).toBeTruthy();

    // Forgetting the device also invalidates the refresh tokens issued to it.
    await emu.sdk.send(
      new AdminForgetDeviceCommand({ UserPoolId: POOL_ID, Username: 'lena', DeviceKey: device.deviceKey }),
    );
    const afterForget = await failure(refresh(refreshToken, device.deviceKey));
    expect(afterForget).toBeInstanceOf(NotAuthorizedException);
  });

  it('ID and access tokens verify with jose against the pool JWKS, with Cognito claims', async () => {
    const { device } = await enroll('mona');
    const tokens = await deviceSignIn('mona', device);
    const idClaims = decodeJwt(tokens.IdToken!);
    // The issuer AWS would write; the keys come from the emulator's own JWKS route.
    const issuer = `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}`;
    expect(idClaims.iss).toBe(issuer);
    const jwks = createRemoteJWKSet(new URL(`${emu.url}/${POOL_ID}/.well-known/jwks.json`));
    const now = new Date(emu.clock.now());

    const id = await jwtVerify(tokens.IdToken!, jwks, { issuer, audience: CLIENT_ID, currentDate: now });
    expect(id.protectedHeader.alg).toBe('RS256');
    expect(id.protectedHeader.kid).toBeTruthy();
    expect(id.payload.token_use).toBe('id');
    expect(id.payload['cognito:username']).toBe('mona');
    expect(id.payload.email).toBe('mona@example.com');
    expect(id.payload.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(id.payload.exp! - id.payload.iat!).toBe(3600);
    expect(typeof id.payload.auth_time).toBe('number');

    const access = await jwtVerify(tokens.AccessToken!, jwks, { issuer, currentDate: now });
    expect(decodeProtectedHeader(tokens.AccessToken!).kid).toBeTruthy();
    expect(access.payload.token_use).toBe('access');
    expect(access.payload.client_id).toBe(CLIENT_ID);
    expect(access.payload.username).toBe('mona');
    expect(access.payload.sub).toBe(id.payload.sub);
    expect(access.payload.scope).toBe('aws.cognito.signin.user.admin');
    expect(access.payload.device_key).toBe(device.deviceKey);
    expect(access.payload.aud).toBeUndefined();

    const forged = `${tokens.AccessToken!.slice(0, -6)}AAAAAA`;
    await expect(jwtVerify(forged, jwks, { issuer, currentDate: now })).rejects.toThrow();
    const rejected = await failure(emu.sdk.send(new GetUserCommand({ AccessToken: forged })));
    expect(rejected).toBeInstanceOf(NotAuthorizedException);
  });

  it('GlobalSignOut revokes access and refresh tokens; RevokeToken revokes a refresh token', async () => {
    const { device } = await enroll('nils');
    const first = await deviceSignIn('nils', device);
    const me = await emu.sdk.send(new GetUserCommand({ AccessToken: first.AccessToken }));
    expect(me.Username).toBe('nils');

    const second = await deviceSignIn('nils', device);
    await emu.sdk.send(new RevokeTokenCommand({ ClientId: CLIENT_ID, Token: second.RefreshToken }));
    const revoked = await failure(refresh(second.RefreshToken!, device.deviceKey));
    expect(revoked).toBeInstanceOf(NotAuthorizedException);
    expect(revoked.message).toMatch(/Refresh Token has been revoked|Invalid Refresh Token/);
    // Revoking one refresh token leaves the other session alone.
    expect(
      (await refresh(first.RefreshToken!, device.deviceKey)).AuthenticationResult?.AccessToken,
    ).toBeTruthy();

    await emu.sdk.send(new GlobalSignOutCommand({ AccessToken: first.AccessToken }));
    const afterSignOut = await failure(emu.sdk.send(new GetUserCommand({ AccessToken: first.AccessToken })));
    expect(afterSignOut).toBeInstanceOf(NotAuthorizedException);
    expect(afterSignOut.message).toBe('Access Token has been revoked');
    const refreshAfter = await failure(refresh(first.RefreshToken!, device.deviceKey));
    expect(refreshAfter).toBeInstanceOf(NotAuthorizedException);
  });
});

describe('sessions through the AWS SDK', () => {
  it('a challenge session is single-use', async () => {
    const { verify } = await startSrp('jill');
    const mfa = await verify();
    expect(mfa.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const reused = await failure(verify());
    expect(reused).toBeInstanceOf(NotAuthorizedException);
    expect(reused.message).toMatch(/^Invalid session for the user/);

    const done = await answerTotp('jill', mfa.Session);
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
    const again = await failure(answerTotp('jill', mfa.Session));
    expect(again).toBeInstanceOf(NotAuthorizedException);
    expect(again.message).toMatch(/^Invalid session for the user/);
  });

  // Last in the file: it moves the emulator's clock past the 3-minute AuthSessionValidity.
  it('a session older than AuthSessionValidity is "Invalid session for the user, session is expired."', async () => {
    const { verify } = await startSrp('jill');
    const mfa = await verify();
    emu.clock.advance(3 * 60_000 + 5_000);
    const expired = await failure(answerTotp('jill', mfa.Session));
    expect(expired).toBeInstanceOf(NotAuthorizedException);
    expect(expired.message).toBe('Invalid session for the user, session is expired.');
  });
});
