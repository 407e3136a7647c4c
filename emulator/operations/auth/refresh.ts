import { checkSecretHash, type RequestContext } from '../../context.ts';
import { notAuthorized } from '../../http/errors.ts';
import type { ClientRecord } from '../../store/records.ts';
import { hashRefreshToken } from '../../tokens.ts';
import { preTokenGeneration } from '../../triggers/token-triggers.ts';
import { type Json, optString, reqString } from '../../validate.ts';
import { clientAllowsFlow } from '../pools.ts';

const invalidRefresh = () => notAuthorized('Invalid Refresh Token');

/**
 * New ID and access tokens for a refresh token. A token issued to a device that has since been
 * confirmed needs that device's key; a forgotten device's tokens are dead.
 */
export async function refreshTokens(
  rc: RequestContext,
  client: ClientRecord,
  token: string,
  deviceKey: string | undefined,
  secret: { kind: 'SECRET_HASH'; value: string | undefined } | { kind: 'ClientSecret'; value: string },
): Promise<Json> {
  if (!clientAllowsFlow(client, 'REFRESH_TOKEN_AUTH')) {
    throw notAuthorized('Refresh Token auth flow not enabled for this client');
  }
  const record = rc.emu.store.getRefreshToken(hashRefreshToken(token));
  if (!record || record.clientId !== client.id) throw invalidRefresh();
  const pool = rc.emu.pool(record.poolId);
  const user = rc.emu.store.getUser(pool, record.username);
  if (!user) throw invalidRefresh();
  if (secret.kind === 'ClientSecret') {
    if (client.secret && secret.value !== client.secret) {
      throw notAuthorized(`Unable to verify secret hash for client ${client.id}`);
    }
  } else {
    const a = user.attributes;
    checkSecretHash(client, [user.username, a.email, a.phone_number, a.preferred_username], secret.value);
  }
  if (record.revoked || record.invalidated) throw notAuthorized('Refresh Token has been revoked');
  if (record.expiresAt < rc.emu.nowSeconds()) throw notAuthorized('Refresh Token has expired');
  if (!user.enabled) throw notAuthorized('User is disabled.');
  if (record.deviceKey) {
    const device = rc.emu.store.getDevice(record.deviceKey);
    if (!device) throw invalidRefresh();
    if (device.confirmed && deviceKey !== record.deviceKey) throw invalidRefresh();
    device.lastAuthAt = rc.emu.nowSeconds();
    device.lastIp = rc.ip;
    rc.emu.store.putDevice(device);
  }
  const idClaims = await preTokenGeneration(
    rc,
    pool,
    client,
    user,
    'TokenGeneration_RefreshTokens',
    undefined,
  );
  const tokens = await rc.emu.tokens.issue({
    pool,
    client,
    user,
    refresh: record,
    ...(idClaims ? { idClaims } : {}),
  });
  return { ChallengeParameters: {}, AuthenticationResult: tokens };
}

export async function GetTokensFromRefreshToken(rc: RequestContext, input: Json): Promise<Json> {
  const token = reqString(input, 'RefreshToken', { max: 8192 });
  const client = rc.emu.client(reqString(input, 'ClientId', { max: 128 }));
  const clientSecret = optString(input, 'ClientSecret', { max: 128 });
  if (client.secret && clientSecret === undefined) {
    throw notAuthorized(`Client ${client.id} is configured for secret but secret was not received`);
  }
  const result = await refreshTokens(rc, client, token, optString(input, 'DeviceKey', { max: 55 }), {
    kind: 'ClientSecret',
    value: clientSecret ?? '',
  });
  return { AuthenticationResult: result.AuthenticationResult };
}
