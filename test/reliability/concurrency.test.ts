// Ten tabs signing in at once, through route() as the relay sends them: the same user on one site,
// ten users on one site, and one user on ten sites (each its own pool). Every tab must succeed, with
// exactly one device per user and browser (in the vault and at Cognito) and no update lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tally } from './support/figures.ts';
import { NOMFA_CLIENT, NOMFA_POOL, SITE_POOLS, World } from './support/world.ts';

const TABS = 10;
const ROUNDS = 3;
const ORIGIN = 'https://tabs.example';
const world = new World();
const tally = new Tally();
let signIns = 0;

beforeAll(async () => {
  await world.start();
  for (const origin of [ORIGIN, ...SITE_POOLS.map((s) => s.origin)]) {
    expect(await world.popup({ type: 'site.enable', origin })).toMatchObject({ ok: true });
  }
});
afterAll(async () => {
  tally.details.tabsAtOnce = TABS;
  tally.details.concurrentSignIns = signIns;
  tally.write('concurrency');
  await world.close();
});

async function allSucceed(runs: Promise<{ mfaAsked: boolean; result: { status: number } }>[]) {
  const results = await Promise.all(runs);
  signIns += results.length;
  expect(results.map((r) => r.result.status)).toEqual(results.map(() => 200));
}

describe(`${TABS} tabs signing in at once`, () => {
  for (let round = 1; round <= ROUNDS; round++) {
    it(`same user, same site (round ${round}: ${round === 1 ? 'enrolling' : 'with the device'})`, async () => {
      await tally.check(`same user round ${round}`, async () => {
        const user = world.pools.nomfa[0];
        if (!user) throw new Error('no user');
        await allSucceed(
          Array.from({ length: TABS }, (_, tab) =>
            world.page(ORIGIN, NOMFA_POOL, NOMFA_CLIENT, tab + 1).signIn(user),
          ),
        );
        const vault = await world.vault();
        const mine = (await vault.listDevices()).filter(
          (d) => d.poolId === NOMFA_POOL && d.username === user.username,
        );
        expect(mine).toHaveLength(1);
        expect(mine[0]?.status).toBe('remembered');
        expect(await world.cognitoDevices(NOMFA_POOL, user.username)).toEqual([mine[0]?.deviceKey]);
      });
    });

    it(`different users, same site (round ${round})`, async () => {
      await tally.check(`different users round ${round}`, async () => {
        const users = world.pools.nomfa.slice(1, 1 + TABS);
        await allSucceed(
          users.map((u, tab) => world.page(ORIGIN, NOMFA_POOL, NOMFA_CLIENT, tab + 1).signIn(u)),
        );
        const vault = await world.vault();
        for (const u of users) {
          const record = await vault.getDevice(NOMFA_POOL, u.username, ORIGIN);
          expect(record?.status).toBe('remembered');
          expect(await world.cognitoDevices(NOMFA_POOL, u.username)).toEqual([record?.deviceKey]);
        }
      });
    });

    it(`same user, ${TABS} different sites and pools (round ${round})`, async () => {
      await tally.check(`different sites round ${round}`, async () => {
        const user = world.pools.site[0];
        if (!user) throw new Error('no user');
        await allSucceed(
          SITE_POOLS.map((s, tab) => world.page(s.origin, s.poolId, s.clientId, tab + 1).signIn(user)),
        );
        const vault = await world.vault();
        for (const s of SITE_POOLS) {
          const record = await vault.getDevice(s.poolId, user.username, s.origin);
          expect(record?.origin).toBe(s.origin);
          expect(await world.cognitoDevices(s.poolId, user.username)).toEqual([record?.deviceKey]);
          // No lost update on the site record: the client is bound, and its pool learned.
          const site = await vault.getSite(s.origin);
          expect(site?.clients).toEqual([
            { clientId: s.clientId, endpoint: `${world.url}/`, poolId: s.poolId },
          ]);
        }
      });
    });
  }

  it('vault writes racing on one site record lose nothing (10 app clients bound at once)', async () => {
    await tally.check('racing bindClient', async () => {
      const vault = await world.vault();
      const origin = 'https://race.example';
      await vault.enableSite(origin, Date.now());
      const clients = Array.from({ length: TABS }, (_, i) => `raceclient${i}`);
      const results = await Promise.all(clients.map((c) => vault.bindClient(origin, c, `${world.url}/`)));
      expect(results).toEqual(clients.map(() => 'bound'));
      await Promise.all(clients.map((c, i) => vault.setClientPool(origin, c, `us-east-1_Race${i}`)));
      const site = await vault.getSite(origin);
      expect(site?.clients.map((c) => [c.clientId, c.poolId]).sort()).toEqual(
        clients.map((c, i) => [c, `us-east-1_Race${i}`]).sort(),
      );
    });
  });
});
