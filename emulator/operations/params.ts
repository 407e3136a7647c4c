import type { RequestContext } from '../context.ts';
import type { PoolRecord, UserRecord } from '../store/records.ts';
import { type Json, reqString } from '../validate.ts';

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
