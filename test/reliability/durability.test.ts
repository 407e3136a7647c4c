// The vault survives: an upgrade from every earlier schema version (fixtures/vault-v<N>.json, one
// file per released version, the current one included: add vault-v5.json with v5), an interrupted upgrade, an
// interrupted write, a worker restart (extension reload) and a browser restart (storage.session
// gone), and the settings export carries no secret.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDB } from 'idb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, openVault, VAULT_VERSION } from '../../background/vault/open.ts';
import type { VaultSchema } from '../../background/vault/schema.ts';
import { Vault } from '../../background/vault/vault.ts';
import { clearSessionStorage } from './support/fake-browser.ts';
import { Tally } from './support/figures.ts';
import { MFA_ORIGIN } from './support/flows.ts';
import { MFA_CLIENT, MFA_POOL, World } from './support/world.ts';

type StoreName = 'devices' | 'sites' | 'aliases' | 'refreshTokens' | 'activity';
interface Fixture {
  version: number;
  /** The records as that version wrote them. */
  stores: Record<StoreName, Record<string, unknown>[]>;
  /** The stores whose records the current version holds differently after the upgrade, as it holds them. */
  upgraded?: Partial<Record<StoreName, Record<string, unknown>[]>>;
}
const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixtures = readdirSync(FIXTURES)
  .filter((f) => /^vault-v\d+\.json$/.test(f))
  .map((f) => ({ file: f, ...(JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as Fixture) }));

/** Builds a database as version `fixture.version` of the extension left it, with its records. */
async function buildOld(name: string, fixture: Fixture): Promise<void> {
  const db = await openDB<VaultSchema>(name, fixture.version, {
    async upgrade(d, oldVersion, _n, tx) {
      for (let v = oldVersion; v < fixture.version; v++) await MIGRATIONS[v]?.(d, tx);
    },
  });
  for (const [store, records] of Object.entries(fixture.stores) as [StoreName, never[]][]) {
    for (const record of records) await db.put(store, record);
  }
  db.close();
}

const world = new World();
const tally = new Tally();
let n = 0;
beforeAll(async () => {
  await world.start();
  const enabled = await world.popup({ type: 'site.enable', origin: MFA_ORIGIN });
  expect(enabled, JSON.stringify(enabled)).toMatchObject({ ok: true });
});
afterAll(async () => {
  tally.details.schemaVersions = fixtures.map((f) => f.version).join(',');
  tally.details.currentVersion = VAULT_VERSION;
  tally.write('durability');
  await world.close();
});

describe('vault durability', () => {
  it('has a fixture for every earlier schema version', () => {
    // The current version's fixture too: it checks that a database of this version opens unchanged.
    const versions = fixtures.map((f) => f.version);
    for (let v = 1; v <= VAULT_VERSION; v++) expect(versions).toContain(v);
  });

  for (const fixture of fixtures) {
    it(`upgrades a v${fixture.version} database (${fixture.file}) keeping every record`, async () => {
      await tally.check(`upgrade from v${fixture.version}`, async () => {
        const name = `durability-${++n}`;
        await buildOld(name, fixture);
        const db = await openVault(name);
        expect(db.version).toBe(VAULT_VERSION);
        const expected = { ...fixture.stores, ...fixture.upgraded };
        for (const [store, records] of Object.entries(expected) as [StoreName, Record<string, unknown>[]][]) {
          const all = (await db.getAll(store)) as unknown as Record<string, unknown>[];
          expect(all.length).toBe(records.length);
          for (const r of records) expect(all).toContainEqual(expect.objectContaining(r));
        }
        // And the vault's operations work on the upgraded records (the cascade, the log).
        const vault = new Vault(db);
        const first = fixture.stores.devices[0] as { deviceKey: string };
        expect(await vault.deleteDevice(first.deviceKey)).toBeDefined();
        expect((await db.getAll('refreshTokens')).some((t) => t.deviceKey === first.deviceKey)).toBe(false);
        await vault.log({ at: 1, kind: 'site-enabled' });
        db.close();
      });
    });

    it(`an upgrade from v${fixture.version} that fails half-way leaves v${fixture.version} intact`, async () => {
      await tally.check(`interrupted upgrade from v${fixture.version}`, async () => {
        const name = `durability-${++n}`;
        await buildOld(name, fixture);
        await expect(
          openDB<VaultSchema>(name, VAULT_VERSION + 1, {
            upgrade(d, oldVersion, _n, tx) {
              // Started, not awaited: the browser stops while a migration's requests are in flight.
              for (let v = oldVersion; v < VAULT_VERSION; v++)
                void Promise.resolve(MIGRATIONS[v]?.(d, tx)).catch(() => undefined);
              d.deleteObjectStore('devices');
              // The aborted upgrade's own completion promise rejects too; the test expects that.
              tx.done.catch(() => undefined);
              throw new Error('browser stopped during the upgrade');
            },
          }),
        ).rejects.toThrow();
        const db = await openDB<VaultSchema>(name);
        expect(db.version).toBe(fixture.version);
        expect(await db.count('devices')).toBe(fixture.stores.devices.length);
        db.close();
      });
    });
  }

  it('a write interrupted before it commits changes nothing (device and its refresh tokens)', async () => {
    await tally.check('interrupted write', async () => {
      const name = `durability-${++n}`;
      const fixture = fixtures[0];
      if (!fixture) throw new Error('no fixture');
      await buildOld(name, fixture);
      const db = await openVault(name);
      const [key] = await db.getAllKeys('devices');
      if (!key) throw new Error('fixture has no device');
      const tx = db.transaction(['devices', 'refreshTokens'], 'readwrite');
      // The requests are issued, then the transaction ends before committing (the worker stopped).
      void tx
        .objectStore('devices')
        .delete(key)
        .catch(() => undefined);
      void tx
        .objectStore('refreshTokens')
        .clear()
        .catch(() => undefined);
      tx.abort();
      await tx.done.catch(() => undefined);
      expect(await db.count('devices')).toBe(fixture.stores.devices.length);
      expect(await db.count('refreshTokens')).toBe(fixture.stores.refreshTokens.length);
      db.close();
    });
  });

  it('survives an extension reload and a browser restart: the device still skips MFA', async () => {
    await tally.check('reload and restart', async () => {
      const user = world.user('mfa');
      const page = world.page(MFA_ORIGIN, MFA_POOL, MFA_CLIENT);
      expect((await page.signIn(user)).result.status).toBe(200);
      const before = await (await world.vault()).getDevice(MFA_POOL, user.username, MFA_ORIGIN);
      await world.restartWorker();
      expect((await page.signIn(user)).mfaAsked).toBe(false);
      // Browser restart: storage.session (the access token) is gone, IndexedDB is not.
      clearSessionStorage();
      await world.restartWorker();
      const list = await world.popup({
        type: 'devices.list',
        origin: MFA_ORIGIN,
        poolId: MFA_POOL,
        username: user.username,
      });
      expect(list).toMatchObject({ ok: false, error: { code: 'token-missing' } });
      const again = await page.signIn(user);
      expect(again.mfaAsked).toBe(false);
      expect((await (await world.vault()).getDevice(MFA_POOL, user.username, MFA_ORIGIN))?.deviceKey).toBe(
        before?.deviceKey,
      );
      expect(
        await world.popup({
          type: 'devices.list',
          origin: MFA_ORIGIN,
          poolId: MFA_POOL,
          username: user.username,
        }),
      ).toMatchObject({
        ok: true,
      });
    });
  });

  it('a settings file carries the trust lifetime: exported, previewed as a change, imported', async () => {
    const set = await world.popup<{ trustDays?: number }>({
      type: 'site.setTrustDays',
      origin: MFA_ORIGIN,
      trustDays: 30,
    });
    expect(set).toMatchObject({ ok: true, value: { trustDays: 30 } });
    const exported = await world.popup<{ sites: { origin: string; trustDays?: number }[] }>({
      type: 'settings.export',
    });
    if (!exported.ok) throw new Error(exported.error.message);
    const entry = exported.value.sites.find((s) => s.origin === MFA_ORIGIN);
    expect(entry?.trustDays).toBe(30);
    const settings = { ...exported.value, sites: [{ ...entry, trustDays: 7 }] };
    const preview = await world.popup({ type: 'settings.preview', settings });
    expect(preview).toMatchObject({
      ok: true,
      value: { changes: [{ origin: MFA_ORIGIN, kind: 'update', trustDays: { from: 30, to: 7 } }] },
    });
    expect(await world.popup({ type: 'settings.import', settings })).toMatchObject({ ok: true });
    expect((await (await world.vault()).getSite(MFA_ORIGIN))?.trustDays).toBe(7);
    // Lifted again, so the other cases see the default (no limit).
    expect(await world.popup({ type: 'site.setTrustDays', origin: MFA_ORIGIN })).toMatchObject({ ok: true });
    expect(await (await world.vault()).getSite(MFA_ORIGIN)).not.toHaveProperty('trustDays');
  });

  it('the settings export holds no device, token, client or secret', async () => {
    await tally.check('export has no secrets', async () => {
      const reply = await world.popup<unknown>({ type: 'settings.export' });
      expect(reply.ok).toBe(true);
      const text = JSON.stringify(reply);
      const devices = await (await world.vault()).listDevices();
      expect(devices.length).toBeGreaterThan(0);
      for (const d of devices) {
        for (const value of [d.devicePassword, d.deviceGroupKey, d.deviceKey, d.username])
          expect(text).not.toContain(value);
      }
      expect(text).not.toContain(MFA_CLIENT);
      expect(text).not.toContain('Token');
    });
  });
});
