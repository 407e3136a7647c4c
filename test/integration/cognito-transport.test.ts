// The one Cognito transport (src/cognito/transport.ts) against a local server that misbehaves:
// a reply is bounded while it is read, so an endpoint streaming without end is cut off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CognitoNetworkError,
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
