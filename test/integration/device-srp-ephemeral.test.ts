// The device SRP's first half (a, A) in a remembered sign-in: made once, after the step that cannot
// lead to the device challenge has been answered, and then sent; never made and dropped, never sent
// twice. Against the real emulator over loopback, the page simulated as in device-flows.test.ts.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { SessionChains } from '../../background/cognito-call/session-chains.ts';
import type { ClientEphemeral } from '../../src/srp/index.ts';
import { newTotpSecret, type RunningEmulator, startSeededEmulator } from '../support/cognito-fixtures.ts';
import { backgroundFor, PageSimulator } from '../support/page-simulator.ts';

// Every (a, A) made in this file, by the page simulator and the background alike.
const made = vi.hoisted(() => [] as string[]);
vi.mock('../../src/srp/index.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/srp/index.ts')>();
  return {
    ...real,
    createClientEphemeral: (): ClientEphemeral => {
      const e = real.createClientEphemeral();
      made.push(e.AHex);
      return e;
    },
  };
});

const POOL = 'us-east-1_Ephemeral1';
const CLIENT = 'ephemeralclient000000001';
const ORIGIN = 'https://app.example';
const user = { typed: 'zoe', password: 'Zoe-Passw0rd!', totpSecret: newTotpSecret() };
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startSeededEmulator(
    [
      {
        Id: POOL,
        PoolName: 'Ephemeral1',
        Region: 'us-east-1',
        MfaConfiguration: 'ON',
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
        Clients: [
          {
            ClientId: CLIENT,
            ClientName: 'web',
            ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          },
        ],
        Users: [{ Username: 'zoe', Password: user.password, TotpSecret: user.totpSecret }],
      },
    ],
    { timestampSkewSeconds: 24 * 3600 },
  );
});
afterAll(async () => {
  await emulator?.close();
});

it('a remembered USER_SRP_AUTH sign-in makes one device (a, A) and sends it, and each sign-in its own', async () => {
  const base = await backgroundFor(ORIGIN);
  const sent: string[] = [];
  const ctx = {
    ...base,
    chains: new SessionChains(),
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body)) as {
        ChallengeName?: string;
        ChallengeResponses?: { SRP_A?: string };
      };
      if (body.ChallengeName === 'DEVICE_SRP_AUTH' && body.ChallengeResponses?.SRP_A)
        sent.push(body.ChallengeResponses.SRP_A);
      return base.fetch(input, init);
    },
  };
  const page = new PageSimulator(ctx, `${emulator.url}/`, POOL, CLIENT, (s) => emulator.totp.code(s));
  expect((await page.signIn(user)).mfaAsked).toBe(true); // enrols the device
  for (let i = 0; i < 3; i++) {
    made.length = 0;
    sent.length = 0;
    const again = await page.signIn(user);
    expect(again.mfaAsked).toBe(false);
    expect(again.result.status).toBe(200);
    // Two made: the page's own SRP_A for InitiateAuth and the background's, which DEVICE_SRP_AUTH sent.
    expect(made).toHaveLength(2);
    expect(sent).toHaveLength(1);
    expect(made).toContain(sent[0]);
  }
});

it('an early (a, A) kept for a sign-in is handed out once', async () => {
  const chains = new SessionChains();
  const ephemeral = Promise.resolve({ a: 3n, A: 8n, AHex: '8' });
  chains.put(ORIGIN, 'session-1', { ephemeral });
  expect(chains.takeEphemeral('https://other.example', 'session-1')).toBeUndefined();
  expect(chains.takeEphemeral(ORIGIN, 'session-1')).toBe(ephemeral);
  expect(chains.takeEphemeral(ORIGIN, 'session-1')).toBeUndefined();
  expect(chains.get(ORIGIN, 'session-1')).toBeDefined();
});
