import { attributeList, type RequestContext } from '../context.ts';
import {
  checkPasswordPolicy,
  createUser,
  mfaSettingList,
  setPassword,
  updateAttributes,
} from '../domain/users.ts';
import { invalidParameter, notAuthorized } from '../http/errors.ts';
import { randomString } from '../ids.ts';
import { paginate } from '../pagination.ts';
import type { UserRecord } from '../store/records.ts';
import {
  type Json,
  optAttributeList,
  optBool,
  optInt,
  optString,
  optStringArray,
  reqString,
} from '../validate.ts';
import { ACCESS_TOKEN, adminUserFrom, PASSWORD, poolFrom, USERNAME } from './params.ts';

/** Managing a pool's users (Admin*, ListUsers) and GetUser; the rules they share live in domain/users.ts. */

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
