import { type IDBPDatabase, type IDBPTransaction, openDB, type StoreNames } from 'idb';
import type { VaultSchema } from './schema.ts';

export const VAULT_NAME = 'device-vault';

type UpgradeTx = IDBPTransaction<VaultSchema, StoreNames<VaultSchema>[], 'versionchange'>;
type Migration = (db: IDBPDatabase<VaultSchema>, tx: UpgradeTx) => void;

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
];

export const VAULT_VERSION = MIGRATIONS.length;

export function openVault(name = VAULT_NAME, factory?: IDBFactory): Promise<IDBPDatabase<VaultSchema>> {
  // idb reads the global indexedDB; tests in Node pass an in-memory factory instead.
  if (factory) (globalThis as { indexedDB?: IDBFactory }).indexedDB = factory;
  return openDB<VaultSchema>(name, VAULT_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      for (let v = oldVersion; v < VAULT_VERSION; v++) MIGRATIONS[v]?.(db, tx);
    },
  });
}
