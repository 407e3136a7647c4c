// SECRET_HASH over the name Cognito expects at each step, for a user who signs in with an alias:
// InitiateAuth takes the hash of what was typed; challenge answers and REFRESH_TOKEN_AUTH take the
// canonical username (AWS: "You must use the username and not an alias in the ChallengeResponses").
import { createHmac } from 'node:crypto';
import {
  InitiateAuthCommand,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  challengeParameters,
  EmulatorClient,
  passwordVerifierResponses,
  startSrp,
} from '../support/emulator-client.ts';
import { failure, useSeededEmulator } from '../support/emulator-fixture.ts';

const ALIAS_POOL = 'us-east-1_HashAlias';
const ALIAS_CLIENT = 'hashaliasclient000000000001';
const EMAIL_POOL = 'us-east-1_HashEmail';
const EMAIL_CLIENT = 'hashemailclient000000000001';
const SECRET = 'hash-test-client-secret-0123456789abcdef';
const PASSWORD = 'Correct-Horse-9';

let c: EmulatorClient;

const hash = (name: string, clientId: string) =>
  createHmac('sha256', SECRET)
    .update(name + clientId)
    .digest('base64');

const client = (ClientId: string) => ({
  ClientId,
  ClientName: 'server',
  ClientSecret: SECRET,
  ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
});

const emu = useSeededEmulator([
  {
    Id: ALIAS_POOL,
    PoolName: 'alias',
    AliasAttributes: ['email'],
    Clients: [client(ALIAS_CLIENT)],
    Users: [{ Username: 'ada', Password: PASSWORD, Attributes: { email: 'ada@example.com' } }],
  },
  {
    Id: EMAIL_POOL,
    PoolName: 'email-as-username',
    UsernameAttributes: ['email'],
    Clients: [client(EMAIL_CLIENT)],
    Users: [{ Username: 'bea@example.com', Password: PASSWORD, Attributes: { email: 'bea@example.com' } }],
  },
]);

beforeAll(async () => {
  c = new EmulatorClient(emu.url);
});

const passwordSignIn = (clientId: string, login: string) =>
  emu.sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: login, PASSWORD, SECRET_HASH: hash(login, clientId) },
    }),
  );

const refreshWith = (clientId: string, refreshToken: string, name: string) =>
  emu.sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: clientId,
      AuthParameters: { REFRESH_TOKEN: refreshToken, SECRET_HASH: hash(name, clientId) },
    }),
  );

describe('REFRESH_TOKEN_AUTH SECRET_HASH', () => {
  it('is over the canonical username, not the alias the user signed in with', async () => {
    const signedIn = await passwordSignIn(ALIAS_CLIENT, 'ada@example.com');
    const token = signedIn.AuthenticationResult!.RefreshToken!;
    const alias = await failure(refreshWith(ALIAS_CLIENT, token, 'ada@example.com'));
    expect(alias).toBeInstanceOf(NotAuthorizedException);
    expect(alias.message).toBe(`Unable to verify secret hash for client ${ALIAS_CLIENT}`);
    expect((await refreshWith(ALIAS_CLIENT, token, 'ada')).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('in an email-as-username pool is over the generated username (the sub), not the email', async () => {
    const signedIn = await passwordSignIn(EMAIL_CLIENT, 'bea@example.com');
    const token = signedIn.AuthenticationResult!.RefreshToken!;
    const sub = JSON.parse(
      Buffer.from(signedIn.AuthenticationResult!.AccessToken!.split('.')[1]!, 'base64url').toString(),
    ).sub as string;
    expect(await failure(refreshWith(EMAIL_CLIENT, token, 'bea@example.com'))).toBeInstanceOf(
      NotAuthorizedException,
    );
    expect((await refreshWith(EMAIL_CLIENT, token, sub)).AuthenticationResult?.AccessToken).toBeTruthy();
  });
});

describe('challenge answer SECRET_HASH', () => {
  it('PASSWORD_VERIFIER after an alias sign-in is over USER_ID_FOR_SRP, not the alias', async () => {
    const answer = async (hashName: string) => {
      const start = await startSrp(c, ALIAS_CLIENT, 'ada@example.com', {
        SECRET_HASH: hash('ada@example.com', ALIAS_CLIENT),
      });
      expect(challengeParameters(start.challenge).USER_ID_FOR_SRP).toBe('ada');
      const responses = await passwordVerifierResponses(ALIAS_POOL, start, PASSWORD, {
        now: emu.clock.now(),
      });
      return emu.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: ALIAS_CLIENT,
          ChallengeName: 'PASSWORD_VERIFIER',
          Session: start.challenge.Session,
          ChallengeResponses: { ...responses, SECRET_HASH: hash(hashName, ALIAS_CLIENT) },
        }),
      );
    };
    const alias = await failure(answer('ada@example.com'));
    expect(alias).toBeInstanceOf(NotAuthorizedException);
    expect(alias.message).toBe(`Unable to verify secret hash for client ${ALIAS_CLIENT}`);
    expect((await answer('ada')).AuthenticationResult?.AccessToken).toBeTruthy();
  });
});
