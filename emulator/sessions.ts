import type { ServerEphemeral } from '../src/srp/index.ts';
import { notAuthorized } from './http/errors.ts';
import { randomChunk } from './random.ts';
import type { MfaMethod } from './store/records.ts';

export type ChallengeName =
  | 'PASSWORD_VERIFIER'
  | 'DEVICE_SRP_AUTH'
  | 'DEVICE_PASSWORD_VERIFIER'
  | 'NEW_PASSWORD_REQUIRED'
  | 'SELECT_MFA_TYPE'
  | 'MFA_SETUP'
  | 'SELECT_CHALLENGE'
  | 'SMS_OTP'
  | 'CUSTOM_CHALLENGE'
  | MfaMethod;

/** One entry of a custom-auth sign-in's history, as DefineAuthChallenge receives it in `request.session`. */
export interface ChallengeResult {
  challengeName: string;
  challengeResult: boolean;
  challengeMetadata?: string;
}

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
  /** USER_AUTH: the first factor is a one-time code (EMAIL_OTP / SMS_OTP), so no MFA follows it. */
  firstFactorOtp?: boolean;
  /** USER_AUTH: the first factors offered in SELECT_CHALLENGE. */
  availableChallenges?: string[];
  /** CUSTOM_AUTH: the challenges so far, and what CreateAuthChallenge gave for the current one. */
  customHistory?: ChallengeResult[];
  customPrivate?: Record<string, unknown>;
  customMetadata?: string;
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
/** Sessions are kept in one map per 30 s of creation time, and a map is dropped whole once all of it expired. */
const GENERATION_MS = 30_000;

interface Generation {
  startsAt: number;
  /** The latest expiry of any session in it: after this, the whole generation goes. */
  expiresAt: number;
  sessions: Map<string, AuthSession>;
}

/**
 * Opaque, single-use, expiring Session strings.
 *
 * Kept in generations rather than one map swept now and then: one map holding every session of the
 * last few minutes sits at a size where V8 may double its table at any moment, a one-off step of
 * megabytes in the heap of a server that is not growing at all; and sweeping it visits every entry.
 * Generations are filled and dropped whole, so memory under a steady load repeats the same pattern.
 */
export class SessionStore {
  private generations: Generation[] = [];
  private count = 0;

  constructor(private readonly nowMs: () => number) {}

  create(fields: Omit<AuthSession, 'id' | 'expiresAt' | 'used'>, validityMinutes: number): AuthSession {
    const now = this.nowMs();
    this.dropExpired(now);
    // Under a flood of unfinished sign-ins, drop the oldest rather than grow without bound.
    while (this.count >= MAX_SESSIONS && this.generations.length) this.dropOldest();
    // Long and base64 like AWS's, so clients that size-check or log it see the familiar shape.
    const id = `AYABe${randomChunk(96).toString('base64')}`;
    const session: AuthSession = {
      ...fields,
      id,
      expiresAt: now + validityMinutes * 60_000,
      used: false,
    };
    let current = this.generations.at(-1);
    if (!current || now >= current.startsAt + GENERATION_MS || now < current.startsAt) {
      current = { startsAt: now, expiresAt: session.expiresAt, sessions: new Map() };
      this.generations.push(current);
    }
    current.expiresAt = Math.max(current.expiresAt, session.expiresAt);
    current.sessions.set(id, session);
    this.count++;
    return session;
  }

  /** The live session for a Session string, or Cognito's error. Does not consume it. */
  get(id: string | undefined): AuthSession {
    let session: AuthSession | undefined;
    if (id) {
      for (let i = this.generations.length - 1; i >= 0 && !session; i--)
        session = this.generations[i]?.sessions.get(id);
    }
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

  private dropExpired(now: number): void {
    // Generations are in creation order, but validity differs per app client: check them all.
    const live = this.generations.filter((g) => now <= g.expiresAt);
    if (live.length === this.generations.length) return;
    this.generations = live;
    this.count = live.reduce((n, g) => n + g.sessions.size, 0);
  }

  private dropOldest(): void {
    const oldest = this.generations.shift();
    if (oldest) this.count -= oldest.sessions.size;
  }
}
