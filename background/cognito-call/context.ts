import type { Vault } from '../vault/vault.ts';
import type { SessionChains } from './session-chains.ts';

/**
 * The latest access token seen per site + pool + user, kept in memory-only storage (storage.session).
 * Keyed by the site that produced it: another enabled site claiming the same pool and user in a token
 * of its own can never replace it (docs/security-and-reliability.md).
 */
export interface AccessTokenRecord {
  accessToken: string;
  /** Epoch seconds. */
  expiresAt: number;
  endpoint: string;
  clientId: string;
}
export interface AccessTokenStore {
  get(origin: string, poolId: string, username: string): Promise<AccessTokenRecord | undefined>;
  put(origin: string, poolId: string, username: string, record: AccessTokenRecord): Promise<void>;
  delete(origin: string, poolId: string, username: string): Promise<void>;
  /** Every record the site produced: it was disabled. */
  forgetOrigin(origin: string): Promise<void>;
}

/** Serialises work per key across concurrent events (Web Locks in the browser). */
export type LockFn = <T>(name: string, work: () => Promise<T>) => Promise<T>;

/** Everything a page's Cognito call needs from the outside world; browser-free so Node tests can run it. */
export interface CallContext {
  /** The page's origin as the browser reported it, never as the page claimed it. */
  origin: string;
  vault: Vault;
  tokens: AccessTokenStore;
  fetch: typeof fetch;
  lock: LockFn;
  /** "Chrome on Linux": what the user sees in device lists. */
  deviceName: string;
  now: () => number;
  /** Sign-ins in progress, by Cognito Session; the worker's shared map when not given (tests pass their own). */
  chains?: SessionChains;
  /**
   * Defers bookkeeping that changes nothing the page receives until its reply is on its way
   * (after-reply.ts); without it, that work is done before the reply.
   */
  afterReply?: (work: () => Promise<void>) => void;
  /** Told when a device waits for the person's answer (opt-in pools, policy "ask"). */
  onPromptPending?: () => void;
}
