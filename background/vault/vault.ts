import type { IDBPDatabase, IDBPTransaction } from 'idb';
import type { ActivityView, SitePolicy } from '../../src/messages/index.ts';
import type {
  ActivityRecord,
  AliasRecord,
  DeviceRecord,
  DeviceRef,
  RefreshTokenRecord,
  SiteRecord,
  VaultSchema,
} from './schema.ts';

export const ACTIVITY_CAP = 500;
export const DEFAULT_POLICY: SitePolicy = 'ask';

/**
 * A client's binding as a site record already says it: bound to this endpoint, bound to another
 * (a conflict: a device's proofs only ever go to the endpoint the client was first seen with), or
 * not bound yet (undefined).
 */
export function knownBinding(
  site: SiteRecord,
  clientId: string,
  endpoint: string,
): 'bound' | 'conflict' | undefined {
  const existing = site.clients.find((c) => c.clientId === clientId);
  if (!existing) return undefined;
  return existing.endpoint === endpoint ? 'bound' : 'conflict';
}

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
  /** Removes the site and everything learned on it (aliases), in one transaction. */
  async disableSite(origin: string): Promise<void> {
    const tx = this.db.transaction(['sites', 'aliases'], 'readwrite');
    await tx.objectStore('sites').delete(origin);
    const aliases = tx.objectStore('aliases');
    for (const key of await aliases.index('byOrigin').getAllKeys(origin)) await aliases.delete(key);
    await tx.done;
  }
  /**
   * One site's record changed in one transaction: `change` returns the new record, or undefined for no
   * change. False when the site is not enabled.
   */
  private async changeSite(
    origin: string,
    change: (site: SiteRecord) => SiteRecord | undefined,
  ): Promise<boolean> {
    const tx = this.db.transaction('sites', 'readwrite');
    const site = await tx.store.get(origin);
    const changed = site && change(site);
    if (changed) await tx.store.put(changed);
    await tx.done;
    return site !== undefined;
  }
  /** Marks (or, with undefined, unmarks) a site whose own code manages its devices; false when not enabled. */
  setManagesOwnDevices(
    origin: string,
    mark: { since: number; reason: string } | undefined,
  ): Promise<boolean> {
    return this.changeSite(origin, ({ managesOwnDevices: _old, ...rest }) =>
      mark ? { ...rest, managesOwnDevices: mark } : rest,
    );
  }
  setPolicy(origin: string, policy: SitePolicy): Promise<boolean> {
    return this.changeSite(origin, (site) => ({ ...site, policy }));
  }
  /** Sets (or, with undefined, clears) a site's trust lifetime; false when the site is not enabled. */
  setTrustDays(origin: string, trustDays: number | undefined): Promise<boolean> {
    return this.changeSite(origin, (site) => {
      if (site.trustDays === trustDays) return undefined;
      const { trustDays: _old, ...rest } = site;
      return trustDays === undefined ? rest : { ...rest, trustDays };
    });
  }
  /**
   * Sets (or, with undefined, clears) a site's custom endpoint; false when the site is not enabled.
   * App clients learned through the endpoint being replaced are unbound (they are re-learned at the
   * next sign-in), so the change is not refused later as an endpoint conflict. Devices keep their
   * own endpoint: their proofs still go nowhere else.
   */
  setCustomEndpoint(origin: string, endpoint: string | undefined): Promise<boolean> {
    return this.changeSite(origin, (site) => {
      if (site.customEndpoint === endpoint) return undefined;
      const { customEndpoint: old, ...rest } = site;
      const clients = site.clients.filter(
        (c) => c.endpoint !== old && (endpoint === undefined || c.endpoint === endpoint),
      );
      return endpoint === undefined ? { ...rest, clients } : { ...rest, clients, customEndpoint: endpoint };
    });
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
    const known = knownBinding(site, clientId, endpoint);
    if (known) {
      await tx.done;
      return known;
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

  // Devices: one per pool + user + site, and one per device key (a unique index). The sign-in flows
  // change and remove a record by its primary key and device key together (DeviceRef), so a caller only
  // ever touches the device it knows about (a concurrent re-enrollment is a different key).
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
  /**
   * Writes `record` in place of `previous` (this site's older device, if any), atomically. Throws
   * (ConstraintError) and changes nothing when another record already holds `record.deviceKey`.
   */
  async replaceDevice(previous: DeviceRef | undefined, record: DeviceRecord): Promise<void> {
    const tx = this.db.transaction(['devices', 'refreshTokens'], 'readwrite');
    // A refused put aborts the transaction by itself; its completion then rejects, observed here.
    const done = tx.done;
    done.catch(() => undefined);
    if (previous) await this.deleteWithin(tx, previous);
    await tx.objectStore('devices').put(record);
    await done;
  }
  /** Changes the record at `ref`'s primary key, only while it still holds `ref.deviceKey`. */
  async updateDeviceAt(
    ref: DeviceRef,
    change: (r: DeviceRecord) => DeviceRecord,
  ): Promise<DeviceRecord | undefined> {
    const tx = this.db.transaction('devices', 'readwrite');
    const record = await tx.store.get([ref.poolId, ref.username, ref.origin]);
    const updated = record?.deviceKey === ref.deviceKey ? change(record) : undefined;
    if (updated) await tx.store.put(updated);
    await tx.done;
    return updated;
  }
  /** Removes the record at `ref`'s primary key (only while it holds `ref.deviceKey`) and its refresh tokens. */
  async deleteDeviceAt(ref: DeviceRef): Promise<DeviceRecord | undefined> {
    const tx = this.db.transaction(['devices', 'refreshTokens'], 'readwrite');
    const removed = await this.deleteWithin(tx, ref);
    await tx.done;
    return removed;
  }
  private async deleteWithin(
    tx: IDBPTransaction<VaultSchema, ('devices' | 'refreshTokens')[], 'readwrite'>,
    ref: DeviceRef,
  ): Promise<DeviceRecord | undefined> {
    const devices = tx.objectStore('devices');
    const key: [string, string, string] = [ref.poolId, ref.username, ref.origin];
    const record = await devices.get(key);
    if (record?.deviceKey !== ref.deviceKey) return undefined;
    await devices.delete(key);
    const refresh = tx.objectStore('refreshTokens');
    for (const k of await refresh.index('byDevice').getAllKeys(ref.deviceKey)) await refresh.delete(k);
    return record;
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

  // Aliases: what the person typed → canonical username, per site, app client and endpoint.
  async putAlias(record: AliasRecord): Promise<void> {
    await this.db.put('aliases', { ...record, alias: record.alias.toLowerCase() });
  }
  async resolveAlias(
    scope: Pick<AliasRecord, 'origin' | 'clientId' | 'endpoint'>,
    typed: string,
  ): Promise<string | undefined> {
    return (await this.getAlias(scope, typed))?.username;
  }
  async getAlias(
    scope: Pick<AliasRecord, 'origin' | 'clientId' | 'endpoint'>,
    typed: string,
  ): Promise<AliasRecord | undefined> {
    const found = await this.db.get('aliases', [scope.origin, scope.clientId, typed.toLowerCase()]);
    return found?.endpoint === scope.endpoint ? found : undefined;
  }

  // Refresh tokens (by hash).
  async putRefreshToken(record: RefreshTokenRecord): Promise<void> {
    await this.db.put('refreshTokens', record);
  }
  getRefreshToken(hash: string): Promise<RefreshTokenRecord | undefined> {
    return this.db.get('refreshTokens', hash);
  }

  // Activity log, capped: the oldest entries go first.
  async log(entry: ActivityView): Promise<void> {
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
