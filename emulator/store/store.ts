import type { StorageBackend, TableName } from './backend.ts';
import type {
  ClientRecord,
  DeviceRecord,
  PoolRecord,
  RefreshTokenRecord,
  SigningKeyRecord,
  UserRecord,
} from './records.ts';

/** The sign-in names that can point at a user besides the canonical username. */
const LOGIN_ATTRIBUTES = ['email', 'phone_number', 'preferred_username'] as const;

const userKey = (poolId: string, username: string): string => `${poolId}\u0000${username}`;

/**
 * All state, in memory, with indexes for the hot path. Every mutation is also handed to the backend
 * (nothing for the in-memory emulator, SQLite for `--data`), so reads never touch the disk.
 * Callers mutate a record they got from here and then call the matching put* to persist it.
 */
/** Live refresh tokens kept per user; see putRefreshToken. */
export const REFRESH_TOKENS_PER_USER = 200;

export class Store {
  readonly pools = new Map<string, PoolRecord>();
  readonly clients = new Map<string, ClientRecord>();
  private readonly users = new Map<string, UserRecord>();
  /** poolId\0normalized username → canonical key */
  private readonly usersByName = new Map<string, UserRecord>();
  /** poolId\0attribute\0value → user */
  private readonly usersByLogin = new Map<string, UserRecord>();
  /** The login index entries a user had when last indexed, to remove them on change. */
  private readonly loginKeysOf = new WeakMap<UserRecord, string[]>();
  private readonly devices = new Map<string, DeviceRecord>();
  private readonly devicesOfUser = new Map<string, Set<string>>();
  private readonly refreshByHash = new Map<string, RefreshTokenRecord>();
  private readonly refreshByJti = new Map<string, RefreshTokenRecord>();
  /** Hashes of each user's refresh tokens, oldest first (a Set keeps insertion order). */
  private readonly refreshOfUser = new Map<string, Set<string>>();
  private readonly signingKeys = new Map<string, SigningKeyRecord>();

  constructor(private readonly backend: StorageBackend) {
    for (const p of backend.loadAll('pools') as PoolRecord[]) this.pools.set(p.id, p);
    for (const c of backend.loadAll('clients') as ClientRecord[]) this.clients.set(c.id, c);
    for (const u of backend.loadAll('users') as UserRecord[]) this.indexUser(u);
    for (const d of backend.loadAll('devices') as DeviceRecord[]) this.indexDevice(d);
    const stored = backend.loadAll('refresh_tokens') as RefreshTokenRecord[];
    for (const r of stored.sort((a, b) => a.authTime - b.authTime)) this.indexRefreshToken(r);
    for (const k of backend.loadAll('signing_keys') as SigningKeyRecord[]) this.signingKeys.set(k.poolId, k);
  }

  close(): void {
    this.backend.close();
  }

  batch(fn: () => void): void {
    this.backend.batch(fn);
  }

  private persist(table: TableName, key: string, value: object): void {
    this.backend.put(table, key, value);
  }

  // Pools and clients

  putPool(pool: PoolRecord): void {
    this.pools.set(pool.id, pool);
    this.persist('pools', pool.id, pool);
  }

  deletePool(poolId: string): void {
    this.backend.batch(() => {
      for (const c of [...this.clients.values()]) if (c.poolId === poolId) this.deleteClient(c.id);
      for (const u of [...this.users.values()]) if (u.poolId === poolId) this.deleteUser(u);
      this.pools.delete(poolId);
      this.backend.delete('pools', poolId);
      this.signingKeys.delete(poolId);
      this.backend.delete('signing_keys', poolId);
    });
  }

  putClient(client: ClientRecord): void {
    this.clients.set(client.id, client);
    this.persist('clients', client.id, client);
  }

  deleteClient(clientId: string): void {
    this.clients.delete(clientId);
    this.backend.delete('clients', clientId);
  }

  // Users

  normalizeName(pool: PoolRecord, name: string): string {
    return pool.caseSensitive ? name : name.toLowerCase();
  }

  /** The user whose canonical username is `username`. */
  getUser(pool: PoolRecord, username: string): UserRecord | undefined {
    return this.usersByName.get(userKey(pool.id, this.normalizeName(pool, username)));
  }

  /** Resolves what someone typed at sign-in: the username, or an email/phone/preferred_username the pool allows. */
  findUserByLogin(pool: PoolRecord, login: string): UserRecord | undefined {
    const direct = this.getUser(pool, login);
    if (direct) return direct;
    for (const attr of LOGIN_ATTRIBUTES) {
      const hit = this.usersByLogin.get(`${pool.id}\u0000${attr}\u0000${login.toLowerCase()}`);
      if (hit && this.loginAllowed(pool, hit, attr)) return hit;
    }
    return undefined;
  }

  /** The user (other than `except`) already holding this email/phone as a sign-in name, for uniqueness checks. */
  findLoginOwner(pool: PoolRecord, attr: string, value: string): UserRecord | undefined {
    return this.usersByLogin.get(`${pool.id}\u0000${attr}\u0000${value.toLowerCase()}`);
  }

  private loginAllowed(pool: PoolRecord, user: UserRecord, attr: string): boolean {
    if (pool.usernameAttributes.includes(attr)) return true;
    if (!pool.aliasAttributes.includes(attr)) return false;
    // Cognito only lets a verified email or phone number act as an alias.
    if (attr === 'email') return user.attributes.email_verified === 'true';
    if (attr === 'phone_number') return user.attributes.phone_number_verified === 'true';
    return true;
  }

  listUsers(poolId: string): UserRecord[] {
    return [...this.users.values()].filter((u) => u.poolId === poolId);
  }

  countUsers(poolId: string): number {
    let n = 0;
    for (const u of this.users.values()) if (u.poolId === poolId) n++;
    return n;
  }

  putUser(user: UserRecord): void {
    this.indexUser(user);
    this.persist('users', userKey(user.poolId, user.username), user);
  }

  private indexUser(user: UserRecord): void {
    const pool = this.pools.get(user.poolId);
    const key = userKey(user.poolId, user.username);
    const previous = this.users.get(key);
    if (previous && previous !== user) this.unindexLogins(previous);
    this.unindexLogins(user);
    this.users.set(key, user);
    this.usersByName.set(
      userKey(user.poolId, pool ? this.normalizeName(pool, user.username) : user.username),
      user,
    );
    const loginKeys: string[] = [];
    for (const attr of LOGIN_ATTRIBUTES) {
      const value = user.attributes[attr];
      if (!value) continue;
      const k = `${user.poolId}\u0000${attr}\u0000${value.toLowerCase()}`;
      this.usersByLogin.set(k, user);
      loginKeys.push(k);
    }
    this.loginKeysOf.set(user, loginKeys);
  }

  private unindexLogins(user: UserRecord): void {
    for (const k of this.loginKeysOf.get(user) ?? []) {
      if (this.usersByLogin.get(k) === user) this.usersByLogin.delete(k);
    }
  }

  deleteUser(user: UserRecord): void {
    const pool = this.pools.get(user.poolId);
    this.backend.batch(() => {
      for (const d of this.listDevices(user)) this.deleteDevice(d);
      for (const hash of [...(this.refreshOfUser.get(userKey(user.poolId, user.username)) ?? [])]) {
        const r = this.refreshByHash.get(hash);
        if (r) this.deleteRefreshToken(r);
      }
      this.unindexLogins(user);
      const key = userKey(user.poolId, user.username);
      this.users.delete(key);
      this.usersByName.delete(
        userKey(user.poolId, pool ? this.normalizeName(pool, user.username) : user.username),
      );
      this.backend.delete('users', key);
    });
  }

  // Devices

  getDevice(key: string): DeviceRecord | undefined {
    return this.devices.get(key);
  }

  listDevices(user: UserRecord): DeviceRecord[] {
    const keys = this.devicesOfUser.get(userKey(user.poolId, user.username));
    if (!keys) return [];
    return [...keys].map((k) => this.devices.get(k)!).filter(Boolean);
  }

  putDevice(device: DeviceRecord): void {
    this.indexDevice(device);
    this.persist('devices', device.key, device);
  }

  private indexDevice(device: DeviceRecord): void {
    this.devices.set(device.key, device);
    const uk = userKey(device.poolId, device.username);
    let set = this.devicesOfUser.get(uk);
    if (!set) {
      set = new Set();
      this.devicesOfUser.set(uk, set);
    }
    set.add(device.key);
  }

  deleteDevice(device: DeviceRecord): void {
    this.devices.delete(device.key);
    this.devicesOfUser.get(userKey(device.poolId, device.username))?.delete(device.key);
    this.backend.delete('devices', device.key);
  }

  // Refresh tokens

  getRefreshToken(hash: string): RefreshTokenRecord | undefined {
    return this.refreshByHash.get(hash);
  }

  getRefreshTokenByOriginJti(originJti: string): RefreshTokenRecord | undefined {
    return this.refreshByJti.get(originJti);
  }

  refreshTokensWhere(predicate: (r: RefreshTokenRecord) => boolean): RefreshTokenRecord[] {
    return [...this.refreshByHash.values()].filter(predicate);
  }

  private indexRefreshToken(record: RefreshTokenRecord): void {
    this.refreshByHash.set(record.hash, record);
    this.refreshByJti.set(record.originJti, record);
    const key = userKey(record.poolId, record.username);
    const hashes = this.refreshOfUser.get(key) ?? new Set<string>();
    this.refreshOfUser.set(key, hashes);
    hashes.add(record.hash);
  }

  /**
   * Stores a new or changed refresh token. A user keeps at most REFRESH_TOKENS_PER_USER live ones:
   * the oldest goes first (a refresh with it then fails like a revoked one), so a long-running
   * emulator's memory stays flat however many sign-ins it serves. Cognito keeps them all until
   * they expire; no client refreshes with its 200th-newest token.
   */
  putRefreshToken(record: RefreshTokenRecord): void {
    const isNew = !this.refreshByHash.has(record.hash);
    this.indexRefreshToken(record);
    this.persist('refresh_tokens', record.hash, record);
    if (!isNew) return;
    const hashes = this.refreshOfUser.get(userKey(record.poolId, record.username));
    while (hashes && hashes.size > REFRESH_TOKENS_PER_USER) {
      const oldest = this.refreshByHash.get(hashes.values().next().value as string);
      if (!oldest) break;
      this.deleteRefreshToken(oldest);
    }
  }

  deleteRefreshToken(record: RefreshTokenRecord): void {
    this.refreshByHash.delete(record.hash);
    this.refreshByJti.delete(record.originJti);
    const key = userKey(record.poolId, record.username);
    const hashes = this.refreshOfUser.get(key);
    hashes?.delete(record.hash);
    if (hashes?.size === 0) this.refreshOfUser.delete(key);
    this.backend.delete('refresh_tokens', record.hash);
  }

  /** Drops expired refresh tokens so a long-running emulator does not grow without bound. */
  sweepRefreshTokens(nowSeconds: number): void {
    const expired = [...this.refreshByHash.values()].filter((r) => r.expiresAt < nowSeconds);
    if (expired.length === 0) return;
    this.backend.batch(() => {
      for (const r of expired) this.deleteRefreshToken(r);
    });
  }

  // Signing keys

  getSigningKey(poolId: string): SigningKeyRecord | undefined {
    return this.signingKeys.get(poolId);
  }

  putSigningKey(record: SigningKeyRecord): void {
    this.signingKeys.set(record.poolId, record);
    this.persist('signing_keys', record.poolId, record);
  }
}
