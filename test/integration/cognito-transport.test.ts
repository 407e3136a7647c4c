// The one Cognito transport (src/cognito/transport.ts) against a local server that misbehaves:
// a reply is bounded while it is read, so an endpoint streaming without end is cut off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CognitoNetworkError,
  CognitoServiceError,
  createCognitoClient,
  postCognito,
  ReplyTooLargeError,
} from '../../src/cognito/index.ts';
import {
  type LoopbackServer,
  reply,
  startLoopbackServer,
  streamWithoutEnd,
} from '../support/loopback-server.ts';

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(async () => {
  await server.close();
});

const MAX = 64 * 1024;
const transport = () => ({
  endpoint: server.url,
  fetch: globalThis.fetch,
  timeoutMs: 30_000,
  headers: new Headers({ 'x-amz-user-agent': 'test/1' }),
  maxReplyChars: MAX,
});

describe('the reply cap, applied while the body streams', () => {
  it('cuts off an endpoint that streams without end, and drops the connection', async () => {
    let streamed: Promise<number> | undefined;
    server.setHandler((_req, res) => {
      streamed = streamWithoutEnd(res);
    });
    const error = await postCognito(transport(), 'InitiateAuth', '{}').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplyTooLargeError);
    expect(error).toMatchObject({ kind: 'too-large' });
    expect((error as ReplyTooLargeError).chars).toBeGreaterThan(MAX);
    // The server sees the connection closed: the client stopped reading instead of draining it.
    expect(await streamed).toBeGreaterThan(MAX);
  });

  it('the typed client refuses it the same way', async () => {
    server.setHandler((_req, res) => void streamWithoutEnd(res));
    const client = createCognitoClient({ endpoint: server.url, maxReplyChars: MAX });
    const error = await client.getUser({ AccessToken: 'a' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognitoNetworkError);
    expect(error).toMatchObject({ kind: 'too-large' });
  });

  it('a reply of exactly the cap passes, one character more does not', async () => {
    const body = (n: number) => `{"p":"${'é'.repeat(n - 8)}"}`;
    server.setHandler((_req, res) => reply(res, 200, body(MAX)));
    const ok = await postCognito(transport(), 'GetUser', '{}');
    expect(ok.text).toBe(body(MAX));
    expect(ok.text).toHaveLength(MAX);
    server.setHandler((_req, res) => reply(res, 200, body(MAX + 1)));
    await expect(postCognito(transport(), 'GetUser', '{}')).rejects.toBeInstanceOf(ReplyTooLargeError);
  });

  it('sends the given headers with the JSON 1.1 ones, no cookies', async () => {
    server.setHandler((_req, res) => reply(res, 200, {}));
    await postCognito(transport(), 'GetUser', '{"AccessToken":"a"}');
    const sent = server.requests.at(-1);
    expect(sent?.headers['x-amz-user-agent']).toBe('test/1');
    expect(sent?.headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.GetUser');
    expect(sent?.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(sent?.headers.cookie).toBeUndefined();
    expect(sent?.body).toBe('{"AccessToken":"a"}');
  });
});

describe('a typed answer with the reply it came in (what the carrier forwards to a page)', () => {
  it('keeps the reply text as it came, checked by the operation decoder', async () => {
    const text =
      '{ "ChallengeName" : "DEVICE_SRP_AUTH", "Session":"s1",  "ChallengeParameters":{"USERNAME":"u"} }';
    server.setHandler((_req, res) => reply(res, 200, text, { 'x-amzn-requestid': 'r-1' }));
    const client = createCognitoClient({ endpoint: server.url });
    const answered = await client.answer('RespondToAuthChallenge', {
      ClientId: 'c',
      ChallengeName: 'SMS_MFA',
    });
    expect(answered.value.ChallengeName).toBe('DEVICE_SRP_AUTH');
    expect(answered.reply.text).toBe(text);
    expect(answered.reply.headers.get('x-amzn-requestid')).toBe('r-1');
  });

  it('a malformed 2xx is a bad-response, not a value', async () => {
    server.setHandler((_req, res) => reply(res, 200, { Session: 's' }));
    const client = createCognitoClient({ endpoint: server.url });
    await expect(
      client.answer('RespondToAuthChallenge', { ClientId: 'c', ChallengeName: 'SMS_MFA' }),
    ).rejects.toMatchObject({ name: 'CognitoNetworkError', kind: 'bad-response' });
  });

  it('an error answer throws CognitoServiceError carrying the reply unchanged', async () => {
    const text = '{"__type":"NotAuthorizedException","message":"Incorrect username or password."}';
    server.setHandler((_req, res) => reply(res, 400, text));
    const client = createCognitoClient({ endpoint: server.url });
    const error = await client.confirmDevice({ AccessToken: 'a', DeviceKey: 'k' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognitoServiceError);
    expect(error).toMatchObject({ code: 'NotAuthorizedException', status: 400 });
    expect((error as CognitoServiceError).reply?.text).toBe(text);
  });
});
