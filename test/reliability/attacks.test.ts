// Cross-site and settings attacks, mounted as a hostile enabled site or a hostile settings file
// would mount them: through router.ts route() with the real carrier and vault (fake-indexeddb) and
// the loopback emulator. Each case states the attack, then what must hold.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { SITE_CAPS } from '../../background/cognito-call/site-limits.ts';
import { type CognitoCallReply, LIMITS, type PageReply, SETTINGS_FORMAT } from '../../src/messages/index.ts';
import { type LoopbackServer, reply, startLoopbackServer } from '../support/loopback-server.ts';
import { contentSender } from './support/fake-browser.ts';
import { Tally } from './support/figures.ts';
import { NOMFA_CLIENT, World } from './support/world.ts';

vi.mock('webextension-polyfill', async () => ({
  default: (await import('./support/fake-browser.ts')).fakeBrowser,
}));
vi.mock('../../extension/page-hook.iife.ts?script', () => ({ default: 'page-hook.js' }));
vi.mock('../../extension/relay.iife.ts?script', () => ({ default: 'relay.js' }));

const ATTACKS_SUITE = 'cross-site and settings attacks';
const VICTIM = 'https://victim.example';
const HOSTILE = 'https://hostile.example';
const world = new World();
const tally = new Tally();
let lan: LoopbackServer;

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
    await tally.check(`import: ${_name}`, async () => {
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
    await tally.check('carrier: LAN address', async () => {
      const sent = world.sentBodies.length;
      const answer = await pageCall(HOSTILE, 'https://192.168.1.20/', initiate(NOMFA_CLIENT));
      expect(answer).toEqual({ kind: 'passthrough' });
      expect(world.sentBodies.length).toBe(sent);
    });
  });

  it('at another enabled site: the background does not lend that site’s access', async () => {
    await tally.check('carrier: another enabled site', async () => {
      const sent = world.sentBodies.length;
      const answer = await pageCall(HOSTILE, `${VICTIM}/`, initiate(NOMFA_CLIENT));
      expect(answer).toEqual({ kind: 'passthrough' });
      expect(world.sentBodies.length).toBe(sent);
    });
  });

  it('at a Cognito host over plain http: refused', async () => {
    await tally.check('carrier: http Cognito host', async () => {
      const sent = world.sentBodies.length;
      const answer = await pageCall(HOSTILE, 'http://cognito-idp.us-east-1.amazonaws.com/', initiate('c1'));
      expect(answer).toEqual({ kind: 'passthrough' });
      expect(world.sentBodies.length).toBe(sent);
    });
  });

  it('at a server answering a body past the cap: the page gets an error, not the body', async () => {
    await tally.check('carrier: oversized reply', async () => {
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

  it('with a new ClientId per call: the site record stops growing at the cap, and the log says so once', async () => {
    await tally.check('carrier: app client cap', async () => {
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
