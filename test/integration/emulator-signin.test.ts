import { createHmac } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../emulator/index.ts';
import { formatTimestamp } from '../../src/srp/index.ts';
import {
  authResult,
  challengeParameters,
  cognitoError,
  EmulatorClient,
  passwordVerifierResponses,
  type RequestOf,
  signInTokens,
  srpSignIn,
  startSrp,
} from '../support/emulator-client.ts';

const POOL = 'us-east-1_SignIn1';
const EMAIL_POOL = 'us-east-1_EmailPool';
const SECRET = 'topsecretclientsecret0123456789abcdefghijklmnopqrs';
let clock = Date.now();
let emu: RunningEmulator;
let c: EmulatorClient;

beforeAll(async () => {
  emu = await startEmulator({
    quiet: true,
    now: () => clock,
    timestampSkewSeconds: 300,
    seed: {
      pools: [
        {
          Id: POOL,
          PoolName: 'signin',
          AliasAttributes: ['email'],
          Clients: [
            {
              ClientId: 'plainclient',
              ClientName: 'plain',
              ExplicitAuthFlows: [
                'ALLOW_USER_SRP_AUTH',
                'ALLOW_USER_PASSWORD_AUTH',
                'ALLOW_REFRESH_TOKEN_AUTH',
              ],
            },
            { ClientId: 'secretclient', ClientName: 'secret', ClientSecret: SECRET },
            { ClientId: 'srponly', ClientName: 'srp only' },
          ],
          Users: [
            { Username: 'ada', Password: 'Passw0rd!', Attributes: { email: 'ada@example.com' } },
            { Username: 'bob', Password: 'Hunter2!x' },
          ],
        },
        {
          Id: EMAIL_POOL,
          PoolName: 'emails',
          UsernameAttributes: ['email'],
          Clients: [{ ClientId: 'emailclient', ClientName: 'web' }],
          Users: [{ Username: 'grace@example.com', Password: 'Passw0rd!' }],
        },
      ],
    },
  });
  c = new EmulatorClient(emu.url);
});

afterAll(() => emu.close());
beforeEach(() => {
  clock = Date.now();
});

const secretHash = (username: string, clientId: string): string =>
  createHmac('sha256', SECRET)
    .update(username + clientId)
    .digest('base64');

describe('USER_SRP_AUTH', () => {
  it('signs in with the right password; tokens are RS256, verifiable with the pool JWKS, with Cognito claims', async () => {
    const out = await srpSignIn(c, POOL, 'plainclient', 'ada', 'Passw0rd!');
    const result = authResult(out);
    expect(result.TokenType).toBe('Bearer');
    expect(result.ExpiresIn).toBe(3600);
    expect(result.NewDeviceMetadata).toBeUndefined(); // this pool does not track devices
    const jwks = createRemoteJWKSet(new URL(`${emu.url}/${POOL}/.well-known/jwks.json`));
    const iss = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;
    const access = await jwtVerify(result.AccessToken, jwks, { issuer: iss });
    expect(access.protectedHeader.alg).toBe('RS256');
    expect(access.payload).toMatchObject({ token_use: 'access', client_id: 'plainclient', username: 'ada' });
    const id = await jwtVerify(result.IdToken, jwks, { issuer: iss, audience: 'plainclient' });
    expect(id.payload).toMatchObject({
      token_use: 'id',
      'cognito:username': 'ada',
      email: 'ada@example.com',
    });
    expect(id.payload.origin_jti).toBe(access.payload.origin_jti);
    expect(id.payload.sub).toBe(access.payload.sub);
  });

  it('rejects a wrong password with "Incorrect username or password."', async () => {
    expect(await cognitoError(() => srpSignIn(c, POOL, 'plainclient', 'ada', 'wrong-Passw0rd!'))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('resolves a verified email alias to the canonical username (USER_ID_FOR_SRP)', async () => {
    const start = await startSrp(c, 'plainclient', 'ada@example.com');
    expect(challengeParameters(start.challenge).USER_ID_FOR_SRP).toBe('ada');
    const out = await srpSignIn(c, POOL, 'plainclient', 'ada@example.com', 'Passw0rd!');
    expect(authResult(out).AccessToken).toBeTruthy();
  });

  it('uses the sub UUID as canonical username in pools with UsernameAttributes', async () => {
    const start = await startSrp(c, 'emailclient', 'grace@example.com');
    const id = challengeParameters(start.challenge).USER_ID_FOR_SRP;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const out = await srpSignIn(c, EMAIL_POOL, 'emailclient', 'grace@example.com', 'Passw0rd!');
    const user = await c.call('GetUser', { AccessToken: authResult(out).AccessToken });
    expect(user.Username).toBe(id);
    expect(user.UserAttributes).toContainEqual({ Name: 'sub', Value: id });
  });

  it('answers an unknown user with UserNotFoundException (LEGACY clients)', async () => {
    expect((await cognitoError(() => startSrp(c, 'plainclient', 'nobody'))).name).toBe(
      'UserNotFoundException',
    );
  });
});

describe('sessions', () => {
  it('are single-use', async () => {
    const start = await startSrp(c, 'plainclient', 'ada');
    const responses = await passwordVerifierResponses(POOL, start, 'Passw0rd!');
    const body: RequestOf<'RespondToAuthChallenge'> = {
      ClientId: 'plainclient',
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: start.challenge.Session,
      ChallengeResponses: responses,
    };
    await c.call('RespondToAuthChallenge', body);
    expect(await cognitoError(() => c.call('RespondToAuthChallenge', body))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user, session can only be used once.',
    });
  });

  it("expire after the client's AuthSessionValidity (3 minutes by default)", async () => {
    const start = await startSrp(c, 'plainclient', 'ada');
    const responses = await passwordVerifierResponses(POOL, start, 'Passw0rd!');
    clock += 3 * 60_000 + 1000;
    expect(
      await cognitoError(() =>
        c.call('RespondToAuthChallenge', {
          ClientId: 'plainclient',
          ChallengeName: 'PASSWORD_VERIFIER',
          Session: start.challenge.Session,
          ChallengeResponses: responses,
        }),
      ),
    ).toEqual({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });
  });

  it('are bound to the app client that started them', async () => {
    const start = await startSrp(c, 'plainclient', 'ada');
    const responses = await passwordVerifierResponses(POOL, start, 'Passw0rd!');
    const err = await cognitoError(() =>
      c.call('RespondToAuthChallenge', {
        ClientId: 'srponly',
        ChallengeName: 'PASSWORD_VERIFIER',
        Session: start.challenge.Session,
        ChallengeResponses: responses,
      }),
    );
    expect(err.name).toBe('NotAuthorizedException');
  });
});

describe('TIMESTAMP', () => {
  async function answerWith(timestamp: string) {
    const start = await startSrp(c, 'plainclient', 'ada');
    const responses = await passwordVerifierResponses(POOL, start, 'Passw0rd!', { timestamp });
    return cognitoError(() =>
      c.call('RespondToAuthChallenge', {
        ClientId: 'plainclient',
        ChallengeName: 'PASSWORD_VERIFIER',
        Session: start.challenge.Session,
        ChallengeResponses: responses,
      }),
    );
  }

  it('that is unparsable is an InvalidParameterException', async () => {
    expect(await answerWith('2025-01-07T09:07:03Z')).toEqual({
      name: 'InvalidParameterException',
      message: 'TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.',
    });
  });

  it('with a zero-padded day fails like a bad signature, even when correctly signed', async () => {
    clock = Date.UTC(2025, 8, 5, 9, 7, 3); // Fri Sep 5 2025
    expect(await answerWith('Fri Sep 05 09:07:03 UTC 2025')).toEqual({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('with a wrong weekday fails like a bad signature', async () => {
    clock = Date.UTC(2025, 8, 5, 9, 7, 3);
    expect((await answerWith('Mon Sep 5 09:07:03 UTC 2025')).name).toBe('NotAuthorizedException');
  });

  it('outside the skew tolerance is refused, inside it is accepted', async () => {
    clock = Date.UTC(2025, 8, 5, 9, 7, 3);
    expect((await answerWith(formatTimestamp(new Date(clock - 301_000)))).name).toBe(
      'NotAuthorizedException',
    );
    const start = await startSrp(c, 'plainclient', 'ada');
    const responses = await passwordVerifierResponses(POOL, start, 'Passw0rd!', {
      timestamp: formatTimestamp(new Date(clock - 290_000)),
    });
    const out = await c.call('RespondToAuthChallenge', {
      ClientId: 'plainclient',
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: start.challenge.Session,
      ChallengeResponses: responses,
    });
    expect(out.AuthenticationResult).toBeDefined();
  });
});

describe('SECRET_HASH', () => {
  it('is required for a client with a secret', async () => {
    expect(await cognitoError(() => startSrp(c, 'secretclient', 'ada'))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Client secretclient is configured for secret but secret was not received',
    });
  });

  it('must match HMAC(secret, username + clientId)', async () => {
    expect(
      await cognitoError(() =>
        startSrp(c, 'secretclient', 'ada', { SECRET_HASH: secretHash('bob', 'secretclient') }),
      ),
    ).toEqual({
      name: 'NotAuthorizedException',
      message: 'Unable to verify secret hash for client secretclient',
    });
  });

  it('lets the whole sign-in through when right', async () => {
    const start = await startSrp(c, 'secretclient', 'ada', {
      SECRET_HASH: secretHash('ada', 'secretclient'),
    });
    const responses = await passwordVerifierResponses(POOL, start, 'Passw0rd!');
    const out = await c.call('RespondToAuthChallenge', {
      ClientId: 'secretclient',
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: start.challenge.Session,
      ChallengeResponses: { ...responses, SECRET_HASH: secretHash('ada', 'secretclient') },
    });
    expect(authResult(out).RefreshToken).toBeTruthy();
  });
});

describe('USER_PASSWORD_AUTH and refresh', () => {
  it('signs in with the password when the client allows the flow, and refreshes', async () => {
    const out = await c.call('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: 'plainclient',
      AuthParameters: { USERNAME: 'bob', PASSWORD: 'Hunter2!x' },
    });
    const refreshed = await c.call('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: 'plainclient',
      AuthParameters: { REFRESH_TOKEN: signInTokens(out).RefreshToken },
    });
    expect(authResult(refreshed).AccessToken).toBeTruthy();
    expect(authResult(refreshed).RefreshToken).toBeUndefined();
    const viaGet = await c.call('GetTokensFromRefreshToken', {
      ClientId: 'plainclient',
      RefreshToken: authResult(out).RefreshToken,
    });
    expect(authResult(viaGet).IdToken).toBeTruthy();
  });

  it('is refused when the client does not allow it', async () => {
    expect(
      await cognitoError(() =>
        c.call('InitiateAuth', {
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: 'srponly',
          AuthParameters: { USERNAME: 'bob', PASSWORD: 'Hunter2!x' },
        }),
      ),
    ).toEqual({
      name: 'InvalidParameterException',
      message: 'USER_PASSWORD_AUTH flow not enabled for this client',
    });
  });

  it('GlobalSignOut revokes the refresh token and the access token', async () => {
    const out = await c.call('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: 'plainclient',
      AuthParameters: { USERNAME: 'bob', PASSWORD: 'Hunter2!x' },
    });
    await c.call('GlobalSignOut', { AccessToken: authResult(out).AccessToken });
    expect(await cognitoError(() => c.call('GetUser', { AccessToken: authResult(out).AccessToken }))).toEqual(
      {
        name: 'NotAuthorizedException',
        message: 'Access Token has been revoked',
      },
    );
    const err = await cognitoError(() =>
      c.call('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: 'plainclient',
        AuthParameters: { REFRESH_TOKEN: signInTokens(out).RefreshToken },
      }),
    );
    expect(err.name).toBe('NotAuthorizedException');
  });

  it('an expired access token is refused', async () => {
    const out = await c.call('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: 'plainclient',
      AuthParameters: { USERNAME: 'bob', PASSWORD: 'Hunter2!x' },
    });
    clock += 3601_000;
    expect(await cognitoError(() => c.call('GetUser', { AccessToken: authResult(out).AccessToken }))).toEqual(
      {
        name: 'NotAuthorizedException',
        message: 'Access Token has expired',
      },
    );
  });
});
