import { createHmac, timingSafeEqual } from 'node:crypto';
import { Faults } from './faults.ts';
import { clientNotFound, notAuthorized, poolNotFound, userNotFound } from './http/errors.ts';
import { Outbox } from './outbox.ts';
import { RequestLog } from './request-log.ts';
import { SessionStore } from './sessions.ts';
import type { ClientRecord, DeviceRecord, PoolRecord, UserRecord } from './store/records.ts';
import type { Store } from './store/store.ts';
import { type AccessTokenClaims, TokenService } from './tokens.ts';

export interface EmulatorConfig {
  /** How far a TIMESTAMP may be from the server clock. */
  timestampSkewSeconds: number;
  quiet: boolean;
  /** How long a Lambda trigger may take before the sign-in fails (AWS's limit is 5 s). */
  triggerTimeoutMs: number;
}

/** Everything an operation needs: state, clock, token signing, sessions, outbox, faults. */
export class Emulator {
  readonly tokens: TokenService;
  readonly sessions: SessionStore;
  readonly outbox: Outbox;
  readonly faults = new Faults();
  readonly requests: RequestLog;

  constructor(
    readonly store: Store,
    readonly now: () => number,
    readonly config: EmulatorConfig,
  ) {
    this.tokens = new TokenService(store, now);
    this.sessions = new SessionStore(now);
    this.outbox = new Outbox((line) => this.log(line), now);
    this.requests = new RequestLog(now);
  }

  log(line: string): void {
    if (!this.config.quiet) console.log(`[cognito emulator] ${line}`);
  }

  /** Epoch seconds as Cognito's dates (floats with millisecond precision). */
  nowSeconds(): number {
    return this.now() / 1000;
  }

  // A changed record is stamped and persisted in one step, so memory and the backend never disagree.

  /** Stamps the user's modifiedAt (UserLastModifiedDate) and persists the change. */
  saveUser(user: UserRecord): void {
    this.store.putUser(this.stamped(user));
  }

  /** Stamps the pool's modifiedAt (LastModifiedDate) and persists the change. */
  savePool(pool: PoolRecord): void {
    this.store.putPool(this.stamped(pool));
  }

  /** Stamps the app client's modifiedAt (LastModifiedDate) and persists the change. */
  saveClient(client: ClientRecord): void {
    this.store.putClient(this.stamped(client));
  }

  /** Stamps the device's modifiedAt (DeviceLastModifiedDate) and persists the change. */
  saveDevice(device: DeviceRecord): void {
    this.store.putDevice(this.stamped(device));
  }

  private stamped<T extends { modifiedAt: number }>(record: T): T {
    record.modifiedAt = this.nowSeconds();
    return record;
  }

  pool(poolId: string): PoolRecord {
    const pool = this.store.pools.get(poolId);
    if (!pool) throw poolNotFound(poolId);
    return pool;
  }

  client(clientId: string): ClientRecord {
    const client = this.store.clients.get(clientId);
    if (!client) throw clientNotFound(clientId);
    return client;
  }

  /** Admin* lookups by the canonical username (or an alias, as AWS also accepts). */
  adminUser(pool: PoolRecord, username: string): UserRecord {
    const user = this.store.findUserByLogin(pool, username);
    if (!user) throw userNotFound();
    return user;
  }

  /** The user behind an AccessToken, with its claims. */
  async userFromAccessToken(
    token: string,
  ): Promise<{ pool: PoolRecord; user: UserRecord; claims: AccessTokenClaims }> {
    const { poolId, claims } = await this.tokens.verifyAccessToken(token);
    const pool = this.pool(poolId);
    const user = this.store.getUser(pool, claims.username);
    if (!user || user.sub !== claims.sub) throw userNotFound();
    return { pool, user, claims };
  }
}

/** What one HTTP request carries besides its body. */
export interface RequestContext {
  emu: Emulator;
  /** The peer address, for the device attribute last_ip_used. */
  ip: string;
  /** The region of the SigV4 credential scope, when the request was signed (pool ids of new pools use it). */
  region?: string;
}

export const secretHashFor = (client: ClientRecord, username: string): string =>
  createHmac('sha256', client.secret ?? '')
    .update(username + client.id)
    .digest('base64');

/**
 * SECRET_HASH = Base64(HMAC-SHA256(client secret, username + client id)), for clients with a secret.
 * Any of `usernames` may have been used (what the user typed, or the canonical username).
 */
export function checkSecretHash(
  client: ClientRecord,
  usernames: ReadonlyArray<string | undefined>,
  secretHash: string | undefined,
): void {
  if (!client.secret) return;
  if (!secretHash)
    throw notAuthorized(`Client ${client.id} is configured for secret but secret was not received`);
  const given = Buffer.from(secretHash);
  for (const name of usernames) {
    if (name === undefined) continue;
    const expected = Buffer.from(secretHashFor(client, name));
    if (expected.length === given.length && timingSafeEqual(expected, given)) return;
  }
  throw notAuthorized(`Unable to verify secret hash for client ${client.id}`);
}

export const attributeList = (attributes: Record<string, string>): Array<{ Name: string; Value: string }> =>
  Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));
