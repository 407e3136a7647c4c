// GET /_emulator/requests: what a client really sent (operation, headers, ClientMetadata,
// UserContextData, AnalyticsMetadata), with secrets redacted; ClientMetadata validated as a string map.
import { InitiateAuthCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, it } from 'vitest';
import { type LoggedRequest, REQUEST_LOG_LIMIT, RequestLog } from '../../emulator/request-log.ts';
import { EmulatorClient, present, signInTokens, wireError } from '../support/emulator-client.ts';
import { useSeededEmulator } from '../support/emulator-fixture.ts';

const POOL_ID = 'us-east-1_RequestLog';
const CLIENT_ID = 'requestlogclient0000000001';
const PASSWORD = 'Correct-Horse-9';

let c: EmulatorClient;

const emu = useSeededEmulator([
  {
    Id: POOL_ID,
    PoolName: 'request-log',
    Clients: [
      {
        ClientId: CLIENT_ID,
        ClientName: 'web',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      },
    ],
    Users: [{ Username: 'ada', Password: PASSWORD }],
  },
]);

beforeAll(async () => {
  c = new EmulatorClient(emu.url);
});

async function logged(query = ''): Promise<LoggedRequest[]> {
  const res = await fetch(`${emu.url}/_emulator/requests${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as LoggedRequest[];
}

describe('the request log', () => {
  it('records what the AWS SDK sent, with passwords and tokens redacted', async () => {
    const out = await emu.sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: 'ada', PASSWORD },
        ClientMetadata: { site: 'shop.example', step: 'login' },
        UserContextData: { IpAddress: '203.0.113.9', EncodedData: 'fingerprint' },
        AnalyticsMetadata: { AnalyticsEndpointId: 'endpoint-1' },
      }),
    );
    const [entry] = await logged('?last=1');
    expect(entry).toMatchObject({
      operation: 'InitiateAuth',
      status: 200,
      clientMetadata: { site: 'shop.example', step: 'login' },
      userContextData: { IpAddress: '203.0.113.9', EncodedData: 'fingerprint' },
      analyticsMetadata: { AnalyticsEndpointId: 'endpoint-1' },
      parameters: {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: 'ada', PASSWORD: '[redacted]' },
      },
    });
    expect(entry!.headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.InitiateAuth');
    expect(entry!.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(entry!.headers['x-amz-user-agent']).toMatch(/aws-sdk-js/);
    expect(entry!.headers['user-agent']).toBeTruthy();
    const text = JSON.stringify(await logged());
    expect(text).not.toContain(PASSWORD);

    await c.call('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: CLIENT_ID,
      AuthParameters: { REFRESH_TOKEN: signInTokens(out).RefreshToken },
    });
    expect(JSON.stringify(await logged())).not.toContain(signInTokens(out).RefreshToken);
  });

  it('records refused requests with their error type, and ?operation= and ?last= filter', async () => {
    const refused = await c.raw(
      'InitiateAuth',
      {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: 'ada', PASSWORD: 'wrong-password' },
      },
      { headers: { 'x-aws-waf-token': 'waf-token-value' } },
    );
    expect(refused.status).toBe(400);
    const [entry] = await logged('?operation=InitiateAuth&last=1');
    expect(entry).toMatchObject({ status: 400, errorType: 'NotAuthorizedException' });
    expect(entry!.headers['x-aws-waf-token']).toBe('waf-token-value');
    expect(await logged('?last=0')).toEqual([]);
    const bad = await fetch(`${emu.url}/_emulator/requests?last=-1`);
    expect(bad.status).toBe(400);
  });

  it('ClientMetadata must be a string map (SerializationException), and the refusal is logged', async () => {
    const err = await emu.sdk
      .send(
        new SignUpCommand({
          ClientId: CLIENT_ID,
          Username: 'bob',
          Password: PASSWORD,
          ClientMetadata: { ok: 'yes' },
        }),
      )
      .then(() => null);
    expect(err).toBeNull();
    const wrong = await c.raw('SignUp', {
      ClientId: CLIENT_ID,
      Username: 'cyd',
      Password: PASSWORD,
      ClientMetadata: { count: 3 },
    });
    expect(wrong.status).toBe(400);
    expect(wireError(wrong).type).toBe('SerializationException');
    const [entry] = await logged('?operation=SignUp&last=1');
    expect(entry).toMatchObject({ errorType: 'SerializationException', clientMetadata: { count: 3 } });
    expect(entry!.parameters.Password).toBe('[redacted]');
    // Nothing was created by the refused request.
    const users = await c.call('ListUsers', { UserPoolId: POOL_ID });
    expect(
      present(users.Users, 'Users')
        .map((u) => u.Username)
        .sort(),
    ).toEqual(['ada', 'bob']);
  });

  it('DELETE /_emulator/requests clears it', async () => {
    expect((await fetch(`${emu.url}/_emulator/requests`, { method: 'DELETE' })).status).toBe(200);
    expect(await logged()).toEqual([]);
  });
});

describe('RequestLog', () => {
  it(`keeps the newest ${REQUEST_LOG_LIMIT}, oldest first`, () => {
    const log = new RequestLog(() => 0);
    for (let i = 0; i < REQUEST_LOG_LIMIT + 7; i++) {
      log.record({ requestId: String(i), operation: 'GetUser', headers: {}, body: {}, status: 200 });
    }
    const all = log.list();
    expect(all).toHaveLength(REQUEST_LOG_LIMIT);
    expect(all[0]!.requestId).toBe('7');
    expect(all.at(-1)!.requestId).toBe(String(REQUEST_LOG_LIMIT + 6));
    expect(log.list({ last: 2 }).map((e) => e.requestId)).toEqual([
      String(REQUEST_LOG_LIMIT + 5),
      String(REQUEST_LOG_LIMIT + 6),
    ]);
  });
});
