import { randomUUID } from 'node:crypto';
import { userPoolName } from '../../src/srp/index.ts';
import { attributeList, checkSecretHash, type RequestContext } from '../context.ts';
import { CognitoError, codeMismatch, invalidParameter, notAuthorized, userNotFound } from '../http/errors.ts';
import { newCode, randomString } from '../ids.ts';
import { maskEmail, maskPhone } from '../outbox.ts';
import { createPasswordVerifier, passwordMatches } from '../srp-node.ts';
import type { MfaMethod, PoolRecord, UserRecord, UserStatus } from '../store/records.ts';
import { hashRefreshToken } from '../tokens.ts';
import {
  type Json,
  optAttributeList,
  optBool,
  optInt,
  optString,
  optStringArray,
  reqString,
} from '../validate.ts';

const POOL_ID = { max: 55, pattern: /^[\w-]+_[0-9a-zA-Z]+$/ };
const USERNAME = { max: 128 };
const PASSWORD = { max: 256 };
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

function mfaFields(user: UserRecord): Json {
  const list = mfaSettingList(user);
  return {
    ...(list.length ? { UserMFASettingList: list } : {}),
    ...(user.mfa.preferred ? { PreferredMfaSetting: user.mfa.preferred } : {}),
  };
}

export function userType(user: UserRecord): Json {
  return {
    Username: user.username,
    Attributes: attributeList(user.attributes),
    UserCreateDate: user.createdAt,
    UserLastModifiedDate: user.modifiedAt,
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

/** Sends a code by email or SMS (to the outbox) and returns Cognito's CodeDeliveryDetails. */
export function deliverCode(
  rc: RequestContext,
  user: UserRecord,
  purpose: 'MFA' | 'SIGN_UP' | 'VERIFY_ATTRIBUTE',
  code: string,
  prefer: 'EMAIL' | 'SMS' = 'EMAIL',
): Json | undefined {
  const email = user.attributes.email;
  const phone = user.attributes.phone_number;
  const medium =
    prefer === 'EMAIL'
      ? email
        ? 'EMAIL'
        : phone
          ? 'SMS'
          : undefined
      : phone
        ? 'SMS'
        : email
          ? 'EMAIL'
          : undefined;
  if (!medium) return undefined;
  const destination = medium === 'EMAIL' ? email! : phone!;
  const what = purpose === 'MFA' ? 'authentication code' : 'verification code';
  rc.emu.outbox.send({
    poolId: user.poolId,
    username: user.username,
    medium,
    destination,
    purpose,
    code,
    message: `Your ${what} is ${code}`,
  });
  return {
    Destination: medium === 'EMAIL' ? maskEmail(destination) : maskPhone(destination),
    DeliveryMedium: medium,
    AttributeName: medium === 'EMAIL' ? 'email' : 'phone_number',
  };
}

export async function AdminCreateUser(rc: RequestContext, input: Json): Promise<Json> {
  const pool = rc.emu.pool(reqString(input, 'UserPoolId', POOL_ID));
  const username = reqString(input, 'Username', USERNAME);
  const temporary = optString(input, 'TemporaryPassword', PASSWORD);
  const attributes = optAttributeList(input, 'UserAttributes') ?? {};
  const action = optString(input, 'MessageAction');
  if (action === 'RESEND') {
    const user = rc.emu.adminUser(pool, username);
    return { User: userType(user) };
  }
  const password = temporary ?? `${randomString(10)}a1A!`;
  const user = await createUser(rc, pool, {
    username,
    password,
    attributes,
    status: 'FORCE_CHANGE_PASSWORD',
  });
  if (action !== 'SUPPRESS') {
    const dest = user.attributes.email ?? user.attributes.phone_number;
    if (dest) {
      rc.emu.outbox.send({
        poolId: pool.id,
        username: user.username,
        medium: user.attributes.email ? 'EMAIL' : 'SMS',
        destination: dest,
        purpose: 'TEMPORARY_PASSWORD',
        code: password,
        message: `Your username is ${username} and temporary password is ${password}.`,
      });
    }
  }
  return { User: userType(user) };
}

export async function AdminSetUserPassword(rc: RequestContext, input: Json): Promise<Json> {
  const pool = rc.emu.pool(reqString(input, 'UserPoolId', POOL_ID));
  const user = rc.emu.adminUser(pool, reqString(input, 'Username', USERNAME));
  const password = reqString(input, 'Password', PASSWORD);
  checkPasswordPolicy(pool, password);
  await setPassword(pool, user, password);
  user.status = optBool(input, 'Permanent') ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
  user.modifiedAt = rc.emu.nowSeconds();
  rc.emu.store.putUser(user);
  return {};
}

export function AdminGetUser(rc: RequestContext, input: Json): Json {
  const pool = rc.emu.pool(reqString(input, 'UserPoolId', POOL_ID));
  const user = rc.emu.adminUser(pool, reqString(input, 'Username', USERNAME));
  return {
    Username: user.username,
    UserAttributes: attributeList(user.attributes),
    UserCreateDate: user.createdAt,
    UserLastModifiedDate: user.modifiedAt,
    Enabled: user.enabled,
    UserStatus: user.status,
    ...mfaFields(user),
  };
}

export function AdminDeleteUser(rc: RequestContext, input: Json): Json {
  const pool = rc.emu.pool(reqString(input, 'UserPoolId', POOL_ID));
  rc.emu.store.deleteUser(rc.emu.adminUser(pool, reqString(input, 'Username', USERNAME)));
  return {};
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
  user.modifiedAt = rc.emu.nowSeconds();
  rc.emu.store.putUser(user);
}

export function AdminUpdateUserAttributes(rc: RequestContext, input: Json): Json {
  const pool = rc.emu.pool(reqString(input, 'UserPoolId', POOL_ID));
  const user = rc.emu.adminUser(pool, reqString(input, 'Username', USERNAME));
  const attributes = optAttributeList(input, 'UserAttributes');
  if (!attributes)
    throw invalidParameter(
      "1 validation error detected: Value null at 'userAttributes' failed to satisfy constraint: Member must not be null",
    );
  updateAttributes(rc, pool, user, attributes);
  return {};
}

export function AdminDeleteUserAttributes(rc: RequestContext, input: Json): Json {
  const pool = rc.emu.pool(reqString(input, 'UserPoolId', POOL_ID));
  const user = rc.emu.adminUser(pool, reqString(input, 'Username', USERNAME));
  for (const name of optStringArray(input, 'UserAttributeNames') ?? []) {
    if (name === 'sub') throw invalidParameter('Cannot modify an immutable attribute: sub');
    delete user.attributes[name];
  }
  user.modifiedAt = rc.emu.nowSeconds();
  rc.emu.store.putUser(user);
  return {};
}

function setEnabled(rc: RequestContext, input: Json, enabled: boolean): Json {
  const pool = rc.emu.pool(reqString(input, 'UserPoolId', POOL_ID));
  const user = rc.emu.adminUser(pool, reqString(input, 'Username', USERNAME));
  user.enabled = enabled;
  user.modifiedAt = rc.emu.nowSeconds();
  rc.emu.store.putUser(user);
  return {};
}

export const AdminDisableUser = (rc: RequestContext, input: Json): Json => setEnabled(rc, input, false);
export const AdminEnableUser = (rc: RequestContext, input: Json): Json => setEnabled(rc, input, true);

export function AdminConfirmSignUp(rc: RequestContext, input: Json): Json {
  const pool = rc.emu.pool(reqString(input, 'UserPoolId', POOL_ID));
  const user = rc.emu.adminUser(pool, reqString(input, 'Username', USERNAME));
  if (user.status !== 'UNCONFIRMED')
    throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
  user.status = 'CONFIRMED';
  delete user.confirmationCode;
  user.modifiedAt = rc.emu.nowSeconds();
  rc.emu.store.putUser(user);
  return {};
}

export function ListUsers(rc: RequestContext, input: Json): Json {
  const pool = rc.emu.pool(reqString(input, 'UserPoolId', POOL_ID));
  const limit = optInt(input, 'Limit', 0, 60) || 60;
  const filter = optString(input, 'Filter', { min: 0, max: 256 });
  let users = rc.emu.store.listUsers(pool.id);
  if (filter) {
    // Supports the common `attr = "value"` and `attr ^= "prefix"` forms.
    const m = /^\s*([\w:]+)\s*(\^?=)\s*"([^"]*)"\s*$/.exec(filter);
    if (!m) throw invalidParameter('Error while parsing filter.');
    const [, attr, op, value] = m as unknown as [string, string, string, string];
    const get = (u: UserRecord): string | undefined =>
      attr === 'username'
        ? u.username
        : attr === 'status'
          ? u.enabled
            ? 'Enabled'
            : 'Disabled'
          : attr === 'cognito:user_status'
            ? u.status
            : u.attributes[attr];
    users = users.filter((u) => {
      const v = get(u);
      return v !== undefined && (op === '=' ? v === value : v.startsWith(value));
    });
  }
  const start = Number(optString(input, 'PaginationToken') ?? 0) || 0;
  const page = users.slice(start, start + limit);
  return {
    Users: page.map(userType),
    ...(start + limit < users.length ? { PaginationToken: String(start + limit) } : {}),
  };
}

export async function GetUser(rc: RequestContext, input: Json): Promise<Json> {
  const { user } = await rc.emu.userFromAccessToken(reqString(input, 'AccessToken', { max: 8192 }));
  return { Username: user.username, UserAttributes: attributeList(user.attributes), ...mfaFields(user) };
}

export async function SignUp(rc: RequestContext, input: Json): Promise<Json> {
  const client = rc.emu.client(reqString(input, 'ClientId', { max: 128 }));
  const pool = rc.emu.pool(client.poolId);
  const username = reqString(input, 'Username', USERNAME);
  checkSecretHash(client, [username], optString(input, 'SecretHash', { max: 128 }));
  const password = reqString(input, 'Password', PASSWORD);
  const attributes = optAttributeList(input, 'UserAttributes') ?? {};
  for (const name of Object.keys(attributes)) {
    if (name.endsWith('_verified')) throw invalidParameter(`Cannot modify the non-mutable attribute ${name}`);
  }
  let user: UserRecord;
  try {
    user = await createUser(rc, pool, { username, password, attributes, status: 'UNCONFIRMED' });
  } catch (err) {
    if (
      err instanceof CognitoError &&
      err.type === 'UsernameExistsException' &&
      pool.usernameAttributes.length === 0
    ) {
      throw new CognitoError('UsernameExistsException', 'User already exists');
    }
    throw err;
  }
  const code = newCode();
  user.confirmationCode = code;
  rc.emu.store.putUser(user);
  const prefer =
    pool.autoVerifiedAttributes.includes('email') || !pool.autoVerifiedAttributes.includes('phone_number')
      ? 'EMAIL'
      : 'SMS';
  const delivery = deliverCode(rc, user, 'SIGN_UP', code, prefer);
  return { UserConfirmed: false, UserSub: user.sub, ...(delivery ? { CodeDeliveryDetails: delivery } : {}) };
}

export function ConfirmSignUp(rc: RequestContext, input: Json): Json {
  const client = rc.emu.client(reqString(input, 'ClientId', { max: 128 }));
  const pool = rc.emu.pool(client.poolId);
  const username = reqString(input, 'Username', USERNAME);
  const code = reqString(input, 'ConfirmationCode', { max: 2048 });
  const user =
    rc.emu.store.findUserByLogin(pool, username) ??
    (pool.usernameAttributes.length ? findByUsernameAttr(rc, pool, username) : undefined);
  checkSecretHash(client, [username, user?.username], optString(input, 'SecretHash', { max: 128 }));
  if (!user) throw userNotFound();
  if (user.status !== 'UNCONFIRMED')
    throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
  if (!user.confirmationCode || user.confirmationCode !== code) {
    throw codeMismatch('Invalid verification code provided, please try again.');
  }
  user.status = 'CONFIRMED';
  delete user.confirmationCode;
  if (user.attributes.email) user.attributes.email_verified = 'true';
  else if (user.attributes.phone_number) user.attributes.phone_number_verified = 'true';
  user.modifiedAt = rc.emu.nowSeconds();
  rc.emu.store.putUser(user);
  return {};
}

function findByUsernameAttr(rc: RequestContext, pool: PoolRecord, login: string): UserRecord | undefined {
  for (const attr of pool.usernameAttributes) {
    const u = rc.emu.store.findLoginOwner(pool, attr, login);
    if (u) return u;
  }
  return undefined;
}

export function ResendConfirmationCode(rc: RequestContext, input: Json): Json {
  const client = rc.emu.client(reqString(input, 'ClientId', { max: 128 }));
  const pool = rc.emu.pool(client.poolId);
  const username = reqString(input, 'Username', USERNAME);
  const user = rc.emu.store.findUserByLogin(pool, username) ?? findByUsernameAttr(rc, pool, username);
  checkSecretHash(client, [username, user?.username], optString(input, 'SecretHash', { max: 128 }));
  if (!user) throw userNotFound();
  if (user.status !== 'UNCONFIRMED') throw invalidParameter('User is already confirmed.');
  const code = newCode();
  user.confirmationCode = code;
  rc.emu.store.putUser(user);
  return { CodeDeliveryDetails: deliverCode(rc, user, 'SIGN_UP', code) ?? {} };
}

function revokeAllOf(rc: RequestContext, user: UserRecord): void {
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

export async function GlobalSignOut(rc: RequestContext, input: Json): Promise<Json> {
  const { user } = await rc.emu.userFromAccessToken(reqString(input, 'AccessToken', { max: 8192 }));
  revokeAllOf(rc, user);
  return {};
}

export function AdminUserGlobalSignOut(rc: RequestContext, input: Json): Json {
  const pool = rc.emu.pool(reqString(input, 'UserPoolId', POOL_ID));
  revokeAllOf(rc, rc.emu.adminUser(pool, reqString(input, 'Username', USERNAME)));
  return {};
}

/** Revokes a refresh token and the access tokens issued from it (same origin_jti). */
export function RevokeToken(rc: RequestContext, input: Json): Json {
  const token = reqString(input, 'Token', { max: 8192 });
  const client = rc.emu.client(reqString(input, 'ClientId', { max: 128 }));
  const secret = optString(input, 'ClientSecret', { max: 128 });
  if (client.secret && secret !== client.secret) {
    throw notAuthorized(`Unable to verify secret hash for client ${client.id}`);
  }
  if (!client.enableTokenRevocation) {
    throw new CognitoError(
      'UnsupportedOperationException',
      'Token revocation is not enabled for this client.',
    );
  }
  if (token.split('.').length === 3 && !token.startsWith('eyJjdHkiOiJKV1Qi')) {
    throw new CognitoError('UnsupportedTokenTypeException', 'The token type is not supported.');
  }
  const record = rc.emu.store.getRefreshToken(hashRefreshToken(token));
  if (!record) return {};
  if (record.clientId !== client.id)
    throw new CognitoError('UnauthorizedException', 'Refresh token does not belong to this client.');
  record.revoked = true;
  rc.emu.store.putRefreshToken(record);
  return {};
}

export async function ChangePassword(rc: RequestContext, input: Json): Promise<Json> {
  const { pool, user } = await rc.emu.userFromAccessToken(reqString(input, 'AccessToken', { max: 8192 }));
  const previous = reqString(input, 'PreviousPassword', PASSWORD);
  const proposed = reqString(input, 'ProposedPassword', PASSWORD);
  if (
    !(await passwordMatches(userPoolName(pool.id), user.username, previous, user.saltHex, user.verifierHex))
  ) {
    throw notAuthorized();
  }
  checkPasswordPolicy(pool, proposed);
  await setPassword(pool, user, proposed);
  user.modifiedAt = rc.emu.nowSeconds();
  rc.emu.store.putUser(user);
  return {};
}

export function ForgotPassword(rc: RequestContext, input: Json): Json {
  const client = rc.emu.client(reqString(input, 'ClientId', { max: 128 }));
  const pool = rc.emu.pool(client.poolId);
  const username = reqString(input, 'Username', USERNAME);
  const user = rc.emu.store.findUserByLogin(pool, username) ?? findByUsernameAttr(rc, pool, username);
  checkSecretHash(client, [username, user?.username], optString(input, 'SecretHash', { max: 128 }));
  if (!user) throw userNotFound();
  const code = newCode();
  user.resetCode = code;
  rc.emu.store.putUser(user);
  const delivery = deliverCode(rc, user, 'VERIFY_ATTRIBUTE', code);
  if (!delivery) {
    throw invalidParameter(
      'Cannot reset password for the user as there is no registered/verified email or phone_number',
    );
  }
  return { CodeDeliveryDetails: delivery };
}

export async function ConfirmForgotPassword(rc: RequestContext, input: Json): Promise<Json> {
  const client = rc.emu.client(reqString(input, 'ClientId', { max: 128 }));
  const pool = rc.emu.pool(client.poolId);
  const username = reqString(input, 'Username', USERNAME);
  const code = reqString(input, 'ConfirmationCode', { max: 2048 });
  const password = reqString(input, 'Password', PASSWORD);
  const user = rc.emu.store.findUserByLogin(pool, username) ?? findByUsernameAttr(rc, pool, username);
  checkSecretHash(client, [username, user?.username], optString(input, 'SecretHash', { max: 128 }));
  if (!user) throw userNotFound();
  if (!user.resetCode || user.resetCode !== code) {
    throw codeMismatch('Invalid verification code provided, please try again.');
  }
  checkPasswordPolicy(pool, password);
  await setPassword(pool, user, password);
  delete user.resetCode;
  if (user.status === 'RESET_REQUIRED' || user.status === 'FORCE_CHANGE_PASSWORD') user.status = 'CONFIRMED';
  user.modifiedAt = rc.emu.nowSeconds();
  rc.emu.store.putUser(user);
  return {};
}
