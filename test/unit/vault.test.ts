// The vault on an in-memory IndexedDB (fake-indexeddb): Node has no IndexedDB, so this is the one
// stand-in; the same code runs on the browsers' real IndexedDB in the e2e suites.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, openVault, VAULT_VERSION } from '../../background/vault/open.ts';
import type { DeviceRecord } from '../../background/vault/schema.ts';
import { ACTIVITY_CAP, Vault } from '../../background/vault/vault.ts';

async function freshVault(): Promise<Vault> {
  return new Vault(await openVault('vault-test', new IDBFactory()));
}

function device(over: Partial<DeviceRecord> = {}): DeviceRecord {
  return {
    poolId: 'us-east-1_Pool',
    username: 'alice',
    deviceKey: 'us-east-1_aaaa',
    deviceGroupKey: '-grp',
    devicePassword: 'secret',
    deviceName: 'Chrome on Linux',
    status: 'remembered',
    origin: 'https://app.example',
    endpoint: 'https://cognito-idp.us-east-1.amazonaws.com/',
    createdAt: 1,
    ...over,
  };
}

describe('device vault', () => {
  it('creates every store of the current schema version from an empty database', async () => {
    const factory = new IDBFactory();
    const db = await openVault('vault-schema', factory);
    expect(db.version).toBe(VAULT_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([
      'activity',
      'aliases',
      'devices',
      'refreshTokens',
      'sites',
    ]);
    db.close();
  });

  it('keeps records when an existing database is reopened, and when one at any earlier version is upgraded', async () => {
    for (let from = 1; from <= VAULT_VERSION; from++) {
      const name = `vault-upgrade-${from}`;
      const old = await openDB(name, from, {
        async upgrade(db, oldVersion, _n, tx) {
          // biome-ignore lint/suspicious/noExplicitAny: replays released migrations against an untyped old database
          for (let v = oldVersion; v < from; v++) await MIGRATIONS[v]?.(db as any, tx as any);
        },
      });
      // The record as version `from` wrote it: v1 had a list of origins instead of one origin.
      const { origin, ...rest } = device();
      await old.put('devices', from < 2 ? { ...rest, origins: [origin] } : device());
      old.close();
      const vault = new Vault(await openVault(name));
      expect(await vault.getDevice('us-east-1_Pool', 'alice', 'https://app.example')).toEqual(device());
    }
  });

  it('binds an app client to the endpoint it was first seen with and reports a different endpoint as a conflict', async () => {
    const vault = await freshVault();
    expect(await vault.bindClient('https://app.example', 'client1', 'https://a/')).toBe('no-site');
    await vault.enableSite('https://app.example', 1);
    expect(await vault.bindClient('https://app.example', 'client1', 'https://a/')).toBe('bound');
    expect(await vault.bindClient('https://app.example', 'client1', 'https://a/')).toBe('bound');
    expect(await vault.bindClient('https://app.example', 'client1', 'https://evil/')).toBe('conflict');
    await vault.setClientPool('https://app.example', 'client1', 'us-east-1_Pool');
    await vault.setClientPool('https://app.example', 'client1', 'us-east-1_Other');
    expect((await vault.getSite('https://app.example'))?.clients).toEqual([
      { clientId: 'client1', endpoint: 'https://a/', poolId: 'us-east-1_Pool' },
    ]);
  });

  it('deletes a device together with every refresh-token hash pointing at it, and only the named device', async () => {
    const vault = await freshVault();
    await vault.putDevice(device());
    await vault.putRefreshToken({
      hash: 'h1',
      poolId: 'us-east-1_Pool',
      username: 'alice',
      deviceKey: 'us-east-1_aaaa',
      createdAt: 1,
    });
    await vault.putRefreshToken({
      hash: 'h2',
      poolId: 'us-east-1_Pool',
      username: 'bob',
      deviceKey: 'us-east-1_bbbb',
      createdAt: 1,
    });
    expect(await vault.deleteDevice('us-east-1_other')).toBeUndefined();
    expect(await vault.getDevice('us-east-1_Pool', 'alice', 'https://app.example')).toBeDefined();
    expect((await vault.deleteDevice('us-east-1_aaaa'))?.deviceKey).toBe('us-east-1_aaaa');
    expect(await vault.getDevice('us-east-1_Pool', 'alice', 'https://app.example')).toBeUndefined();
    expect(await vault.getRefreshToken('h1')).toBeUndefined();
    expect(await vault.getRefreshToken('h2')).toBeDefined();
  });

  it('updates only the device the caller knows about, so a concurrent re-enrollment is never overwritten', async () => {
    const vault = await freshVault();
    await vault.putDevice(device({ deviceKey: 'new-key' }));
    expect(await vault.updateDevice('old-key', (r) => ({ ...r, status: 'broken' }))).toBeUndefined();
    expect((await vault.getDevice('us-east-1_Pool', 'alice', 'https://app.example'))?.status).toBe(
      'remembered',
    );
  });

  it('keeps one device per site for the same account, each changed and removed on its own', async () => {
    const vault = await freshVault();
    await vault.putDevice(device({ deviceKey: 'key-a' }));
    await vault.putDevice(device({ deviceKey: 'key-b', origin: 'https://admin.example' }));
    expect((await vault.getDevice('us-east-1_Pool', 'alice', 'https://app.example'))?.deviceKey).toBe(
      'key-a',
    );
    expect((await vault.getDevice('us-east-1_Pool', 'alice', 'https://admin.example'))?.deviceKey).toBe(
      'key-b',
    );
    await vault.updateDevice('key-b', (r) => ({ ...r, status: 'broken' }));
    expect((await vault.getDeviceByKey('key-a'))?.status).toBe('remembered');
    await vault.deleteDevice('key-a');
    expect((await vault.listDevices()).map((d) => d.deviceKey)).toEqual(['key-b']);
  });

  it('resolves aliases case-insensitively per site, app client and endpoint; disabling the site drops them', async () => {
    const vault = await freshVault();
    const a = { origin: 'https://a.example', clientId: 'c1', endpoint: 'https://idp.example/' };
    await vault.enableSite(a.origin, 1);
    await vault.putAlias({ ...a, alias: 'Alice@example.com', username: 'alice-uuid' });
    expect(await vault.resolveAlias(a, 'Alice@Example.com')).toBe('alice-uuid');
    expect(await vault.resolveAlias({ ...a, clientId: 'c2' }, 'alice@example.com')).toBeUndefined();
    // Another site using the same public client ID, and the same site through another endpoint, see nothing.
    expect(
      await vault.resolveAlias({ ...a, origin: 'https://b.example' }, 'alice@example.com'),
    ).toBeUndefined();
    expect(await vault.resolveAlias({ ...a, endpoint: 'https://evil.example/' }, 'alice@example.com')).toBe(
      undefined,
    );
    await vault.disableSite(a.origin);
    await vault.enableSite(a.origin, 2);
    expect(await vault.resolveAlias(a, 'alice@example.com')).toBeUndefined();
  });

  it('keeps one record per device key: a second record reusing a key is refused and changes nothing', async () => {
    const vault = await freshVault();
    const a = device({ username: 'alice', origin: 'https://a.example', deviceKey: 'key-a' });
    await vault.putDevice(a);
    const b = { ...a, origin: 'https://b.example', devicePassword: 'other' };
    await expect(vault.replaceDevice(undefined, b)).rejects.toThrow();
    expect(await vault.listDevices()).toEqual([a]);
    // A change or removal aimed at a primary key that holds another key touches nothing.
    expect(await vault.deleteDeviceAt({ ...b, deviceKey: 'key-other' })).toBeUndefined();
    expect(await vault.deleteDeviceAt(b)).toBeUndefined();
    expect(await vault.updateDeviceAt(b, (r) => ({ ...r, status: 'broken' }))).toBeUndefined();
    expect((await vault.getDeviceByKey('key-a'))?.status).toBe(a.status);
    expect(await vault.deleteDeviceAt(a)).toEqual(a);
  });

  it('caps the activity log, dropping the oldest entries first, and lists newest first', async () => {
    const vault = await freshVault();
    for (let i = 0; i < ACTIVITY_CAP + 5; i++) await vault.log({ at: i, kind: 'mfa-skipped' });
    const all = await vault.listActivity(ACTIVITY_CAP + 100);
    expect(all).toHaveLength(ACTIVITY_CAP);
    expect(all[0]?.at).toBe(ACTIVITY_CAP + 4);
    expect(all.at(-1)?.at).toBe(5);
  });
});
