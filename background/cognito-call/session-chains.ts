import type { ClientEphemeral } from '../../src/srp/index.ts';
import type { DeviceRef } from '../vault/schema.ts';
import type { SignInFlow } from './request-shape.ts';

/** What the carrier knows about one sign-in, carried from each Cognito `Session` to the next. */
export interface SignInChain {
  flow?: SignInFlow;
  /** What the person typed at InitiateAuth. */
  typedUsername?: string;
  /** The canonical username, once Cognito has said it. */
  canonical?: string;
  /** The vault's device this sign-in presented, if it joined one. */
  device?: DeviceRef;
  /** A SECRET_HASH the page computed over `hashedName` in this sign-in (the device steps reuse it). */
  secretHash?: string;
  hashedName?: string;
  /** When the sign-in began (ms): a device enrolled by another tab after that is kept, not replaced. */
  startedAt?: number;
  /** The name InitiateAuth's SECRET_HASH was over, when the app client has a secret. */
  signInHashedName?: string;
  /**
   * The device SRP's first half (a, A) for this sign-in's device challenge, begun at an earlier step;
   * memory only, like the chain, and used once (the step that takes it removes it).
   */
  ephemeral?: Promise<ClientEphemeral>;
}

/** Cognito's sign-in sessions last 3 to 15 minutes (app client AuthSessionValidity). */
export const CHAIN_TTL_MS = 15 * 60_000;
export const CHAIN_CAP = 1000;

/**
 * Session → sign-in chain, in memory only: bounded, short-lived, per site. A worker restart loses it,
 * and a sign-in continued after that simply goes on without a device (never an error).
 */
export class SessionChains {
  private readonly chains = new Map<string, { chain: SignInChain; expiresAt: number }>();
  constructor(private readonly now: () => number = Date.now) {}

  private static key(origin: string, session: string): string {
    return `${origin}\n${session}`;
  }

  get(origin: string, session: string | undefined): SignInChain | undefined {
    if (!session) return undefined;
    const key = SessionChains.key(origin, session);
    const found = this.chains.get(key);
    if (!found) return undefined;
    if (found.expiresAt <= this.now()) {
      this.chains.delete(key);
      return undefined;
    }
    return found.chain;
  }

  /** Records the chain a new Session continues; the oldest entries go first past the cap. */
  put(origin: string, session: string, chain: SignInChain): void {
    const key = SessionChains.key(origin, session);
    this.chains.delete(key);
    this.chains.set(key, { chain, expiresAt: this.now() + CHAIN_TTL_MS });
    while (this.chains.size > CHAIN_CAP) {
      const oldest = this.chains.keys().next().value;
      if (oldest === undefined) break;
      this.chains.delete(oldest);
    }
  }

  /** The chain's early device SRP ephemeral, removed from it so no second step can reuse its secret. */
  takeEphemeral(origin: string, session: string | undefined): Promise<ClientEphemeral> | undefined {
    const chain = this.get(origin, session);
    const ephemeral = chain?.ephemeral;
    if (chain) delete chain.ephemeral;
    return ephemeral;
  }

  get size(): number {
    return this.chains.size;
  }
}

/** The worker's one map: every call of every site shares it (keys include the origin). */
export const sessionChains = new SessionChains();
