// Cross-site and settings attacks, mounted as a hostile enabled site or a hostile settings file
// would mount them: through router.ts route() with the real carrier and vault (fake-indexeddb) and
// the loopback emulator. Each case states the attack, then what must hold.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { SITE_CAPS } from '../../background/cognito-call/site-limits.ts';
import {
  type CognitoCallReply,
  LIMITS,
  type PageReply,
  type RemoteDeviceView,
  SETTINGS_FORMAT,
} from '../../src/messages/index.ts';
import { SCRIPTED_ORIGINS_KEY } from '../../src/origin-pattern.ts';
import {
  type LoopbackServer,
  reply,
  startLoopbackServer,
  streamWithoutEnd,
} from '../support/loopback-server.ts';
import { contentSender, fakeBrowser, releasedPermissions } from './support/fake-browser.ts';
import { Tally } from './support/figures.ts';
import { NOMFA_CLIENT, NOMFA_POOL, World } from './support/world.ts';

const ATTACKS_SUITE = 'cross-site and settings attacks';
const VICTIM = 'https://victim.example';
const HOSTILE = 'https://hostile.example';
const world = new World();
const tally = new Tally();
let lan: LoopbackServer;

/** One case, counted per kind of attack in the figures ("import", "carrier", "emulator", …). */
function check(name: string, work: () => Promise<void>): Promise<void> {
  const kind = name.split(':')[0] ?? name;
  tally.details[kind] = Number(tally.details[kind] ?? 0) + 1;
  return tally.check(name, work);
}

/** A Cognito call as the relay of a tab on `origin` sends it. */
async function pageCall(origin: string, endpoint: string, body: object): Promise<CognitoCallReply> {
  const message = { type: 'cognito.call', endpoint, operation: 'InitiateAuth', body: JSON.stringify(body) };
  return (await world.route(
    message,
    contentSender(origin) as unknown as Runtime.MessageSender,
  )) as CognitoCallReply;
}
const initiate = (clientId: string) => ({
  AuthFlow: 'USER_SRP_AUTH',
  ClientId: clientId,
  AuthParameters: { USERNAME: 'alice', SRP_A: 'ab'.repeat(64) },
});
const settingsFile = (sites: object[]) => ({ format: SETTINGS_FORMAT, version: 1, sites });
const activityDetails = async () =>
  (await (await world.vault()).listActivity(500)).map((a) => `${a.origin} ${a.detail ?? ''}`);

beforeAll(async () => {
  await world.start();
  lan = await startLoopbackServer();
  for (const origin of [VICTIM, HOSTILE]) {
    expect(await world.popup({ type: 'site.enable', origin })).toMatchObject({ ok: true });
  }
});
afterAll(async () => {
  tally.write(ATTACKS_SUITE);
  await lan.close();
  await world.close();
});
beforeEach(() => {
  lan.setHandler((_req, res) => reply(res, 200, { internal: 'data the page must not read' }));
  lan.requests.length = 0;
});

describe('what the relay is told', () => {
  it('names exactly the enabled origins (in Firefox another port of an enabled host gets nothing); a disabled site’s access is given back', async () => {
    await check('relay: published origins follow enable and disable', async () => {
      const read = async () =>
        (await fakeBrowser.storage.local.get(SCRIPTED_ORIGINS_KEY))[SCRIPTED_ORIGINS_KEY];
      expect(await read()).toEqual([HOSTILE, VICTIM]);
      const third = 'http://dev.example:3000';
      expect(await world.popup({ type: 'site.enable', origin: third })).toMatchObject({ ok: true });
      expect(await read()).toEqual([HOSTILE, third, VICTIM].sort());
      expect(await world.popup({ type: 'site.disable', origin: third, removeDevices: false })).toMatchObject({
        ok: true,
      });
      expect(await read()).toEqual([HOSTILE, VICTIM]);
      // Disabled, the site keeps no host permission the carrier's fetch could still use.
      expect(releasedPermissions).toEqual([`${third}/*`]);
    });
  });
});

describe('a hostile settings file', () => {
  it.each([
    ['a wildcard origin (grant access would ask for every site)', { origin: 'https://*', policy: 'always' }],
    ['a wildcard subdomain', { origin: 'https://*.example.com', policy: 'always' }],
    ['an origin not in canonical form', { origin: 'https://VICTIM.example', policy: 'always' }],
    [
      'an http endpoint on a remote host (sign-ins sent in the clear to the file’s server)',
      { origin: VICTIM, policy: 'always', customEndpoint: 'http://collector.example/' },
    ],
    [
      'an http endpoint on an AWS host',
      { origin: VICTIM, policy: 'always', customEndpoint: 'http://cognito-idp.us-east-1.amazonaws.com/' },
    ],
  ])('is refused whole, nothing applied: %s', async (_name, site) => {
    await check(`import: ${_name}`, async () => {
      const before = await (await world.vault()).listSites();
      const answer = await world.popup({ type: 'settings.import', settings: settingsFile([site]) });
      expect(answer.ok).toBe(false);
      expect((answer as Extract<PageReply<unknown>, { ok: false }>).error.code).toBe('bad-request');
      expect(await (await world.vault()).listSites()).toEqual(before);
    });
  });
});

describe('a hostile enabled site aiming the carrier', () => {
  it('at a host on the local network: the background does not fetch it for the page', async () => {
    await check('carrier: LAN address', async () => {
      const sent = world.sentBodies.length;
      const answer = await pageCall(HOSTILE, 'https://192.168.1.20/', initiate(NOMFA_CLIENT));
      expect(answer).toEqual({ kind: 'passthrough' });
      expect(world.sentBodies.length).toBe(sent);
    });
  });

  it('at another enabled site: the background does not lend that site’s access', async () => {
    await check('carrier: another enabled site', async () => {
      const sent = world.sentBodies.length;
      const answer = await pageCall(HOSTILE, `${VICTIM}/`, initiate(NOMFA_CLIENT));
      expect(answer).toEqual({ kind: 'passthrough' });
      expect(world.sentBodies.length).toBe(sent);
    });
  });

  it('from another port of an enabled host (Firefox runs the hook there): nothing is carried', async () => {
    await check('carrier: another port of an enabled host', async () => {
      const sent = world.sentBodies.length;
      const answer = await pageCall(`${VICTIM}:8443`, world.url, initiate(NOMFA_CLIENT));
      expect(answer).toEqual({ kind: 'passthrough' });
      expect(world.sentBodies.length).toBe(sent);
      expect(await (await world.vault()).getSite(`${VICTIM}:8443`)).toBeUndefined();
    });
  });

  it('at a Cognito host over plain http: refused', async () => {
    await check('carrier: http Cognito host', async () => {
      const sent = world.sentBodies.length;
      const answer = await pageCall(HOSTILE, 'http://cognito-idp.us-east-1.amazonaws.com/', initiate('c1'));
      expect(answer).toEqual({ kind: 'passthrough' });
      expect(world.sentBodies.length).toBe(sent);
    });
  });

  it('at a server answering a body past the cap: the page gets an error, not the body', async () => {
    await check('carrier: oversized reply', async () => {
      lan.setHandler((_req, res) =>
        reply(res, 400, `{"__type":"X","m":"${'x'.repeat(LIMITS.replyBodyChars)}"}`),
      );
      const answer = await pageCall(HOSTILE, lan.url, initiate('hostileclient000000000001'));
      expect(lan.requests).toHaveLength(1);
      expect(answer.kind).toBe('error');
      expect(await activityDetails()).toContainEqual(
        expect.stringMatching(/^https:\/\/hostile\.example A reply of \d+ characters was refused/),
      );
    });
  });

  it('at a server streaming a reply without end: cut off at the cap while it streams, the page gets an error', async () => {
    await check('carrier: endless reply', async () => {
      let streamed: Promise<number> | undefined;
      lan.setHandler((_req, res) => {
        streamed = streamWithoutEnd(res);
      });
      const before = lan.requests.length;
      const answer = await pageCall(HOSTILE, lan.url, initiate('hostileclient000000000002'));
      expect(lan.requests).toHaveLength(before + 1);
      expect(answer.kind).toBe('error');
      // The background dropped the connection rather than reading on.
      expect(await streamed).toBeGreaterThan(LIMITS.replyBodyChars);
      expect(await activityDetails()).toContainEqual(
        expect.stringMatching(/^https:\/\/hostile\.example A reply of \d+ characters was refused/),
      );
    });
  });

  it('with a new ClientId per call: the site record stops growing at the cap, and the log says so once', async () => {
    await check('carrier: app client cap', async () => {
      const extra = 5;
      for (let i = 0; i < SITE_CAPS.clients + extra; i++) {
        await pageCall(HOSTILE, lan.url, initiate(`growclient${String(i).padStart(16, '0')}`));
      }
      const site = await (await world.vault()).getSite(HOSTILE);
      expect(site?.clients.length).toBe(SITE_CAPS.clients);
      // The calls past the cap went to the page itself, not through the background.
      expect(lan.requests.length).toBeLessThanOrEqual(SITE_CAPS.clients);
      const lines = (await activityDetails()).filter((l) => l.includes('app clients'));
      expect(lines).toHaveLength(1);
      // The victim's record is untouched.
      expect((await (await world.vault()).getSite(VICTIM))?.clients ?? []).toEqual([]);
    });
  });
});

describe('a hostile enabled site minting accounts at its own endpoint', () => {
  it('stops getting devices enrolled at the cap; the page keeps its NewDeviceMetadata and the log says why', async () => {
    await check('carrier: device cap per site', async () => {
      const vault = await world.vault();
      for (let i = (await vault.listDevices()).length; i < SITE_CAPS.devices; i++) {
        await vault.putDevice({
          poolId: 'us-east-1_Hostile1',
          username: `made-up-${i}`,
          deviceKey: `us-east-1_${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`,
          deviceGroupKey: 'group',
          devicePassword: 'password',
          deviceName: 'Chrome on Linux',
          status: 'remembered',
          origin: HOSTILE,
          endpoint: lan.url,
          createdAt: 1,
        });
      }
      const claims = { iss: 'https://hostile.example/us-east-1_Hostile1', username: 'one-more', exp: 4e9 };
      const jwt = `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
      const NewDeviceMetadata = { DeviceKey: 'us-east-1_minted', DeviceGroupKey: 'minted' };
      lan.setHandler((_req, res) =>
        reply(res, 200, { AuthenticationResult: { AccessToken: jwt, IdToken: jwt, NewDeviceMetadata } }),
      );
      const answer = await pageCall(HOSTILE, lan.url, {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: 'hostileclient000000000001',
        AuthParameters: { USERNAME: 'one-more', PASSWORD: 'x' },
      });
      expect(answer.kind).toBe('response');
      expect(JSON.parse((answer as { body: string }).body).AuthenticationResult.NewDeviceMetadata).toEqual(
        NewDeviceMetadata,
      );
      // Only the sign-in reached the endpoint: no ConfirmDevice, no verifier computed, no record added.
      expect(lan.requests.map((r) => r.headers['x-amz-target'])).toEqual([
        'AWSCognitoIdentityProviderService.InitiateAuth',
      ]);
      expect((await vault.listDevices()).filter((d) => d.origin === HOSTILE)).toHaveLength(SITE_CAPS.devices);
      expect(await activityDetails()).toContain(
        `${HOSTILE} ${SITE_CAPS.devices} devices kept for this site: not enrolled`,
      );
    });
  });
});

describe('a hostile enabled site forging an access token for another site’s account', () => {
  it('B stores a token for alice of A’s pool through A’s public ClientId: A’s popup still uses A’s token and endpoint; disabling A drops A’s tokens', async () => {
    await check('carrier: forged access token', async () => {
      // B serves its own Cognito look-alike at its own origin, which the carrier may reach for its pages.
      const forger = new URL(lan.url).origin;
      expect(await world.popup({ type: 'site.enable', origin: forger })).toMatchObject({ ok: true });
      const user = world.user('nomfa');
      expect((await world.page(VICTIM, NOMFA_POOL, NOMFA_CLIENT).signIn(user)).result.status).toBe(200);
      const claims = {
        iss: `https://cognito-idp.us-east-1.amazonaws.com/${NOMFA_POOL}`,
        username: user.username,
        exp: 4e9,
      };
      const jwt = `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
      lan.setHandler((_req, res) =>
        reply(res, 200, { AuthenticationResult: { AccessToken: jwt, IdToken: jwt }, Devices: [] }),
      );
      // B's page, with A's public app client ID, signs in at B's own endpoint: the carrier keeps B's token.
      const forged = await pageCall(forger, lan.url, {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: NOMFA_CLIENT,
        AuthParameters: { USERNAME: user.username, PASSWORD: 'x' },
      });
      expect(forged.kind).toBe('response');
      const account = { poolId: NOMFA_POOL, username: user.username };
      const listed = await world.popup<RemoteDeviceView[]>({
        type: 'devices.list',
        origin: VICTIM,
        ...account,
      });
      expect(listed).toMatchObject({ ok: true });
      // The list came from the emulator with A's token: B's endpoint saw only B's own sign-in.
      expect(lan.requests.map((r) => r.headers['x-amz-target'])).toEqual([
        'AWSCognitoIdentityProviderService.InitiateAuth',
      ]);
      expect(listed.ok && listed.value.map((d) => d.deviceKey).sort()).toEqual(
        await world.cognitoDevices(NOMFA_POOL, user.username),
      );

      expect(await world.popup({ type: 'site.disable', origin: VICTIM, removeDevices: false })).toMatchObject(
        {
          ok: true,
        },
      );
      const session = await fakeBrowser.storage.session.get(null);
      expect(Object.keys(session).filter((k) => k.includes(VICTIM))).toEqual([]);
      expect(Object.keys(session).some((k) => k.includes(forger))).toBe(true);
      expect(await world.popup({ type: 'site.enable', origin: VICTIM })).toMatchObject({ ok: true });
      expect(await world.popup({ type: 'devices.list', origin: VICTIM, ...account })).toMatchObject({
        ok: false,
        error: { code: 'token-missing' },
      });
    });
  });
});

describe('a site whose endpoint changed', () => {
  it('its popup no longer uses the token obtained through the old endpoint', async () => {
    await check('carrier: token of an unbound endpoint', async () => {
      const moved = 'https://moved.example';
      expect(await world.popup({ type: 'site.enable', origin: moved })).toMatchObject({ ok: true });
      const user = world.user('nomfa');
      expect((await world.page(moved, NOMFA_POOL, NOMFA_CLIENT).signIn(user)).result.status).toBe(200);
      const account = { origin: moved, poolId: NOMFA_POOL, username: user.username };
      expect(await world.popup({ type: 'devices.list', ...account })).toMatchObject({ ok: true });
      expect(await world.popup({ type: 'site.setEndpoint', origin: moved, endpoint: lan.url })).toMatchObject(
        { ok: true },
      );
      expect(await world.popup({ type: 'devices.list', ...account })).toMatchObject({
        ok: false,
        error: { code: 'token-missing' },
      });
      expect(lan.requests).toEqual([]);
      expect(await world.popup({ type: 'site.disable', origin: moved, removeDevices: true })).toMatchObject({
        ok: true,
      });
    });
  });
});

/** A raw HTTP request, so the test sets Host and Origin as a browser on another site would send them. */
function rawRequest(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(world.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, method: init.method ?? 'GET', headers: init.headers ?? {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}
const cognito = (operation: string, headers: Record<string, string>, body: object = {}) =>
  rawRequest('/', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });

describe('a web page the developer visits, aiming at the emulator', () => {
  it('cannot read the outbox (codes, temporary passwords) from its own origin', async () => {
    await check('emulator: outbox from a foreign origin', async () => {
      const res = await rawRequest('/_emulator/outbox', { headers: { origin: 'https://evil.example' } });
      expect(res.status).toBe(403);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.body).not.toContain('[');
    });
  });

  it('cannot inject a fault with a simple cross-site POST, not even from a loopback page', async () => {
    await check('emulator: fault injection from a page', async () => {
      for (const origin of ['https://evil.example', 'http://127.0.0.1:5173']) {
        const res = await rawRequest('/_emulator/faults', {
          method: 'POST',
          headers: { origin, 'content-type': 'text/plain' },
          body: JSON.stringify({ operation: '*', kind: 'drop' }),
        });
        expect(res.status).toBe(403);
      }
      const listed = await rawRequest('/_emulator/faults', {});
      expect(JSON.parse(listed.body)).toEqual([]);
    });
  });

  it('reaching it under its own name through DNS rebinding is refused on every route', async () => {
    await check('emulator: DNS rebinding (foreign Host)', async () => {
      const host = { host: `evil.example:${new URL(world.url).port}` };
      expect((await rawRequest('/_emulator/outbox', { headers: host })).status).toBe(403);
      expect((await cognito('ListUsers', host, { UserPoolId: 'us-east-1_RelMfa1' })).status).toBe(403);
      expect((await cognito('InitiateAuth', host)).status).toBe(403);
    });
  });

  it('cannot preflight, nor call, a Cognito operation from a foreign origin', async () => {
    await check('emulator: foreign origin on Cognito routes', async () => {
      const preflight = await rawRequest('/', {
        method: 'OPTIONS',
        headers: {
          origin: 'https://evil.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-amz-target',
        },
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const call = await cognito('InitiateAuth', { origin: 'https://evil.example' });
      expect(call.status).toBe(403);
      expect(call.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  it('cannot call IAM-authorized operations (list users, set passwords) even from a loopback page', async () => {
    await check('emulator: admin operations from a browser', async () => {
      const res = await cognito(
        'AdminSetUserPassword',
        { origin: 'http://127.0.0.1:5173' },
        { UserPoolId: 'us-east-1_RelMfa1', Username: 'm0', Password: 'Taken-over-1', Permanent: true },
      );
      expect(res.status).toBe(403);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(JSON.parse(res.body).__type).toBe('AccessDeniedException');
      // The SDKs and CLI (no Origin) still use them; they get no CORS headers either.
      const sdk = await cognito('ListUsers', {}, { UserPoolId: 'us-east-1_RelMfa1', Limit: 1 });
      expect(sdk.status).toBe(200);
      expect(sdk.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  it('the operations a sign-in page calls still answer loopback pages and the extension, with CORS', async () => {
    await check('emulator: loopback pages and the extension keep working', async () => {
      for (const origin of [
        'http://127.0.0.1:5173',
        'http://localhost:3000',
        'chrome-extension://abc',
        'moz-extension://d-e-f',
      ]) {
        const res = await cognito(
          'InitiateAuth',
          { origin },
          { AuthFlow: 'USER_SRP_AUTH', ClientId: 'none' },
        );
        expect(res.status).toBe(400);
        expect(res.headers['access-control-allow-origin']).toBe('*');
      }
    });
  });
});

describe('a settings file that would redirect an enabled site’s sign-ins', () => {
  it('is shown before anything changes: the endpoint change is called out, the vault untouched', async () => {
    await check('import: endpoint change previewed, not applied', async () => {
      const before = await (await world.vault()).getSite(VICTIM);
      const settings = settingsFile([
        { origin: VICTIM, policy: 'always', customEndpoint: 'https://collector.example/' },
      ]);
      const preview = await world.popup<{ changes: unknown[] }>({ type: 'settings.preview', settings });
      expect(preview).toEqual({
        ok: true,
        value: {
          changes: [
            {
              origin: VICTIM,
              kind: 'update',
              policy: { from: 'ask', to: 'always' },
              endpoint: { to: 'https://collector.example/' },
              needsAccess: false,
            },
          ],
        },
      });
      expect(await (await world.vault()).getSite(VICTIM)).toEqual(before);
    });
  });
});
