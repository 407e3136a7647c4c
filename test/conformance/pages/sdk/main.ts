// Conformance site on the AWS SDK v3 (CognitoIdentityProviderClient) as a hand-rolled sign-in page
// uses it: InitiateAuth USER_PASSWORD_AUTH, RespondToAuthChallenge for the second factor, refresh by
// REFRESH_TOKEN_AUTH or GetTokensFromRefreshToken. An app client secret, when the pool's client has one,
// is known to the page, which computes SECRET_HASH itself.
import {
  type AuthenticationResultType,
  ChallengeNameType,
  CognitoIdentityProviderClient,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { ConformanceSiteConfig, ConformanceStep } from '../shared/contract.ts';
import { type ClientDriver, startConformancePage, tokenId, wrap } from '../shared/page.ts';

const FACTORS: Record<string, 'TOTP' | 'SMS' | 'EMAIL'> = {
  [ChallengeNameType.SOFTWARE_TOKEN_MFA]: 'TOTP',
  [ChallengeNameType.SMS_MFA]: 'SMS',
  [ChallengeNameType.EMAIL_OTP]: 'EMAIL',
};

/** SECRET_HASH = Base64(HMAC-SHA256(client secret, username + client id)), per the InitiateAuth reference. */
async function secretHash(secret: string, username: string, clientId: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(username + clientId));
  return btoa(String.fromCharCode(...new Uint8Array(mac)));
}

function claim(jwt: string | undefined, name: string): string {
  const payload = jwt?.split('.')[1];
  if (!payload) return '';
  const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
  const value = claims[name];
  return typeof value === 'string' ? value : '';
}

function sdkDriver(config: ConformanceSiteConfig): ClientDriver {
  const client = new CognitoIdentityProviderClient({
    region: config.region,
    endpoint: config.userPoolEndpoint,
    maxAttempts: 1,
  });
  const clientId = config.userPoolClientId;
  const hashFor = async (username: string): Promise<Record<string, string>> =>
    config.clientSecret ? { SECRET_HASH: await secretHash(config.clientSecret, username, clientId) } : {};

  let refreshBy: 'REFRESH_TOKEN_AUTH' | 'GetTokensFromRefreshToken' = 'REFRESH_TOKEN_AUTH';
  let challenge: { name: string; session: string; username: string } | null = null;
  let tokens: AuthenticationResultType | null = null;

  function step(
    output: Pick<
      InitiateAuthCommandOutput,
      'ChallengeName' | 'ChallengeParameters' | 'Session' | 'AuthenticationResult'
    >,
    typed: string,
  ): ConformanceStep {
    if (output.AuthenticationResult) {
      tokens = output.AuthenticationResult;
      challenge = null;
      return { kind: 'done', username: claim(tokens.IdToken, 'cognito:username') };
    }
    const name = output.ChallengeName ?? '';
    // Challenge answers name the user as Cognito does (USER_ID_FOR_SRP), as the API reference advises.
    const username =
      output.ChallengeParameters?.USER_ID_FOR_SRP ?? output.ChallengeParameters?.USERNAME ?? typed;
    challenge = { name, session: output.Session ?? '', username };
    const factor = FACTORS[name];
    return factor ? { kind: 'code', factor } : { kind: 'other', name };
  }

  return {
    signIn: (flow, username, password) =>
      wrap(async () => {
        const [authFlow, refresh] = flow.split('/');
        if (authFlow !== 'USER_PASSWORD_AUTH') throw new Error(`sdk page: unknown flow ${flow}`);
        refreshBy = refresh === 'GetTokensFromRefreshToken' ? refresh : 'REFRESH_TOKEN_AUTH';
        const output = await client.send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_PASSWORD_AUTH',
            ClientId: clientId,
            AuthParameters: { USERNAME: username, PASSWORD: password, ...(await hashFor(username)) },
          }),
        );
        return step(output, username);
      }),
    answer: (response) =>
      wrap(async () => {
        const pending = challenge;
        if (!pending) throw new Error('nothing to answer');
        const answerKey = `${pending.name}_CODE`; // SOFTWARE_TOKEN_MFA_CODE, SMS_MFA_CODE, EMAIL_OTP_CODE
        const output = await client.send(
          new RespondToAuthChallengeCommand({
            ChallengeName: pending.name as ChallengeNameType,
            ClientId: clientId,
            Session: pending.session,
            ChallengeResponses: {
              USERNAME: pending.username,
              [answerKey]: response,
              ...(await hashFor(pending.username)),
            },
          }),
        );
        return step(output, pending.username);
      }),
    refresh: () =>
      wrap(async () => {
        const current = tokens;
        if (!current?.RefreshToken) throw new Error('not signed in on this page');
        const username = claim(current.IdToken, 'cognito:username');
        let result: AuthenticationResultType | undefined;
        if (refreshBy === 'GetTokensFromRefreshToken') {
          result = (
            await client.send(
              new GetTokensFromRefreshTokenCommand({
                ClientId: clientId,
                RefreshToken: current.RefreshToken,
                ...(config.clientSecret ? { ClientSecret: config.clientSecret } : {}),
              }),
            )
          ).AuthenticationResult;
        } else {
          result = (
            await client.send(
              new InitiateAuthCommand({
                AuthFlow: 'REFRESH_TOKEN_AUTH',
                ClientId: clientId,
                AuthParameters: { REFRESH_TOKEN: current.RefreshToken, ...(await hashFor(username)) },
              }),
            )
          ).AuthenticationResult;
        }
        if (!result?.AccessToken) throw new Error('refresh returned no tokens');
        // With rotation on, the answer carries the next refresh token; the old one stops working.
        tokens = {
          ...result,
          RefreshToken: result.RefreshToken ?? current.RefreshToken,
          IdToken: result.IdToken ?? current.IdToken,
        };
        return tokenId(result.AccessToken);
      }),
    async signOut() {
      tokens = null;
      challenge = null;
    },
  };
}

startConformancePage('aws-sdk-v3', sdkDriver);
