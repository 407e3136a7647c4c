import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CognitoClient,
  CognitoNetworkError,
  createCognitoClient,
  type DeviceType,
} from '../../src/cognito/index.ts';
import { jsonBody, type LoopbackServer, reply, startLoopbackServer } from '../support/loopback-server.ts';

function device(n: number): DeviceType {
  return {
    DeviceKey: `us-east-1_00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    DeviceAttributes: [{ Name: 'device_name', Value: `Device ${n}` }],
    DeviceCreateDate: 1_700_000_000 + n,
  };
}

const ALL = Array.from({ length: 7 }, (_, i) => device(i + 1));

let server: LoopbackServer;
let client: CognitoClient;

beforeAll(async () => {
  server = await startLoopbackServer();
  client = createCognitoClient({ endpoint: server.url });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

/** Pages over ALL like Cognito: Limit per page, an opaque token naming the next offset. */
function pagingServer(tokenFor: (nextOffset: number) => string = (o) => `page-after-${o}`): void {
  server.setHandler((request, res) => {
    const body = jsonBody(request);
    const limit = typeof body.Limit === 'number' ? body.Limit : 60;
    const token = body.PaginationToken;
    const offset = typeof token === 'string' ? Number(/(\d+)$/.exec(token)?.[1]) : 0;
    const page = ALL.slice(offset, offset + limit);
    const next = offset + limit;
    reply(
      res,
      200,
      next < ALL.length ? { Devices: page, PaginationToken: tokenFor(next) } : { Devices: page },
    );
  });
}

describe('listAllDevices', () => {
  it('follows PaginationToken across three pages and returns every device in order', async () => {
    pagingServer();
    const devices = await client.listAllDevices('at', 3);
    expect(devices).toEqual(ALL);
    expect(server.requests.map(jsonBody)).toEqual([
      { AccessToken: 'at', Limit: 3 },
      { AccessToken: 'at', Limit: 3, PaginationToken: 'page-after-3' },
      { AccessToken: 'at', Limit: 3, PaginationToken: 'page-after-6' },
    ]);
  });

  it('asks for 60 a page by default and stops after one page when there is no token', async () => {
    pagingServer();
    await expect(client.listAllDevices('at')).resolves.toHaveLength(ALL.length);
    expect(server.requests.map(jsonBody)).toEqual([{ AccessToken: 'at', Limit: 60 }]);
  });

  it('stops with an error when the server repeats a PaginationToken', async () => {
    server.setHandler((_request, res) => reply(res, 200, { Devices: [device(1)], PaginationToken: 'same' }));
    const error = await client.listAllDevices('at', 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognitoNetworkError);
    expect(error).toMatchObject({ kind: 'bad-response' });
    expect((error as Error).message).toMatch(/repeated a PaginationToken/);
    // First page, then the repeat is noticed on the second answer.
    expect(server.requests).toHaveLength(2);
  });

  it('stops with an error when the server cycles between tokens', async () => {
    let n = 0;
    server.setHandler((_request, res) => reply(res, 200, { Devices: [], PaginationToken: `t${n++ % 2}` }));
    await expect(client.listAllDevices('at')).rejects.toMatchObject({ kind: 'bad-response' });
    expect(server.requests).toHaveLength(3);
  });

  it('stops with an error when a server pages forever with fresh tokens', async () => {
    let n = 0;
    server.setHandler((_request, res) => reply(res, 200, { Devices: [], PaginationToken: `fresh-${n++}` }));
    await expect(client.listAllDevices('at')).rejects.toMatchObject({ kind: 'bad-response' });
    expect(server.requests.length).toBe(200);
  });

  it('passes a Cognito error from a later page through', async () => {
    server.setHandler((request, res) => {
      if (jsonBody(request).PaginationToken === undefined) {
        reply(res, 200, { Devices: [device(1)], PaginationToken: 'p2' });
      } else {
        reply(res, 400, { __type: 'NotAuthorizedException', message: 'Access Token has expired' });
      }
    });
    await expect(client.listAllDevices('at')).rejects.toMatchObject({
      code: 'NotAuthorizedException',
      message: 'Access Token has expired',
    });
  });

  it('rejects a page size Cognito would refuse, before calling', async () => {
    for (const size of [0, 61, 2.5, Number.NaN]) {
      await expect(client.listAllDevices('at', size)).rejects.toThrow(RangeError);
    }
    expect(server.requests).toHaveLength(0);
  });
});
