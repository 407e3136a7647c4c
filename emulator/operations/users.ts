import { userPoolName } from '../../src/srp/index.ts';
import { attributeList, checkSecretHash, type RequestContext } from '../context.ts';
import { deliverCode } from '../domain/delivery.ts';
import {
  checkPasswordPolicy,
  createUser,
  findByUsernameAttr,
  mfaSettingList,
  revokeAllOf,
  setPassword,
  updateAttributes,
} from '../domain/users.ts';
import { CognitoError, codeMismatch, invalidParameter, notAuthorized, userNotFound } from '../http/errors.ts';
import { newCode, randomString } from '../ids.ts';
import { paginate } from '../pagination.ts';
import { passwordMatches } from '../srp-node.ts';
import type { PoolRecord, UserRecord } from '../store/records.ts';
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
import { ACCESS_TOKEN, adminUserFrom, clientFrom, PASSWORD, poolFrom, USERNAME } from './params.ts';

/** User operations; the rules they share with the sign-in flows and the seed live in domain/users.ts. */

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

export async function AdminCreateUser(rc: RequestContext, input: Json): Promise<Json> {
  const pool = poolFrom(rc, input);
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
  const { pool, user } = adminUserFrom(rc, input);
  const password = reqString(input, 'Password', PASSWORD);
  checkPasswordPolicy(pool, password);
  await setPassword(pool, user, password);
  user.status = optBool(input, 'Permanent') ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
  rc.emu.saveUser(user);
  return {};
}

export function AdminGetUser(rc: RequestContext, input: Json): Json {
  const { user } = adminUserFrom(rc, input);
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
  rc.emu.store.deleteUser(adminUserFrom(rc, input).user);
  return {};
}

export function AdminUpdateUserAttributes(rc: RequestContext, input: Json): Json {
  const { pool, user } = adminUserFrom(rc, input);
  const attributes = optAttributeList(input, 'UserAttributes');
  if (!attributes)
    throw invalidParameter(
      "1 validation error detected: Value null at 'userAttributes' failed to satisfy constraint: Member must not be null",
    );
  updateAttributes(rc, pool, user, attributes);
  return {};
}

export function AdminDeleteUserAttributes(rc: RequestContext, input: Json): Json {
  const { user } = adminUserFrom(rc, input);
  for (const name of optStringArray(input, 'UserAttributeNames') ?? []) {
    if (name === 'sub') throw invalidParameter('Cannot modify an immutable attribute: sub');
    delete user.attributes[name];
  }
  rc.emu.saveUser(user);
  return {};
}

function setEnabled(rc: RequestContext, input: Json, enabled: boolean): Json {
  const { user } = adminUserFrom(rc, input);
  user.enabled = enabled;
  rc.emu.saveUser(user);
  return {};
}

export const AdminDisableUser = (rc: RequestContext, input: Json): Json => setEnabled(rc, input, false);
export const AdminEnableUser = (rc: RequestContext, input: Json): Json => setEnabled(rc, input, true);

export function AdminConfirmSignUp(rc: RequestContext, input: Json): Json {
  const { user } = adminUserFrom(rc, input);
  if (user.status !== 'UNCONFIRMED')
    throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
  user.status = 'CONFIRMED';
  delete user.confirmationCode;
  rc.emu.saveUser(user);
  return {};
}

export function ListUsers(rc: RequestContext, input: Json): Json {
  const pool = poolFrom(rc, input);
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
  const { page, next } = paginate(users, (u) => u.username, optString(input, 'PaginationToken'), limit);
  return { Users: page.map(userType), ...(next ? { PaginationToken: next } : {}) };
}

export async function GetUser(rc: RequestContext, input: Json): Promise<Json> {
  const { user } = await rc.emu.userFromAccessToken(reqString(input, 'AccessToken', ACCESS_TOKEN));
  return { Username: user.username, UserAttributes: attributeList(user.attributes), ...mfaFields(user) };
}

export async function SignUp(rc: RequestContext, input: Json): Promise<Json> {
  const { client, pool } = clientFrom(rc, input);
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
  const code = storeNewCode(rc, user, 'confirmationCode');
  const prefer =
    pool.autoVerifiedAttributes.includes('email') || !pool.autoVerifiedAttributes.includes('phone_number')
      ? 'EMAIL'
      : 'SMS';
  const delivery = deliverCode(rc, user, 'SIGN_UP', code, prefer);
  return { UserConfirmed: false, UserSub: user.sub, ...(delivery ? { CodeDeliveryDetails: delivery } : {}) };
}

/** Keeps a new sign-up or password-reset code on the user (it replaces the previous one) and returns it. */
function storeNewCode(rc: RequestContext, user: UserRecord, kind: 'confirmationCode' | 'resetCode'): string {
  const code = newCode();
  user[kind] = code;
  rc.emu.store.putUser(user);
  return code;
}

/**
 * The app client of an unauthenticated request (ConfirmSignUp, ForgotPassword, ...) and the user its
 * Username names (username, alias or username attribute), once its SecretHash is checked against what
 * was typed and the canonical name.
 */
function namedUser(rc: RequestContext, input: Json): { pool: PoolRecord; user: UserRecord } {
  const { client, pool } = clientFrom(rc, input);
  const username = reqString(input, 'Username', USERNAME);
  const user = rc.emu.store.findUserByLogin(pool, username) ?? findByUsernameAttr(rc, pool, username);
  checkSecretHash(client, [username, user?.username], optString(input, 'SecretHash', { max: 128 }));
  if (!user) throw userNotFound();
  return { pool, user };
}

export function ConfirmSignUp(rc: RequestContext, input: Json): Json {
  const code = reqString(input, 'ConfirmationCode', { max: 2048 });
  const { user } = namedUser(rc, input);
  if (user.status !== 'UNCONFIRMED')
    throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
  if (!user.confirmationCode || user.confirmationCode !== code) {
    throw codeMismatch('Invalid verification code provided, please try again.');
  }
  user.status = 'CONFIRMED';
  delete user.confirmationCode;
  if (user.attributes.email) user.attributes.email_verified = 'true';
  else if (user.attributes.phone_number) user.attributes.phone_number_verified = 'true';
  rc.emu.saveUser(user);
  return {};
}

export function ResendConfirmationCode(rc: RequestContext, input: Json): Json {
  const { user } = namedUser(rc, input);
  if (user.status !== 'UNCONFIRMED') throw invalidParameter('User is already confirmed.');
  const code = storeNewCode(rc, user, 'confirmationCode');
  return { CodeDeliveryDetails: deliverCode(rc, user, 'SIGN_UP', code) ?? {} };
}

export async function GlobalSignOut(rc: RequestContext, input: Json): Promise<Json> {
  const { user } = await rc.emu.userFromAccessToken(reqString(input, 'AccessToken', ACCESS_TOKEN));
  revokeAllOf(rc, user);
  return {};
}

export function AdminUserGlobalSignOut(rc: RequestContext, input: Json): Json {
  revokeAllOf(rc, adminUserFrom(rc, input).user);
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
  const { pool, user } = await rc.emu.userFromAccessToken(reqString(input, 'AccessToken', ACCESS_TOKEN));
  const previous = reqString(input, 'PreviousPassword', PASSWORD);
  const proposed = reqString(input, 'ProposedPassword', PASSWORD);
  if (
    !(await passwordMatches(userPoolName(pool.id), user.username, previous, user.saltHex, user.verifierHex))
  ) {
    throw notAuthorized();
  }
  checkPasswordPolicy(pool, proposed);
  await setPassword(pool, user, proposed);
  rc.emu.saveUser(user);
  return {};
}

export function ForgotPassword(rc: RequestContext, input: Json): Json {
  const { user } = namedUser(rc, input);
  const code = storeNewCode(rc, user, 'resetCode');
  const delivery = deliverCode(rc, user, 'VERIFY_ATTRIBUTE', code);
  if (!delivery) {
    throw invalidParameter(
      'Cannot reset password for the user as there is no registered/verified email or phone_number',
    );
  }
  return { CodeDeliveryDetails: delivery };
}

export async function ConfirmForgotPassword(rc: RequestContext, input: Json): Promise<Json> {
  const code = reqString(input, 'ConfirmationCode', { max: 2048 });
  const password = reqString(input, 'Password', PASSWORD);
  const { pool, user } = namedUser(rc, input);
  if (!user.resetCode || user.resetCode !== code) {
    throw codeMismatch('Invalid verification code provided, please try again.');
  }
  checkPasswordPolicy(pool, password);
  await setPassword(pool, user, password);
  delete user.resetCode;
  if (user.status === 'RESET_REQUIRED' || user.status === 'FORCE_CHANGE_PASSWORD') user.status = 'CONFIRMED';
  rc.emu.saveUser(user);
  return {};
}
