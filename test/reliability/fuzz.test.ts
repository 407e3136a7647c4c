// Hostile input, generated: every message the background accepts (from content scripts and from
// extension pages, through router.ts route()), and every Cognito response shape the background
// parses (handleCognitoCall, through route(), against a loopback server answering generated
// responses). No input may crash the router, every rejection must say why, and no reply may carry
// a byte of a device secret.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { openVault } from '../../background/vault/open.ts';
import type { DeviceRecord } from '../../background/vault/schema.ts';
import { Vault } from '../../background/vault/vault.ts';
import { EXTENSION_ID, popupSender } from './support/fake-browser.ts';
import { Tally } from './support/figures.ts';

const RUNS = { content: 4000, page: 3000, responses: 3500 };
const ORIGIN = 'https://fuzz.example';
const OTHER = 'https://other.example';
const POOL = 'us-east-1_FuzzPool1';
const CLIENT = 'fuzzclient0000000000000001';
const tally = new Tally();

type Reply = { kind?: string; message?: string; ok?: boolean; error?: { code: string; message: string } };
let route: (m: unknown, s: Runtime.MessageSender) => Promise<unknown>;
let server: Server;
let endpoint = '';
let vault: Vault;
const queue: { status: number; body: string; errorType?: string }[] = [];

// Secrets the vault holds at the start; each case also checks the secrets the vault holds after it.
const victim: DeviceRecord = {
  poolId: POOL,
  username: 'victim',
  deviceKey: 'us-east-1_11111111-2222-3333-4444-555555555555',
  deviceGroupKey: 'GroupKeyOfTheVictim0001',
  devicePassword: 'VictimDevicePasswordVictimDevicePassword0123456789==',
  deviceName: 'Chrome on Linux',
  status: 'remembered',
  origin: ORIGIN,
  endpoint: '',
  createdAt: 1,
};
const otherSite: DeviceRecord = {
  ...victim,
  username: 'neighbour',
  deviceKey: 'us-east-1_99999999-2222-3333-4444-555555555555',
  deviceGroupKey: 'GroupKeyOfTheNeighbour01',
  devicePassword: 'NeighbourDevicePasswordNeighbourDevicePassword0123==',
  origin: OTHER,
};

const sender = (origin: string, extra: object = {}) =>
  ({
    id: EXTENSION_ID,
    url: `${origin}/page`,
    origin,
    tab: { id: 7 },
    frameId: 0,
    ...extra,
  }) as unknown as Runtime.MessageSender;

async function secrets(): Promise<string[]> {
  // Passwords the extension generated. Group keys of devices the fuzzed server itself handed out are
  // not secret from anyone who sees these replies (the generator may even reuse a client id as one).
  const held = (await vault.listDevices()).map((d) => d.devicePassword);
  return [
    ...new Set([
      victim.devicePassword,
      victim.deviceGroupKey,
      otherSite.devicePassword,
      otherSite.deviceGroupKey,
      ...held,
    ]),
  ].filter((s) => s.length >= 16);
}

/** The invariants every reply meets, whatever the input. */
async function expectSafeReply(reply: unknown, from: 'content' | 'page' | 'unknown'): Promise<void> {
  expect(reply).toBeTypeOf('object');
  const r = reply as Reply;
  if (from === 'content') {
    expect(['response', 'passthrough', 'error']).toContain(r.kind);
    if (r.kind === 'error') expect(r.message?.length).toBeGreaterThan(0);
  } else {
    expect(typeof r.ok).toBe('boolean');
    if (!r.ok) {
      expect(r.error?.code.length).toBeGreaterThan(0);
      expect(r.error?.message.length).toBeGreaterThan(0);
    }
  }
  const text = JSON.stringify(reply);
  for (const secret of await secrets())
    expect(text.includes(secret), 'a device secret in a reply').toBe(false);
  for (const d of await vault.listDevices()) {
    expect(d.devicePassword.length).toBeGreaterThan(0);
    expect(['remembered', 'not_remembered', 'pending', 'broken', 'unconfirmed']).toContain(d.status);
  }
}

async function resetVault(): Promise<void> {
  await vault.enableSite(ORIGIN, 1);
  await vault.enableSite(OTHER, 1);
  for (const origin of [ORIGIN, OTHER]) {
    const site = await vault.getSite(origin);
    if (site) await vault.disableSite(origin);
    await vault.enableSite(origin, 1);
    await vault.bindClient(origin, CLIENT, endpoint);
    await vault.setClientPool(origin, CLIENT, POOL);
  }
  await vault.putDevice({ ...victim, endpoint });
  // The other site talks to Cognito itself; this site's endpoint (the loopback server) is its own.
  await vault.putDevice({ ...otherSite, endpoint: 'https://cognito-idp.us-east-1.amazonaws.com/' });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const next = queue.shift() ?? {
        status: 400,
        body: '{"__type":"InvalidParameterException","message":"fuzz"}',
      };
      const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
      if (next.errorType) headers['x-amzn-errortype'] = next.errorType;
      res.writeHead(next.status, headers).end(next.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  // Nothing generated may reach the network: any other URL gets a synthetic 503.
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) =>
    String(input instanceof Request ? input.url : input).startsWith(endpoint)
      ? realFetch(input, init)
      : Promise.resolve(new Response('{"__type":"ServiceUnavailable"}', { status: 503 })),
  );
  vi.stubGlobal('navigator', { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0.0.0' });
  route = (await import('../../background/router.ts')).route as typeof route;
  vault = new Vault(await openVault());
  await resetVault();
});
afterAll(async () => {
  tally.details.generatedCases = RUNS.content + RUNS.page + RUNS.responses;
  tally.details.contentMessages = RUNS.content;
  tally.details.pageMessages = RUNS.page;
  tally.details.cognitoResponses = RUNS.responses;
  tally.write('fuzz');
  vi.unstubAllGlobals();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', 'victim', 'neighbour', CLIENT),
);
const jwt = fc
  .record({
    username: fc.oneof(fc.constantFrom('victim', 'neighbour'), fc.string()),
    pool: fc.constantFrom(POOL, 'us-east-1_Other1', ''),
  })
  .map(
    ({ username, pool }) =>
      `${b64url({ alg: 'none' })}.${b64url({ iss: `https://cognito-idp.us-east-1.amazonaws.com/${pool}`, username, token_use: 'access', exp: 4_000_000_000 })}.sig`,
  );
const pageBody = fc
  .record(
    {
      AuthFlow: fc.constantFrom(
        'USER_SRP_AUTH',
        'USER_PASSWORD_AUTH',
        'REFRESH_TOKEN_AUTH',
        'CUSTOM_AUTH',
        'x',
      ),
      ClientId: fc.oneof(fc.constant(CLIENT), anyString),
      ChallengeName: fc.constantFrom(
        'PASSWORD_VERIFIER',
        'SOFTWARE_TOKEN_MFA',
        'DEVICE_SRP_AUTH',
        'DEVICE_PASSWORD_VERIFIER',
      ),
      AuthParameters: fc.dictionary(
        fc.constantFrom('USERNAME', 'SRP_A', 'DEVICE_KEY', 'REFRESH_TOKEN', 'SECRET_HASH'),
        anyString,
      ),
      ChallengeResponses: fc.dictionary(
        fc.constantFrom('USERNAME', 'DEVICE_KEY', 'SECRET_HASH', 'SRP_A'),
        anyString,
      ),
      RefreshToken: anyString,
      Session: anyString,
    },
    { requiredKeys: [] },
  )
  .map((b) => JSON.stringify(b));
const operation = fc.oneof(
  fc.constantFrom(
    'InitiateAuth',
    'RespondToAuthChallenge',
    'GetTokensFromRefreshToken',
    'ConfirmDevice',
    'ListDevices',
  ),
  fc.string({ maxLength: 80 }),
);
const contentMessage = fc.oneof(
  fc.record(
    {
      type: fc.oneof(fc.constant('cognito.call'), anyString),
      endpoint: fc.oneof(fc.constant('__loopback__'), fc.webUrl(), anyString),
      operation,
      body: fc.oneof(pageBody, fc.json(), anyString),
      extra: anyString,
    },
    { requiredKeys: ['type'] },
  ),
  fc.anything(),
);
const anySender = fc.constantFrom<[string, Runtime.MessageSender]>(
  ['content', sender(ORIGIN)],
  ['content', sender(OTHER)],
  ['content', sender('https://not-enabled.example')],
  ['unknown', sender(ORIGIN, { frameId: 3 })],
  ['unknown', sender(ORIGIN, { id: 'another-extension' })],
  ['unknown', sender('file://')],
  ['unknown', { id: EXTENSION_ID } as Runtime.MessageSender],
);
const fixEndpoint = (m: unknown) =>
  typeof m === 'object' && m !== null && (m as { endpoint?: unknown }).endpoint === '__loopback__'
    ? { ...m, endpoint }
    : m;

describe('hostile input, generated', () => {
  it(`${RUNS.content} generated content-script messages from every kind of sender`, async () => {
    await tally.check('content-script messages', () =>
      fc.assert(
        fc.asyncProperty(contentMessage, anySender, async (raw, [from, s]) => {
          const reply = await route(fixEndpoint(raw), s);
          if (from === 'unknown') expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
          await expectSafeReply(reply, from === 'content' ? 'content' : 'unknown');
        }),
        { numRuns: RUNS.content },
      ),
    );
  });

  const ids = {
    origin: fc.oneof(fc.constantFrom(ORIGIN, OTHER, 'https://x.example'), fc.webUrl(), anyString),
    poolId: fc.oneof(fc.constant(POOL), anyString),
    username: fc.oneof(fc.constantFrom('victim', 'neighbour'), anyString),
    deviceKey: fc.oneof(fc.constant(victim.deviceKey), anyString),
  };
  const pageMessage = fc.oneof(
    fc.record(
      {
        type: fc.constantFrom(
          'site.status',
          'site.doctor',
          'site.enable',
          'site.disable',
          'site.setPolicy',
          'sites.list',
          'vault.list',
          'vault.remove',
          'devices.list',
          'devices.setRemembered',
          'devices.forget',
          'devices.forgetOthers',
          'activity.list',
          'site.setEndpoint',
          'site.setTrustDays',
          'settings.export',
          'settings.import',
          'unknown',
        ),
        ...ids,
        removeDevices: fc.boolean(),
        policy: fc.oneof(fc.constantFrom('always', 'ask', 'never'), anyString),
        remembered: fc.oneof(fc.boolean(), anyString),
        deviceKeys: fc.oneof(fc.array(ids.deviceKey, { maxLength: 3 }), anyString),
        endpoint: fc.oneof(fc.webUrl(), anyString),
        trustDays: fc.oneof(fc.integer(), fc.double(), anyString),
        settings: fc.oneof(
          fc.record({
            format: fc.constantFrom('device-companion-settings', 'x'),
            version: fc.constantFrom(1, 2),
            sites: fc.array(
              fc.record({ origin: ids.origin, policy: fc.constantFrom('always', 'ask', 'never') }),
              {
                maxLength: 3,
              },
            ),
          }),
          fc.anything(),
        ),
      },
      { requiredKeys: ['type'] },
    ),
    fc.anything(),
  );

  it(`${RUNS.page} generated extension-page messages`, async () => {
    await tally.check('extension-page messages', () =>
      fc.assert(
        fc.asyncProperty(pageMessage, async (raw) => {
          await expectSafeReply(await route(raw, popupSender as Runtime.MessageSender), 'page');
        }),
        { numRuns: RUNS.page },
      ),
    );
    // The export the popup offers: site settings only, never a device, client binding or secret.
    const exported = JSON.stringify(
      await route({ type: 'settings.export' }, popupSender as Runtime.MessageSender),
    );
    for (const s of [...(await secrets()), victim.deviceKey, 'victim', CLIENT])
      expect(exported).not.toContain(s);
  });

  const hex = fc.oneof(
    fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 1, maxLength: 768 }),
    fc.constantFrom('0', 'ff', ''),
  );
  const challenge = fc.record(
    {
      ChallengeName: fc.oneof(
        fc.constantFrom(
          'DEVICE_SRP_AUTH',
          'PASSWORD_VERIFIER',
          'SOFTWARE_TOKEN_MFA',
          'DEVICE_PASSWORD_VERIFIER',
        ),
        anyString,
      ),
      Session: anyString,
      ChallengeParameters: fc.record(
        {
          SRP_B: fc.oneof(hex, anyString),
          SALT: fc.oneof(hex, anyString),
          SECRET_BLOCK: fc.oneof(fc.base64String({ maxLength: 64 }), anyString),
          USERNAME: ids.username,
          USER_ID_FOR_SRP: ids.username,
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  );
  const tokens = fc.record({
    AuthenticationResult: fc.record(
      {
        AccessToken: fc.oneof(jwt, anyString),
        RefreshToken: anyString,
        IdToken: fc.oneof(jwt, anyString),
        NewDeviceMetadata: fc.record(
          { DeviceKey: anyString, DeviceGroupKey: anyString },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
  });
  const response = fc.record({
    status: fc.oneof(fc.constantFrom(200, 200, 200, 400, 500), fc.integer({ min: 200, max: 599 })),
    body: fc.oneof(
      challenge.map((c) => JSON.stringify(c)),
      tokens.map((t) => JSON.stringify(t)),
      fc.json(),
      anyString,
      fc.record({ __type: anyString, message: anyString }).map((e) => JSON.stringify(e)),
    ),
    // Header values must be valid for HTTP (Node refuses to send others); their content is still generated.
    errorType: fc.option(
      fc.oneof(
        fc.stringMatching(/^[\x21-\x7e]{0,60}$/),
        fc.constantFrom('NotAuthorizedException', 'ResourceNotFoundException'),
      ),
      { nil: undefined },
    ),
  });
  const request = fc.constantFrom(
    {
      operation: 'RespondToAuthChallenge',
      body: {
        ChallengeName: 'PASSWORD_VERIFIER',
        ClientId: CLIENT,
        Session: 's',
        ChallengeResponses: { USERNAME: 'victim' },
      },
    },
    {
      operation: 'InitiateAuth',
      body: {
        AuthFlow: 'USER_SRP_AUTH',
        ClientId: CLIENT,
        AuthParameters: { USERNAME: 'victim', SRP_A: 'ab' },
      },
    },
    {
      operation: 'InitiateAuth',
      body: { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: CLIENT, AuthParameters: { REFRESH_TOKEN: 'r' } },
    },
    { operation: 'GetTokensFromRefreshToken', body: { ClientId: CLIENT, RefreshToken: 'r' } },
  );

  it(`${RUNS.responses} generated Cognito response sequences to the calls the background carries`, async () => {
    await tally.check('cognito responses', () =>
      fc.assert(
        fc.asyncProperty(
          request,
          fc.array(response, { minLength: 1, maxLength: 4 }),
          async (req, responses) => {
            await resetVault();
            queue.length = 0;
            for (const r of responses)
              queue.push(
                r.errorType === undefined
                  ? { status: r.status, body: r.body }
                  : { ...r, errorType: r.errorType },
              );
            const reply = await route(
              { type: 'cognito.call', endpoint, operation: req.operation, body: JSON.stringify(req.body) },
              sender(ORIGIN),
            );
            await expectSafeReply(reply, 'content');
            // The other site's device is never touched by this site's traffic.
            expect(await vault.getDevice(POOL, 'neighbour', OTHER)).toMatchObject({
              deviceKey: otherSite.deviceKey,
              status: 'remembered',
            });
          },
        ),
        { numRuns: RUNS.responses },
      ),
    );
  });
});
