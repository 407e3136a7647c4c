import { randomBytes } from 'node:crypto';
import type { ServerEphemeral } from '../src/srp/index.ts';
import { notAuthorized } from './http/errors.ts';
import type { MfaMethod } from './store/records.ts';

export type ChallengeName =
  | 'PASSWORD_VERIFIER'
  | 'DEVICE_SRP_AUTH'
  | 'DEVICE_PASSWORD_VERIFIER'
  | 'NEW_PASSWORD_REQUIRED'
  | 'SELECT_MFA_TYPE'
  | 'MFA_SETUP'
  | MfaMethod;

/** An SRP exchange in progress (PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER). */
export interface SrpExchange {
  server: ServerEphemeral;
  v: bigint;
  srpA: string;
  saltHex: string;
  secretBlock: string;
}

/** Where a sign-in stands; carried from one challenge's session to the next. */
export interface SignInState {
  /** USER_SRP_AUTH, USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH: decides device tracking for the password flow. */
  flow: string;
  /** What the user typed (an alias, maybe): SECRET_HASH may be computed over it. */
  loginName: string;
  /** A DEVICE_KEY checked to be a confirmed device of this user. */
  deviceKey?: string;
  /** DEVICE_PASSWORD_VERIFIER succeeded. */
  deviceVerified?: boolean;
  /** NEW_PASSWORD_REQUIRED was answered. */
  passwordChanged?: boolean;
  /** An MFA challenge was answered. */
  mfaDone?: boolean;
}

/** Server-side state behind one Session string. */
export interface AuthSession {
  id: string;
  poolId: string;
  clientId: string;
  /** Canonical username; undefined for the decoy exchange of PreventUserExistenceErrors. */
  username?: string;
  challenge: ChallengeName;
  expiresAt: number;
  used: boolean;
  state: SignInState;
  srp?: SrpExchange;
  /** SMS / email code sent for this challenge, and wrong answers still allowed. */
  code?: string;
  attemptsLeft?: number;
  /** MFA_SETUP: the secret AssociateSoftwareToken gave, and whether VerifySoftwareToken accepted it. */
  totpSecret?: string;
  totpVerified?: boolean;
  /** The time step VerifySoftwareToken accepted, so that code cannot sign in again. */
  totpStep?: number;
}

const MAX_SESSIONS = 200_000;

/** Opaque, single-use, expiring Session strings. */
export class SessionStore {
  private readonly sessions = new Map<string, AuthSession>();
  private created = 0;

  constructor(private readonly nowMs: () => number) {}

  create(fields: Omit<AuthSession, 'id' | 'expiresAt' | 'used'>, validityMinutes: number): AuthSession {
    if (++this.created % 1024 === 0 || this.sessions.size >= MAX_SESSIONS) this.sweep();
    // Long and base64 like AWS's, so clients that size-check or log it see the familiar shape.
    const id = `AYABe${randomBytes(96).toString('base64')}`;
    const session: AuthSession = {
      ...fields,
      id,
      expiresAt: this.nowMs() + validityMinutes * 60_000,
      used: false,
    };
    this.sessions.set(id, session);
    return session;
  }

  /** The live session for a Session string, or Cognito's error. Does not consume it. */
  get(id: string | undefined): AuthSession {
    const session = id ? this.sessions.get(id) : undefined;
    if (!session) throw notAuthorized('Invalid session for the user.');
    if (session.used) throw notAuthorized('Invalid session for the user, session can only be used once.');
    if (this.nowMs() > session.expiresAt)
      throw notAuthorized('Invalid session for the user, session is expired.');
    return session;
  }

  /** Marks the session used; a small tombstone stays until expiry so a replay gets "can only be used once". */
  consume(session: AuthSession): void {
    session.used = true;
    delete session.srp;
    delete session.code;
    delete session.totpSecret;
  }

  private sweep(): void {
    const now = this.nowMs();
    for (const [id, s] of this.sessions) if (now > s.expiresAt) this.sessions.delete(id);
    // Under a flood of unfinished sign-ins, drop the oldest rather than grow without bound.
    if (this.sessions.size >= MAX_SESSIONS) {
      let excess = this.sessions.size - MAX_SESSIONS / 2;
      for (const id of this.sessions.keys()) {
        if (excess-- <= 0) break;
        this.sessions.delete(id);
      }
    }
  }
}
