import type { IDBPDatabase } from 'idb';
import type { SitePolicy } from '../../src/messages/index.ts';
import type {
  ActivityRecord,
  AliasRecord,
  DeviceRecord,
  RefreshTokenRecord,
  SiteRecord,
  VaultSchema,
} from './schema.ts';

export const ACTIVITY_CAP = 500;
export const DEFAULT_POLICY: SitePolicy = 'ask';

/** Typed operations on the vault database. Every multi-record change is one transaction. */
export class Vault {
  constructor(private readonly db: IDBPDatabase<VaultSchema>) {}

  // Sites
  getSite(origin: string): Promise<SiteRecord | undefined> {
    return this.db.get('sites', origin);
  }
  listSites(): Promise<SiteRecord[]> {
    return this.db.getAll('sites');
  }
  async enableSite(origin: string, now: number): Promise<SiteRecord> {
    const tx = this.db.transaction('sites', 'readwrite');
    const existing = await tx.store.get(origin);
    const site: SiteRecord = existing ?? { origin, policy: DEFAULT_POLICY, clients: [], enabledAt: now };
    await tx.store.put(site);
    await tx.done;
    return site;
  }
  async disableSite(origin: string): Promise<void> {
    await this.db.delete('sites', origin);
  }
  async setPolicy(origin: string, policy: SitePolicy): Promise<boolean> {
    const tx = this.db.transaction('sites', 'readwrite');
    const site = await tx.store.get(origin);
    if (site) await tx.store.put({ ...site, policy });
    await tx.done;
    return site !== undefined;
  }
  /**
   * Sets (or, with undefined, clears) a site's custom endpoint; false when the site is not enabled.
   * App clients learned through the endpoint being replaced are unbound (they are re-learned at the
   * next sign-in), so the change is not refused later as an endpoint conflict. Devices keep their
   * own endpoint: their proofs still go nowhere else.
   */
  async setCustomEndpoint(origin: string, endpoint: string | undefined): Promise<boolean> {
    const tx = this.db.transaction('sites', 'readwrite');
    const site = await tx.store.get(origin);
    if (site && site.customEndpoint !== endpoint) {
      const { customEndpoint: old, ...rest } = site;
      const clients = site.clients.filter(
        (c) => c.endpoint !== old && (endpoint === undefined || c.endpoint === endpoint),
      );
      await tx.store.put(
        endpoint === undefined ? { ...rest, clients } : { ...rest, clients, customEndpoint: endpoint },
      );
    }
    await tx.done;
    return site !== undefined;
  }
  /**
   * Binds an app client to a site on first use. A client already bound to another endpoint is a
   * conflict: the device's proofs must only ever go to the endpoint it was first seen with.
   */
  async bindClient(
    origin: string,
    clientId: string,
    endpoint: string,
  ): Promise<'bound' | 'conflict' | 'no-site'> {
    const tx = this.db.transaction('sites', 'readwrite');
    const site = await tx.store.get(origin);
    if (!site) {
      await tx.done;
      return 'no-site';
    }
    const existing = site.clients.find((c) => c.clientId === clientId);
    if (existing) {
      await tx.done;
      return existing.endpoint === endpoint ? 'bound' : 'conflict';
    }
    await tx.store.put({ ...site, clients: [...site.clients, { clientId, endpoint }] });
    await tx.done;
    return 'bound';
  }
  async setClientPool(origin: string, clientId: string, poolId: string): Promise<void> {
    const tx = this.db.transaction('sites', 'readwrite');
    const site = await tx.store.get(origin);
    if (site) {
      const clients = site.clients.map((c) => (c.clientId === clientId && !c.poolId ? { ...c, poolId } : c));
      await tx.store.put({ ...site, clients });
    }
    await tx.done;
  }

  // Devices: one per pool + user + site; changed and removed by device key, so a caller only ever
  // touches the device it knows about (a concurrent re-enrollment is a different key).
  getDevice(poolId: string, username: string, origin: string): Promise<DeviceRecord | undefined> {
    return this.db.get('devices', [poolId, username, origin]);
  }
  getDeviceByKey(deviceKey: string): Promise<DeviceRecord | undefined> {
    return this.db.getFromIndex('devices', 'byDeviceKey', deviceKey);
  }
  listDevices(): Promise<DeviceRecord[]> {
    return this.db.getAll('devices');
  }
  async putDevice(record: DeviceRecord): Promise<void> {
    await this.db.put('devices', record);
  }
  async updateDevice(
    deviceKey: string,
    change: (r: DeviceRecord) => DeviceRecord,
  ): Promise<DeviceRecord | undefined> {
    const tx = this.db.transaction('devices', 'readwrite');
    const record = await tx.store.index('byDeviceKey').get(deviceKey);
    const updated = record ? change(record) : undefined;
    if (updated) await tx.store.put(updated);
    await tx.done;
    return updated;
  }
  /** Removes a device record and every refresh-token hash pointing at it, atomically. */
  async deleteDevice(deviceKey: string): Promise<DeviceRecord | undefined> {
    const tx = this.db.transaction(['devices', 'refreshTokens'], 'readwrite');
    const devices = tx.objectStore('devices');
    const record = await devices.index('byDeviceKey').get(deviceKey);
    if (record) {
      await devices.delete([record.poolId, record.username, record.origin]);
      const refresh = tx.objectStore('refreshTokens');
      for (const key of await refresh.index('byDevice').getAllKeys(deviceKey)) await refresh.delete(key);
    }
    await tx.done;
    return record;
  }

  // Aliases: what the person typed → canonical username, per app client.
  async putAlias(record: AliasRecord): Promise<void> {
    await this.db.put('aliases', record);
  }
  async resolveAlias(clientId: string, typed: string): Promise<string | undefined> {
    return (await this.db.get('aliases', [clientId, typed.toLowerCase()]))?.username;
  }

  // Refresh tokens (by hash).
  async putRefreshToken(record: RefreshTokenRecord): Promise<void> {
    await this.db.put('refreshTokens', record);
  }
  getRefreshToken(hash: string): Promise<RefreshTokenRecord | undefined> {
    return this.db.get('refreshTokens', hash);
  }

  // Activity log, capped: the oldest entries go first.
  async log(entry: Omit<ActivityRecord, 'id'>): Promise<void> {
    const tx = this.db.transaction('activity', 'readwrite');
    await tx.store.add(entry);
    const count = await tx.store.count();
    if (count > ACTIVITY_CAP) {
      let cursor = await tx.store.openCursor();
      for (let excess = count - ACTIVITY_CAP; cursor && excess > 0; excess--) {
        await cursor.delete();
        cursor = await cursor.continue();
      }
    }
    await tx.done;
  }
  async listActivity(limit = 100): Promise<ActivityRecord[]> {
    const out: ActivityRecord[] = [];
    let cursor = await this.db.transaction('activity').store.openCursor(null, 'prev');
    while (cursor && out.length < limit) {
      out.push(cursor.value);
      cursor = await cursor.continue();
    }
    return out;
  }
}
