// The background's device flows (docs/architecture.md: device key injection, device challenge,
// enrollment, stale devices, sites and bindings) in Node against the real emulator over loopback.
// The page's library is simulated with src/srp (test/support/page-simulator.ts); IndexedDB and
// storage.session are in-memory stand-ins because Node has neither. The same code runs in Chromium
// and Firefox in the e2e suites.
import { AdminForgetDeviceCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import type { CallContext } from '../../background/cognito-call/context.ts';
import { SessionChains } from '../../background/cognito-call/session-chains.ts';
import { type SeedUser, startEmulator } from '../../emulator/index.ts';
import { tokenIdentity } from '../../src/jwt-claims.ts';
import { sha256Hex } from '../../src/sha256.ts';
import { ALL_USER_FLOWS } from '../support/cognito-fixtures.ts';
import { useSeededEmulator } from '../support/emulator-fixture.ts';
import { backgroundFor, PageSimulator } from '../support/page-simulator.ts';
import { aliasDevicePool, PageUsers } from '../support/seed-builders.ts';

const POOL = 'us-east-1_FlowPool1';
const OPTIN = 'us-east-1_FlowOptIn1';
const CLIENT = 'flowclient0000000000000001';
const OPTIN_CLIENT = 'flowclient0000000000000002';
const NOMFA = 'us-east-1_FlowNoMfa1';
const NOMFA_CLIENT = 'flowclient0000000000000003';
const ORIGIN = 'https://app.example';
// A pool whose clients allow USER_PASSWORD_AUTH, one of them with a secret, as AWS SDK pages use them.
const PW = 'us-east-1_FlowPassword1';
const PW_CLIENT = 'flowclient0000000000000004';
const PW_SECRET_CLIENT = 'flowclient0000000000000005';
const PW_SECRET = 'flow-client-secret-0000000000000000000000000000';
// ChallengeRequiredOnNewDevice off, yet the pool runs the device challenge (then still asks for MFA).
const NOSKIP = 'us-east-1_FlowNoSkip1';
const NOSKIP_CLIENT = 'flowclient0000000000000006';
// Choice-based sign-in (USER_AUTH) with the password as first factor, TOTP after it.
const CHOICE = 'us-east-1_FlowChoice1';
const CHOICE_CLIENT = 'flowclient0000000000000007';

const people = new PageUsers();
const flowUsers = people.seed(['ann', 'ben', 'cat', 'dan', 'eve', 'fay', 'gus', 'hal', 'ivo']);
const optinUsers = people.seed(['ida', 'jon', 'kim']);
const noMfaUsers = people.seed(['lee', 'max', 'ned']);
const passwordUsers = people.seed(['oli', 'pam', 'quin', 'ray', 'sid', 'ted']);
const noSkipUsers = people.seed(['ula']);
const choiceUsers = people.seed(['vera', 'walt']);
const u = (name: string) => people.get(name);

const pool = (optIn: boolean, id: string, clientId: string, seeded: SeedUser[], mfa: 'ON' | 'OFF' = 'ON') =>
  aliasDevicePool(id, clientId, seeded, { mfa, optIn });

const emulator = useSeededEmulator(
  [
    pool(false, POOL, CLIENT, flowUsers),
    pool(true, OPTIN, OPTIN_CLIENT, optinUsers),
    pool(false, NOMFA, NOMFA_CLIENT, noMfaUsers, 'OFF'),
    {
      ...pool(false, PW, PW_CLIENT, passwordUsers),
      Clients: [
        { ClientId: PW_CLIENT, ClientName: 'sdk', ExplicitAuthFlows: ALL_USER_FLOWS },
        {
          ClientId: PW_SECRET_CLIENT,
          ClientName: 'sdk-secret',
          ExplicitAuthFlows: ALL_USER_FLOWS,
          ClientSecret: PW_SECRET,
        },
      ],
    },
    {
      ...pool(false, NOSKIP, NOSKIP_CLIENT, noSkipUsers),
      DeviceConfiguration: {
        ChallengeRequiredOnNewDevice: false,
        DeviceOnlyRememberedOnUserPrompt: false,
      },
      EmulatorOptions: { deviceSrpWithoutChallengeRequired: true },
    },
    {
      ...pool(false, CHOICE, CHOICE_CLIENT, choiceUsers),
      SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD'] },
      Clients: [
        {
          ClientId: CHOICE_CLIENT,
          ClientName: 'choice',
          ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        },
      ],
    },
  ],
  // The emulator runs on a test clock so a user can answer TOTP twice without waiting for the next
  // 30 s window: each code moves the clock on; TIMESTAMP skew is widened to match.
  { timestampSkewSeconds: 24 * 3600 },
);
const totp = (secret: string) => emulator.totp.code(secret);

async function page(optIn = false) {
  const ctx = await backgroundFor(ORIGIN);
  return new PageSimulator(
    ctx,
    `${emulator.url}/`,
    optIn ? OPTIN : POOL,
    optIn ? OPTIN_CLIENT : CLIENT,
    totp,
  );
}

describe('device flows in the background', () => {
  it('enrolls on the first sign-in, hides NewDeviceMetadata from the page, then skips MFA with the device', async () => {
    const p = await page();
    const first = await p.signIn(u('ann'));
    expect(first.mfaAsked).toBe(true);
    const result = first.result.body.AuthenticationResult as Record<string, unknown>;
    expect(result.AccessToken).toBeTypeOf('string');
    expect(result.NewDeviceMetadata).toBeUndefined();
    const record = await p.ctx.vault.getDevice(POOL, 'ann', ORIGIN);
    expect(record).toMatchObject({ status: 'remembered', origin: ORIGIN, deviceName: 'Chrome on Linux' });

    const second = await p.signIn(u('ann'));
    expect(second.mfaAsked).toBe(false);
    const claims = tokenIdentity(
      (second.result.body.AuthenticationResult as { AccessToken: string }).AccessToken,
    );
    expect(claims).toMatchObject({ poolId: POOL, username: 'ann' });
    for (const text of p.seen) {
      expect(text).not.toContain(record!.devicePassword);
      expect(text).not.toContain(record!.deviceGroupKey);
      expect(text).not.toContain('NewDeviceMetadata');
    }
    expect((await p.ctx.vault.getDevice(POOL, 'ann', ORIGIN))?.lastUsedAt).toBeTypeOf('number');
    const activity = (await p.ctx.vault.listActivity()).map((a) => a.kind);
    expect(activity).toEqual(expect.arrayContaining(['enrolled', 'mfa-skipped']));
  });

  it('answers a remembered sign-in before its bookkeeping is written, never before the refresh token is indexed', async () => {
    const p = await page();
    await p.signIn(u('eve'));
    const enrolled = await p.ctx.vault.getDevice(POOL, 'eve', ORIGIN);
    // The browser's queue, held: what the carrier left for after the reply stays unwritten until run.
    const held: (() => Promise<void>)[] = [];
    p.ctx.afterReply = (work) => void held.push(work);
    const second = await p.signIn(u('eve'));
    expect(second.mfaAsked).toBe(false);
    const refreshToken = (second.result.body.AuthenticationResult as { RefreshToken: string }).RefreshToken;
    const hash = await sha256Hex(refreshToken);
    expect(held.length).toBeGreaterThan(0);
    expect((await p.ctx.vault.getDevice(POOL, 'eve', ORIGIN))?.lastUsedAt).toBe(enrolled?.lastUsedAt);
    // What a refresh needs is there before the page holds the token, whatever happens to the queue.
    expect((await p.ctx.vault.getRefreshToken(hash))?.deviceKey).toBe(enrolled?.deviceKey);
    const skips = async () => (await p.ctx.vault.listActivity()).filter((a) => a.kind === 'mfa-skipped');
    expect(await skips()).toEqual([]);

    for (const work of held.splice(0)) await work();
    expect((await p.ctx.vault.getDevice(POOL, 'eve', ORIGIN))?.lastUsedAt).toBeTypeOf('number');
    expect(await skips()).toHaveLength(1);
    expect((await p.refresh(refreshToken)).status).toBe(200);
  });

  it('adds the device key to refreshes of tokens issued to the device, so refresh keeps working', async () => {
    const p = await page();
    const first = await p.signIn(u('ben'));
    const refreshToken = (first.result.body.AuthenticationResult as { RefreshToken: string }).RefreshToken;
    const refreshed = await p.refresh(refreshToken);
    expect(refreshed.status).toBe(200);
    expect((refreshed.body.AuthenticationResult as { AccessToken?: string }).AccessToken).toBeTypeOf(
      'string',
    );
    // Without the extension the same refresh is refused: the token belongs to the device.
    const bare = await fetch(`${emulator.url}/`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: CLIENT,
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    });
    expect(bare.status).toBe(400);
  });

  it('replaces a device forgotten elsewhere: the page sees MFA, never an error, and a new device is enrolled', async () => {
    const p = await page();
    await p.signIn(u('cat'));
    const before = await p.ctx.vault.getDevice(POOL, 'cat', ORIGIN);
    await emulator.sdk.send(
      new AdminForgetDeviceCommand({ UserPoolId: POOL, Username: 'cat', DeviceKey: before!.deviceKey }),
    );
    const again = await p.signIn(u('cat'));
    expect(again.mfaAsked).toBe(true);
    expect(again.result.status).toBe(200);
    const after = await p.ctx.vault.getDevice(POOL, 'cat', ORIGIN);
    expect(after?.deviceKey).not.toBe(before!.deviceKey);
    expect((await p.ctx.vault.listActivity()).map((a) => a.kind)).toContain('stale-device-replaced');
    expect((await p.signIn(u('cat'))).mfaAsked).toBe(false);
  });

  it('marks a device whose proof the pool rejects on SRP as broken, says so to the page, and re-enrolls next time', async () => {
    const p = await page();
    await p.signIn(u('dan'));
    const record = (await p.ctx.vault.getDevice(POOL, 'dan', ORIGIN))!;
    await p.ctx.vault.putDevice({ ...record, devicePassword: `${record.devicePassword.slice(0, -4)}AAAA` });
    const rejected = await p.signIn(u('dan'));
    expect(rejected.result.status).toBe(400);
    expect(rejected.result.body.__type).toMatch(/NotAuthorizedException/);
    // The SRP password step's session is spent: the page is told what happened, not "Incorrect password".
    expect(rejected.result.body.message).toMatch(/did not accept this browser’s remembered device/);
    expect((await p.ctx.vault.getDevice(POOL, 'dan', ORIGIN))?.status).toBe('broken');
    const recovered = await p.signIn(u('dan'));
    expect(recovered.mfaAsked).toBe(true);
    expect(recovered.result.status).toBe(200);
    expect((await p.ctx.vault.getDevice(POOL, 'dan', ORIGIN))?.status).toBe('remembered');
  });

  it('enrolls one device, not five, when five tabs sign in at once', async () => {
    // A pool without MFA, so every tab reaches its tokens (and NewDeviceMetadata) at the same moment:
    // the password steps are held until all five are in flight, so every sign-in began before any enrolment.
    const base = await backgroundFor(ORIGIN);
    let arrived = 0;
    let release = () => {};
    const allIn = new Promise<void>((resolve) => {
      release = resolve;
    });
    const ctx = {
      ...base,
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        if (String(new Headers(init?.headers).get('x-amz-target')).endsWith('.RespondToAuthChallenge')) {
          if (++arrived === 5) release();
          await allIn;
        }
        return base.fetch(input, init);
      },
    };
    const tabs = Array.from(
      { length: 5 },
      () => new PageSimulator(ctx, `${emulator.url}/`, NOMFA, NOMFA_CLIENT, totp),
    );
    const results = await Promise.all(tabs.map((t) => t.signIn(u('lee'))));
    expect(results.map((r) => r.result.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await ctx.vault.listDevices()).toHaveLength(1);
    const { AdminListDevicesCommand } = await import('@aws-sdk/client-cognito-identity-provider');
    const listed = await emulator.sdk.send(
      new AdminListDevicesCommand({ UserPoolId: NOMFA, Username: 'lee' }),
    );
    const kept = (await ctx.vault.getDevice(NOMFA, 'lee', ORIGIN))?.deviceKey;
    expect(listed.Devices?.map((d) => d.DeviceKey)).toEqual([kept]);
    // Every tab's refresh token leads to the device that stayed (the tabs that kept another's included).
    for (const r of results) {
      const token = (r.result.body.AuthenticationResult as { RefreshToken: string }).RefreshToken;
      expect((await ctx.vault.getRefreshToken(await sha256Hex(token)))?.deviceKey).toBe(kept);
    }
  });

  it('never sends a device key to another endpoint than the one its app client was bound to', async () => {
    const p = await page();
    await p.signIn(u('fay'));
    // A second emulator stands in for an endpoint the page switched to (a hostile proxy, say).
    const rogue = await startEmulator({
      port: 0,
      quiet: true,
      seed: { pools: [pool(false, POOL, CLIENT, [])] },
    });
    try {
      const seenByRogue: string[] = [];
      const ctx = {
        ...p.ctx,
        fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
          if (String(input).startsWith(rogue.url)) seenByRogue.push(String(init?.body));
          return fetch(input, init);
        },
      };
      const other = new PageSimulator(ctx, `${rogue.url}/`, POOL, CLIENT);
      await other.call('RespondToAuthChallenge', {
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        ClientId: CLIENT,
        Session: 'x',
        ChallengeResponses: { USERNAME: 'fay', SOFTWARE_TOKEN_MFA_CODE: '000000' },
      });
      expect(seenByRogue.join('')).not.toContain(
        (await p.ctx.vault.getDevice(POOL, 'fay', ORIGIN))!.deviceKey,
      );
    } finally {
      await rogue.close();
    }
  });

  it('on an opt-in pool follows the site policy: ask leaves the device pending, always remembers it', async () => {
    const p = await page(true);
    const first = await p.signIn(u('ida'));
    expect(first.mfaAsked).toBe(true);
    expect((await p.ctx.vault.getDevice(OPTIN, 'ida', ORIGIN))?.status).toBe('pending');
    expect((await p.signIn(u('ida'))).mfaAsked).toBe(true);

    await p.ctx.vault.setPolicy(ORIGIN, 'always');
    expect((await p.signIn(u('jon'))).mfaAsked).toBe(true);
    expect((await p.ctx.vault.getDevice(OPTIN, 'jon', ORIGIN))?.status).toBe('remembered');
    expect((await p.signIn(u('jon'))).mfaAsked).toBe(false);

    await p.ctx.vault.setPolicy(ORIGIN, 'never');
    await p.signIn(u('kim'));
    expect((await p.ctx.vault.getDevice(OPTIN, 'kim', ORIGIN))?.status).toBe('not_remembered');
  });

  it('gives each enabled site that shares a pool its own device: never the other’s, and no turns taken', async () => {
    const a = await backgroundFor(ORIGIN);
    const onA = () => new PageSimulator(a, `${emulator.url}/`, POOL, CLIENT, totp);
    expect((await onA().signIn(u('ivo'))).mfaAsked).toBe(true);
    const first = (await a.vault.getDevice(POOL, 'ivo', ORIGIN))!;
    const otherOrigin = 'https://other.example';
    await a.vault.enableSite(otherOrigin, Date.now());
    const b = { ...a, origin: otherOrigin };
    const onB = () => new PageSimulator(b, `${emulator.url}/`, POOL, CLIENT, totp);
    // Had the other site been served the first device, Cognito would not have issued a new one.
    expect((await onB().signIn(u('ivo'))).mfaAsked).toBe(true);
    const second = (await a.vault.getDevice(POOL, 'ivo', otherOrigin))!;
    expect(second.deviceKey).not.toBe(first.deviceKey);
    expect(second.origin).toBe(otherOrigin);
    // Both stay: switching between the sites asks for MFA on neither (v1 kept one device per
    // pool + user, so each switch replaced the other site's and asked again).
    expect((await a.vault.getDevice(POOL, 'ivo', ORIGIN))?.deviceKey).toBe(first.deviceKey);
    expect((await onA().signIn(u('ivo'))).mfaAsked).toBe(false);
    expect((await onB().signIn(u('ivo'))).mfaAsked).toBe(false);
    expect((await onA().signIn(u('ivo'))).mfaAsked).toBe(false);
    expect((await a.vault.listDevices()).filter((d) => d.username === 'ivo')).toHaveLength(2);
  });

  it('sends every Cognito call of a site with a custom endpoint there, device flows included', async () => {
    const ctx = await backgroundFor(ORIGIN);
    await ctx.vault.setCustomEndpoint(ORIGIN, `${emulator.url}/`);
    // The page believes it talks to AWS; this machine has no route there, so only the override can answer.
    const p = new PageSimulator(ctx, 'https://cognito-idp.us-east-1.amazonaws.com/', NOMFA, NOMFA_CLIENT);
    const first = await p.signIn(u('ned'));
    expect(first.result.status).toBe(200);
    expect((await ctx.vault.getDevice(NOMFA, 'ned', ORIGIN))?.endpoint).toBe(`${emulator.url}/`);
    const accessToken = (first.result.body.AuthenticationResult as { AccessToken: string }).AccessToken;
    const user = await p.call('GetUser', { AccessToken: accessToken });
    expect(user.status).toBe(200);
    expect(user.body.Username).toBe('ned');
  });

  it('passes calls through untouched for an origin that is not enabled', async () => {
    const p = await page();
    await p.ctx.vault.disableSite(ORIGIN);
    const first = await p.signIn(u('gus'));
    expect(first.mfaAsked).toBe(true);
    // The page itself received NewDeviceMetadata (the extension did not join), and nothing was stored.
    expect(
      (first.result.body.AuthenticationResult as Record<string, unknown>).NewDeviceMetadata,
    ).toBeDefined();
    expect(await p.ctx.vault.listDevices()).toEqual([]);
  });
});

describe('honest outcomes and sign-in chains', () => {
  const on = async (poolId: string, clientId: string) =>
    new PageSimulator(await backgroundFor(ORIGIN), `${emulator.url}/`, poolId, clientId, totp);

  it('a rejected device proof on USER_PASSWORD_AUTH sets the device aside and the sign-in goes on to MFA', async () => {
    const p = await on(PW, PW_CLIENT);
    expect((await p.signInPassword(u('oli'))).mfaAsked).toBe(true);
    const record = (await p.ctx.vault.getDevice(PW, 'oli', ORIGIN))!;
    expect((await p.signInPassword(u('oli'))).mfaAsked).toBe(false);
    await p.ctx.vault.putDevice({ ...record, devicePassword: `${record.devicePassword.slice(0, -4)}AAAA` });
    const again = await p.signInPassword(u('oli'));
    // The page sees the normal prompt, never "Incorrect username or password".
    expect(again.mfaAsked).toBe(true);
    expect(again.result.status).toBe(200);
    const activity = await p.ctx.vault.listActivity();
    expect(activity.find((a) => a.kind === 'error')?.detail).toMatch(
      /refused this browser’s device.*NotAuthorizedException/,
    );
    // The next enrolment replaced the device set aside.
    const replaced = await p.ctx.vault.getDevice(PW, 'oli', ORIGIN);
    expect(replaced?.status).toBe('remembered');
    expect(replaced?.deviceKey).not.toBe(record.deviceKey);
    expect((await p.signInPassword(u('oli'))).mfaAsked).toBe(false);
  });

  it('logs "Second factor skipped" only when tokens come back, and carries the device through the chain', async () => {
    const p = await on(NOSKIP, NOSKIP_CLIENT);
    expect((await p.signIn(u('ula'))).mfaAsked).toBe(true);
    const record = (await p.ctx.vault.getDevice(NOSKIP, 'ula', ORIGIN))!;
    // The pool verifies the device, then still asks for the code: nothing was skipped.
    const second = await p.signIn(u('ula'));
    expect(second.mfaAsked).toBe(true);
    expect(second.result.status).toBe(200);
    const kinds = (await p.ctx.vault.listActivity()).map((a) => a.kind);
    expect(kinds).not.toContain('mfa-skipped');
    // The MFA answer continued the chain that presented the device: its tokens are the device's, no new one.
    expect(
      (second.result.body.AuthenticationResult as Record<string, unknown>).NewDeviceMetadata,
    ).toBeUndefined();
    expect((await p.ctx.vault.listDevices()).map((d) => d.deviceKey)).toEqual([record.deviceKey]);
    expect((await p.ctx.vault.getDevice(NOSKIP, 'ula', ORIGIN))?.lastUsedAt).toBeTypeOf('number');
  });

  it('with an app client secret reuses the page’s SECRET_HASH when it is over the username, and skips MFA', async () => {
    const p = await on(PW, PW_SECRET_CLIENT);
    const opts = { username: 'pam', clientSecret: PW_SECRET };
    expect((await p.signInPassword(u('pam'), opts)).mfaAsked).toBe(true);
    const again = await p.signInPassword(u('pam'), opts);
    expect(again.mfaAsked).toBe(false);
    expect(again.result.status).toBe(200);
  });

  it('with an app client secret and an alias, learns the hash over the username from the MFA answer and skips MFA next time', async () => {
    const p = await on(PW, PW_SECRET_CLIENT);
    const opts = { clientSecret: PW_SECRET };
    const first = await p.signInPassword(u('quin'), opts);
    expect(first.mfaAsked).toBe(true);
    expect(JSON.stringify(first.result.body)).not.toContain('NewDeviceMetadata');
    const device = await p.ctx.vault.getDevice(PW, 'quin', ORIGIN);
    expect(device?.status).toBe('remembered');
    // The alias sign-in's InitiateAuth hash is over the email; the device steps use the one over 'quin'.
    const second = await p.signInPassword(u('quin'), opts);
    expect(second.mfaAsked).toBe(false);
    expect(second.result.status).toBe(200);
    expect((await p.ctx.vault.listDevices()).map((d) => d.deviceKey)).toEqual([device?.deviceKey]);
    expect((await p.ctx.vault.listActivity()).filter((a) => a.kind === 'error')).toEqual([]);
    // Learned per site: deleting the site deletes it with the alias.
    await p.ctx.vault.disableSite(ORIGIN);
    const scope = { origin: ORIGIN, clientId: PW_SECRET_CLIENT, endpoint: `${emulator.url}/` };
    expect(await p.ctx.vault.getAlias(scope, u('quin').typed)).toBeUndefined();
  });

  it('never enrolls from a refresh response that carries NewDeviceMetadata, and hides it from the page', async () => {
    const p = await on(PW, PW_CLIENT);
    const first = await p.signInPassword(u('ray'));
    const refreshToken = (first.result.body.AuthenticationResult as { RefreshToken: string }).RefreshToken;
    const before = await p.ctx.vault.listDevices();
    const ctx = {
      ...p.ctx,
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const res = await p.ctx.fetch(input, init);
        const body = (await res.json()) as { AuthenticationResult?: Record<string, unknown> };
        if (body.AuthenticationResult) {
          body.AuthenticationResult.NewDeviceMetadata = {
            DeviceKey: 'us-east-1_00000000-0000-4000-8000-00000000feed',
            DeviceGroupKey: '-fake',
          };
        }
        return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
      },
    };
    const refreshed = await new PageSimulator(ctx, p.endpoint, PW, PW_CLIENT).refresh(refreshToken);
    expect(refreshed.status).toBe(200);
    expect(refreshed.text).not.toContain('NewDeviceMetadata');
    expect(await p.ctx.vault.listDevices()).toEqual(before);
  });

  it('USER_AUTH with PASSWORD preferred: the key goes with InitiateAuth and the device skips MFA', async () => {
    const p = await on(CHOICE, CHOICE_CLIENT);
    expect((await p.signInUserAuth(u('vera'), 'PASSWORD')).mfaAsked).toBe(true);
    const device = await p.ctx.vault.getDevice(CHOICE, 'vera', ORIGIN);
    expect(device?.status).toBe('remembered');
    const again = await p.signInUserAuth(u('vera'), 'PASSWORD');
    expect(again.mfaAsked).toBe(false);
    expect(again.result.status).toBe(200);
    expect(again.challenges).toEqual(['tokens']);
    expect((await p.ctx.vault.listDevices()).map((d) => d.deviceKey)).toEqual([device?.deviceKey]);
  });

  it('USER_AUTH through SELECT_CHALLENGE and PASSWORD_SRP: the device joins the chain and skips MFA', async () => {
    const p = await on(CHOICE, CHOICE_CLIENT);
    expect((await p.signInUserAuth(u('walt'))).mfaAsked).toBe(true);
    const again = await p.signInUserAuth(u('walt'));
    expect(again.challenges).toEqual(['SELECT_CHALLENGE', 'PASSWORD_VERIFIER', 'tokens']);
    expect(again.mfaAsked).toBe(false);
    expect(again.result.status).toBe(200);
    expect(await p.ctx.vault.listDevices()).toHaveLength(1);
  });

  it('a worker restart between any two steps of a sign-in loses the chain, never the sign-in', async () => {
    const base = await backgroundFor(ORIGIN);
    // Each Cognito answer is followed by a restart: the next step starts with an empty Session map.
    const ctx: CallContext = {
      ...base,
      chains: new SessionChains(),
      fetch: async (input, init) => {
        const res = await base.fetch(input, init);
        ctx.chains = new SessionChains();
        return res;
      },
    };
    const custom = new PageSimulator(ctx, `${emulator.url}/`, CHOICE, CHOICE_CLIENT, totp);
    expect((await custom.signInUserAuth(u('walt'))).result.status).toBe(200);
    const p = new PageSimulator(ctx, `${emulator.url}/`, NOSKIP, NOSKIP_CLIENT, totp);
    const first = await p.signIn(u('ula'));
    expect(first.result.status).toBe(200);
    const second = await p.signIn(u('ula'));
    expect(second.result.status).toBe(200);
    expect(second.result.body.AuthenticationResult).toBeDefined();
  });

  it('carries the page’s ClientMetadata, UserContextData, AnalyticsMetadata and allowed headers into the device steps', async () => {
    const base = await backgroundFor(ORIGIN);
    const sent: { target: string; body: Record<string, unknown>; headers: Headers }[] = [];
    const ctx: CallContext = {
      ...base,
      fetch: async (input, init) => {
        const headers = new Headers(init?.headers);
        sent.push({
          target: String(headers.get('x-amz-target')).split('.').pop() ?? '',
          body: JSON.parse(String(init?.body)) as Record<string, unknown>,
          headers,
        });
        return base.fetch(input, init);
      },
    };
    const p = new PageSimulator(ctx, `${emulator.url}/`, POOL, CLIENT, totp);
    const extras = {
      ClientMetadata: { campaign: 'spring' },
      UserContextData: { EncodedData: 'fingerprint-from-the-page' },
      AnalyticsMetadata: { AnalyticsEndpointId: 'endpoint-1' },
    };
    p.extras = {
      body: extras,
      headers: { 'x-amz-user-agent': 'aws-amplify/6.0 auth/1', 'x-aws-waf-token': 'waf-token-1' },
    };
    await p.signIn(u('hal'));
    // Enrollment's own calls go out with the page's allowed headers too (a WAF may guard ConfirmDevice).
    const confirm = sent.find((s) => s.target === 'ConfirmDevice');
    expect(confirm?.headers.get('x-amz-user-agent')).toBe('aws-amplify/6.0 auth/1');
    expect(confirm?.headers.get('x-aws-waf-token')).toBe('waf-token-1');
    sent.length = 0;
    expect((await p.signIn(u('hal'))).mfaAsked).toBe(false);
    const steps = sent.filter((s) => /^DEVICE_/.test(String(s.body.ChallengeName)));
    expect(steps.map((s) => s.body.ChallengeName)).toEqual(['DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER']);
    for (const step of steps) {
      expect(step.body).toMatchObject(extras);
      expect(step.headers.get('x-amz-user-agent')).toBe('aws-amplify/6.0 auth/1');
      expect(step.headers.get('x-aws-waf-token')).toBe('waf-token-1');
    }
    // The page's own requests go out with its allowed headers too, and nothing else it might add.
    expect(sent[0]?.headers.get('x-aws-waf-token')).toBe('waf-token-1');
  });
});
