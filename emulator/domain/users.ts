import { randomUUID } from 'node:crypto';
import { userPoolName } from '../../src/srp/index.ts';
import type { RequestContext } from '../context.ts';
import { CognitoError, invalidParameter } from '../http/errors.ts';
import { newCode } from '../ids.ts';
import { createPasswordVerifier } from '../srp-node.ts';
import type { MfaMethod, PoolRecord, UserRecord, UserStatus } from '../store/records.ts';

/**
 * Rules about users that operations, the sign-in flows and the seed share: the password policy, how a
 * password is kept, attribute checks, creating a user and changing attributes.
 */

const EMAIL_RE = /^[^@\s]+@[^@\s]+$/;
const PHONE_RE = /^\+\d{4,15}$/;

const invalidPassword = (why: string): CognitoError =>
  new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${why}`);

export function checkPasswordPolicy(pool: PoolRecord, password: string): void {
  const p = pool.passwordPolicy;
  if (password.length < p.MinimumLength) throw invalidPassword('Password not long enough');
  if (p.RequireUppercase && !/[A-Z]/.test(password))
    throw invalidPassword('Password must have uppercase characters');
  if (p.RequireLowercase && !/[a-z]/.test(password))
    throw invalidPassword('Password must have lowercase characters');
  if (p.RequireNumbers && !/[0-9]/.test(password))
    throw invalidPassword('Password must have numeric characters');
  if (p.RequireSymbols && !/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(password)) {
    throw invalidPassword('Password must have symbol characters');
  }
}

/** Stores a new password as (salt, verifier) — the password itself is never kept. */
export async function setPassword(pool: PoolRecord, user: UserRecord, password: string): Promise<void> {
  const { saltHex, verifierHex } = await createPasswordVerifier(
    userPoolName(pool.id),
    user.username,
    password,
  );
  user.saltHex = saltHex;
  user.verifierHex = verifierHex;
}

function checkAttributes(attributes: Record<string, string>): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'email' && !EMAIL_RE.test(value)) throw invalidParameter('Invalid email address format.');
    if (name === 'phone_number' && !PHONE_RE.test(value))
      throw invalidParameter('Invalid phone number format.');
    if (name === 'sub') throw invalidParameter('Cannot modify an immutable attribute: sub');
  }
}

export interface NewUser {
  username: string;
  password: string;
  attributes?: Record<string, string>;
  status: UserStatus;
  /** Seeds skip the policy so demo passwords can be simple. */
  skipPolicy?: boolean;
}

/**
 * Creates a user. In pools with UsernameAttributes the typed username must be an email or phone number:
 * it becomes that attribute and the canonical username is a UUID equal to sub, as Cognito does.
 */
export async function createUser(rc: RequestContext, pool: PoolRecord, input: NewUser): Promise<UserRecord> {
  const attributes: Record<string, string> = { ...(input.attributes ?? {}) };
  checkAttributes(attributes);
  const sub = randomUUID();
  let username = input.username;
  if (pool.usernameAttributes.length > 0) {
    const kind = EMAIL_RE.test(username) ? 'email' : PHONE_RE.test(username) ? 'phone_number' : undefined;
    if (!kind || !pool.usernameAttributes.includes(kind)) {
      throw invalidParameter(
        pool.usernameAttributes.length === 2
          ? 'Username should be either an email or a phone number.'
          : `Username should be ${pool.usernameAttributes[0] === 'email' ? 'an email' : 'a phone number'}.`,
      );
    }
    if (rc.emu.store.findLoginOwner(pool, kind, username)) {
      throw new CognitoError(
        'UsernameExistsException',
        `An account with the given ${kind === 'email' ? 'email' : 'phone_number'} already exists.`,
      );
    }
    attributes[kind] = username;
    username = sub;
  } else if (rc.emu.store.getUser(pool, username)) {
    throw new CognitoError('UsernameExistsException', 'User account already exists');
  }
  if (!input.skipPolicy) checkPasswordPolicy(pool, input.password);
  const now = rc.emu.nowSeconds();
  const user: UserRecord = {
    poolId: pool.id,
    username,
    sub,
    attributes: { sub, ...attributes },
    enabled: true,
    status: input.status,
    saltHex: '',
    verifierHex: '',
    createdAt: now,
    modifiedAt: now,
    mfa: { sms: false, email: false, totp: false },
  };
  await setPassword(pool, user, input.password);
  // Another request may have created the same name while the verifier was computed.
  if (rc.emu.store.getUser(pool, username))
    throw new CognitoError('UsernameExistsException', 'User account already exists');
  rc.emu.store.putUser(user);
  return user;
}

export function mfaSettingList(user: UserRecord): MfaMethod[] {
  const list: MfaMethod[] = [];
  if (user.mfa.sms) list.push('SMS_MFA');
  if (user.mfa.totp) list.push('SOFTWARE_TOKEN_MFA');
  if (user.mfa.email) list.push('EMAIL_OTP');
  return list;
}

/** Sets attributes; a changed email/phone becomes unverified (AliasExistsException if another user signs in with it). */
export function updateAttributes(
  rc: RequestContext,
  pool: PoolRecord,
  user: UserRecord,
  attributes: Record<string, string>,
): void {
  checkAttributes(attributes);
  for (const [name, value] of Object.entries(attributes)) {
    if ((name === 'email' || name === 'phone_number') && user.attributes[name] !== value) {
      const owner = rc.emu.store.findLoginOwner(pool, name, value);
      if (
        owner &&
        owner !== user &&
        (pool.usernameAttributes.includes(name) || pool.aliasAttributes.includes(name))
      ) {
        throw new CognitoError('AliasExistsException', `An account with the given ${name} already exists.`);
      }
      // A changed email/phone is unverified until told otherwise.
      if (attributes[`${name}_verified`] === undefined) user.attributes[`${name}_verified`] = 'false';
    }
    if (value === '') delete user.attributes[name];
    else user.attributes[name] = value;
  }
  rc.emu.saveUser(user);
}

/** The user whose email or phone_number (a username attribute of the pool) is this sign-in name. */
export function findByUsernameAttr(
  rc: RequestContext,
  pool: PoolRecord,
  login: string,
): UserRecord | undefined {
  for (const attr of pool.usernameAttributes) {
    const u = rc.emu.store.findLoginOwner(pool, attr, login);
    if (u) return u;
  }
  return undefined;
}

/** Revokes every live refresh token of the user (GlobalSignOut, AdminUserGlobalSignOut). */
export function revokeAllOf(rc: RequestContext, user: UserRecord): void {
  const records = rc.emu.store.refreshTokensWhere(
    (r) => r.poolId === user.poolId && r.username === user.username && !r.revoked,
  );
  rc.emu.store.batch(() => {
    for (const r of records) {
      r.revoked = true;
      rc.emu.store.putRefreshToken(r);
    }
  });
}

/** Keeps a new sign-up or password-reset code on the user (it replaces the previous one) and returns it. */
export function storeNewCode(
  rc: RequestContext,
  user: UserRecord,
  kind: 'confirmationCode' | 'resetCode',
): string {
  const code = newCode();
  user[kind] = code;
  rc.emu.store.putUser(user);
  return code;
}
