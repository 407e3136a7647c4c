import { type IDBPDatabase, type IDBPTransaction, openDB, type StoreNames } from 'idb';
import { markOnce } from '../startup-marks.ts';
import { type ActivityRecordV3, activityFromV3 } from './legacy-activity.ts';
import type { AliasRecord, DeviceRecord, SiteRecord, VaultSchema } from './schema.ts';

export const VAULT_NAME = 'device-vault';

type UpgradeTx = IDBPTransaction<VaultSchema, StoreNames<VaultSchema>[], 'versionchange'>;
/** May be async, awaiting only requests of `tx` (anything else would let the upgrade commit early). */
type Migration = (db: IDBPDatabase<VaultSchema>, tx: UpgradeTx) => void | Promise<void>;

/** A v1 device record: one per pool + user, with the origins allowed to use it. */
interface DeviceRecordV1 extends Omit<DeviceRecord, 'origin'> {
  origins: string[];
}

/** A v1/v2 alias: per app client only, shared by every site (a hostile site could set another's). */
type AliasRecordV2 = Pick<AliasRecord, 'clientId' | 'alias' | 'username'>;

/**
 * Migrations by target version; each runs once, in order, inside the upgrade transaction, so an
 * interrupted upgrade leaves the previous version intact. Append, never edit a released step.
 */
export const MIGRATIONS: readonly Migration[] = [
  // v1: the first schema.
  (db) => {
    const devices = db.createObjectStore('devices', { keyPath: ['poolId', 'username'] });
    devices.createIndex('byDeviceKey', 'deviceKey', { unique: false });
    db.createObjectStore('sites', { keyPath: 'origin' });
    db.createObjectStore('aliases', { keyPath: ['clientId', 'alias'] });
    const refresh = db.createObjectStore('refreshTokens', { keyPath: 'hash' });
    refresh.createIndex('byDevice', 'deviceKey', { unique: false });
    db.createObjectStore('activity', { keyPath: 'id', autoIncrement: true });
  },
  // v2: devices keyed by pool + user + site, so each enabled site of a pool keeps its own device
  // (v1 kept one per pool + user: two sites sharing a pool replaced each other's at every switch).
  // A key path cannot change in place: read the records, recreate the store, write them back.
  async (db, tx) => {
    const old = (await tx.objectStore('devices').getAll()) as unknown as DeviceRecordV1[];
    db.deleteObjectStore('devices');
    const devices = db.createObjectStore('devices', { keyPath: ['poolId', 'username', 'origin'] });
    devices.createIndex('byDeviceKey', 'deviceKey', { unique: false });
    // v1 only ever wrote one origin, the enrolling site's. (One record per device key: a record with
    // no origin could never be served, but stays listed and removable.)
    for (const { origins, ...rest } of old) await devices.put({ ...rest, origin: origins[0] ?? '' });
  },
  // v3: state scoped to the site that produced it, one device per device key.
  async (db, tx) => {
    // Aliases keyed by origin + app client. An old alias goes to the one site bound to its client; when
    // several sites share the client ID there is no telling which site's sign-in taught it (nor whether a
    // hostile one did), so it is dropped: the next sign-in there learns it again.
    const oldAliases = (await tx.objectStore('aliases').getAll()) as unknown as AliasRecordV2[];
    const sites = (await tx.objectStore('sites').getAll()) as SiteRecord[];
    db.deleteObjectStore('aliases');
    const aliases = db.createObjectStore('aliases', { keyPath: ['origin', 'clientId', 'alias'] });
    aliases.createIndex('byOrigin', 'origin', { unique: false });
    for (const a of oldAliases) {
      const bound = sites.flatMap((s) =>
        s.clients
          .filter((c) => c.clientId === a.clientId)
          .map((c) => ({ origin: s.origin, endpoint: c.endpoint })),
      );
      if (bound.length === 1 && bound[0]) await aliases.put({ ...a, ...bound[0] });
    }
    // One record per device key (Cognito never issues a key twice): a later record reusing an earlier
    // one's key cannot be genuine, so the oldest stays.
    const devices = tx.objectStore('devices');
    const all = (await devices.getAll()).sort((x, y) => x.createdAt - y.createdAt);
    const seen = new Set<string>();
    for (const d of all) {
      if (seen.has(d.deviceKey)) await devices.delete([d.poolId, d.username, d.origin]);
      seen.add(d.deviceKey);
    }
    devices.deleteIndex('byDeviceKey');
    devices.createIndex('byDeviceKey', 'deviceKey', { unique: true });
  },
  // v4: activity entries carry what programs read (an error's reason, an ended trust's days) beside the
  // words for people, so the site doctor never reads words. Older entries get theirs here, once, from
  // the words their released version wrote: upgrading in place (not on every read) keeps one shape in
  // the store, so the doctor, the popup and the toolbar read typed entries only. The log is capped
  // (ACTIVITY_CAP), so this is a few hundred records at most.
  async (_db, tx) => {
    let cursor = await tx.objectStore('activity').openCursor();
    while (cursor) {
      await cursor.update(activityFromV3(cursor.value as unknown as ActivityRecordV3));
      cursor = await cursor.continue();
    }
  },
];

export const VAULT_VERSION = MIGRATIONS.length;

export function openVault(name = VAULT_NAME, factory?: IDBFactory): Promise<IDBPDatabase<VaultSchema>> {
  // idb reads the global indexedDB; tests in Node pass an in-memory factory instead.
  if (factory) (globalThis as { indexedDB?: IDBFactory }).indexedDB = factory;
  const opened = openDB<VaultSchema>(name, VAULT_VERSION, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      for (let v = oldVersion; v < VAULT_VERSION; v++) await MIGRATIONS[v]?.(db, tx);
    },
  });
  void opened.then(() => markOnce('vault:opened')).catch(() => undefined);
  return opened;
}
