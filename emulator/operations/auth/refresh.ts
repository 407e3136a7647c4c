import { checkSecretHash, type RequestContext } from '../../context.ts';
import { clientAllowsFlow, rotatesRefreshTokens } from '../../domain/clients.ts';
import { CognitoError, notAuthorized } from '../../http/errors.ts';
import type { ClientRecord, RefreshTokenRecord } from '../../store/records.ts';
import { hashRefreshToken } from '../../tokens.ts';
import { preTokenGeneration } from '../../triggers/token-triggers.ts';
import { type Json, optString, optStringMap, reqString } from '../../validate.ts';

const invalidRefresh = () => notAuthorized('Invalid Refresh Token');

export interface RefreshRequest {
  /** REFRESH_TOKEN_AUTH / REFRESH_TOKEN of (Admin)InitiateAuth, or GetTokensFromRefreshToken. */
  via: 'InitiateAuth' | 'GetTokensFromRefreshToken';
  token: string;
  /** Absent when the client sent none or JSON null (amazon-cognito-identity-js sends DEVICE_KEY: null). */
  deviceKey: string | undefined;
  secret: { kind: 'SECRET_HASH'; value: string | undefined } | { kind: 'ClientSecret'; value: string };
  /** The request's ClientMetadata, for the pre token generation trigger. */
  clientMetadata?: Record<string, string> | undefined;
}

/**
 * Which flow may refresh on this client. A rotating client refreshes with GetTokensFromRefreshToken
 * only ("You can't authenticate with REFRESH_TOKEN_AUTH in app clients with refresh token rotation
 * enabled", developer guide "Refresh tokens"); AWS documents no wording for the refusal.
 */
function checkFlow(client: ClientRecord, via: RefreshRequest['via']): void {
  if (rotatesRefreshTokens(client)) {
    if (via === 'InitiateAuth') {
      throw notAuthorized(
        'Refresh Token auth flow not enabled for this client: it rotates refresh tokens, use GetTokensFromRefreshToken',
      );
    }
    return;
  }
  if (!clientAllowsFlow(client, 'REFRESH_TOKEN_AUTH')) {
    throw notAuthorized('Refresh Token auth flow not enabled for this client');
  }
}

/** A token rotation replaced works for the client's RetryGracePeriodSeconds, then never again. */
function checkNotRotatedOut(rc: RequestContext, client: ClientRecord, record: RefreshTokenRecord): void {
  if (record.rotatedAt === undefined) return;
  const grace = client.refreshTokenRotation?.retryGracePeriodSeconds ?? 0;
  if (rc.emu.nowSeconds() >= record.rotatedAt + grace) {
    throw new CognitoError('RefreshTokenReuseException', 'Refresh token has already been rotated.');
  }
}

/**
 * New ID and access tokens for a refresh token (and, on a rotating client, a new refresh token bound
 * to the same device). A token issued to a device that has since been confirmed needs that device's
 * key: "You must provide the confirmed device key in this request if device remembering is enabled"
 * (GetTokensFromRefreshToken reference, DeviceKey); without it, or with another key, the token is
 * refused as invalid. A forgotten device's tokens are dead.
 */
export async function refreshTokens(
  rc: RequestContext,
  client: ClientRecord,
  req: RefreshRequest,
): Promise<Json> {
  checkFlow(client, req.via);
  const record = rc.emu.store.getRefreshToken(hashRefreshToken(req.token));
  if (!record || record.clientId !== client.id) throw invalidRefresh();
  const pool = rc.emu.pool(record.poolId);
  const user = rc.emu.store.getUser(pool, record.username);
  if (!user) throw invalidRefresh();
  if (req.secret.kind === 'ClientSecret') {
    if (client.secret && req.secret.value !== client.secret) {
      throw notAuthorized(`Unable to verify secret hash for client ${client.id}`);
    }
  } else {
    // After sign-in the hash is over the name Cognito gave the user, never a sign-in alias: the
    // canonical username (= sub in pools with UsernameAttributes), or the sub.
    checkSecretHash(client, [user.username, user.sub], req.secret.value);
  }
  if (record.revoked || record.invalidated) throw notAuthorized('Refresh Token has been revoked');
  if (record.expiresAt < rc.emu.nowSeconds()) throw notAuthorized('Refresh Token has expired');
  checkNotRotatedOut(rc, client, record);
  if (!user.enabled) throw notAuthorized('User is disabled.');
  if (record.deviceKey) {
    const device = rc.emu.store.getDevice(record.deviceKey);
    if (!device) throw invalidRefresh();
    if (device.confirmed && req.deviceKey !== record.deviceKey) throw invalidRefresh();
    device.lastAuthAt = rc.emu.nowSeconds();
    device.lastIp = rc.ip;
    rc.emu.store.putDevice(device);
  }
  const rotate = req.via === 'GetTokensFromRefreshToken' && rotatesRefreshTokens(client);
  if (rotate && record.rotatedAt === undefined) {
    record.rotatedAt = rc.emu.nowSeconds();
    rc.emu.store.putRefreshToken(record);
  }
  const idClaims = await preTokenGeneration(
    rc,
    pool,
    client,
    user,
    'TokenGeneration_RefreshTokens',
    req.clientMetadata,
  );
  const tokens = await rc.emu.tokens.issue({
    pool,
    client,
    user,
    refresh: record,
    rotate,
    ...(idClaims ? { idClaims } : {}),
  });
  return { ChallengeParameters: {}, AuthenticationResult: tokens };
}

export async function GetTokensFromRefreshToken(rc: RequestContext, input: Json): Promise<Json> {
  const token = reqString(input, 'RefreshToken', { max: 8192 });
  const client = rc.emu.client(reqString(input, 'ClientId', { max: 128 }));
  const clientSecret = optString(input, 'ClientSecret', { max: 128 });
  const deviceKey = optString(input, 'DeviceKey', { max: 55 });
  const clientMetadata = optStringMap(input, 'ClientMetadata');
  if (client.secret && clientSecret === undefined) {
    throw notAuthorized(`Client ${client.id} is configured for secret but secret was not received`);
  }
  const result = await refreshTokens(rc, client, {
    via: 'GetTokensFromRefreshToken',
    token,
    deviceKey,
    secret: { kind: 'ClientSecret', value: clientSecret ?? '' },
    clientMetadata,
  });
  return { AuthenticationResult: result.AuthenticationResult };
}
