import type { RequestContext } from '../context.ts';
import { revokeAllOf } from '../domain/users.ts';
import { CognitoError, notAuthorized } from '../http/errors.ts';
import { hashRefreshToken } from '../tokens.ts';
import { type Json, optString, reqString } from '../validate.ts';
import { ACCESS_TOKEN, adminUserFrom } from './params.ts';

/** Ending sessions: GlobalSignOut, AdminUserGlobalSignOut and RevokeToken. */

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
