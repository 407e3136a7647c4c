import { checkSecretHash, type RequestContext } from '../context.ts';
import { findByUsernameAttr } from '../domain/users.ts';
import { userNotFound } from '../http/errors.ts';
import type { ClientRecord, PoolRecord, UserRecord } from '../store/records.ts';
import { type Json, optString, reqString } from '../validate.ts';

/** Request members several operations share, with the limits of the Cognito API reference. */
export const POOL_ID = { max: 55, pattern: /^[\w-]+_[0-9a-zA-Z]+$/ };
export const USERNAME = { max: 128 };
export const PASSWORD = { max: 256 };
export const ACCESS_TOKEN = { max: 8192 };

/** The pool named by the request's UserPoolId (ResourceNotFoundException when there is none). */
export const poolFrom = (rc: RequestContext, input: Json): PoolRecord =>
  rc.emu.pool(reqString(input, 'UserPoolId', POOL_ID));

/** The pool and user named by an Admin* request's UserPoolId and Username. */
export function adminUserFrom(rc: RequestContext, input: Json): { pool: PoolRecord; user: UserRecord } {
  const pool = poolFrom(rc, input);
  return { pool, user: rc.emu.adminUser(pool, reqString(input, 'Username', USERNAME)) };
}

/** The app client named by the request's ClientId, and its pool. */
export function clientFrom(rc: RequestContext, input: Json): { client: ClientRecord; pool: PoolRecord } {
  const client = rc.emu.client(reqString(input, 'ClientId', { max: 128 }));
  return { client, pool: rc.emu.pool(client.poolId) };
}

/** An operation on a user's own records, given the pool and user it acts for. */
export type UserOperation = (rc: RequestContext, pool: PoolRecord, user: UserRecord, input: Json) => Json;

/** The access-token form of a user operation (GetDevice, ListDevices, ...): the token names the user. */
export const withAccessToken =
  (op: UserOperation) =>
  async (rc: RequestContext, input: Json): Promise<Json> => {
    const { pool, user } = await rc.emu.userFromAccessToken(reqString(input, 'AccessToken', ACCESS_TOKEN));
    return op(rc, pool, user, input);
  };

/** The Admin* form of a user operation: UserPoolId and Username name the user. */
export const asAdmin =
  (op: UserOperation) =>
  (rc: RequestContext, input: Json): Json => {
    const { pool, user } = adminUserFrom(rc, input);
    return op(rc, pool, user, input);
  };

/**
 * The app client of an unauthenticated request (ConfirmSignUp, ForgotPassword, ...) and the user its
 * Username names (username, alias or username attribute), once its SecretHash is checked against what
 * was typed and the canonical name.
 */
export function namedUser(rc: RequestContext, input: Json): { pool: PoolRecord; user: UserRecord } {
  const { client, pool } = clientFrom(rc, input);
  const username = reqString(input, 'Username', USERNAME);
  const user = rc.emu.store.findUserByLogin(pool, username) ?? findByUsernameAttr(rc, pool, username);
  checkSecretHash(client, [username, user?.username], optString(input, 'SecretHash', { max: 128 }));
  if (!user) throw userNotFound();
  return { pool, user };
}
