import { normalizeEndpoint } from '../../src/cognito/index.ts';
import { tokenIdentity } from '../../src/jwt-claims.ts';
import { type CognitoCallReply, type InsecureCognitoCall, LIMITS } from '../../src/messages/index.ts';
import { sha256Hex } from '../../src/sha256.ts';
import { type ClientEphemeral, createClientEphemeral } from '../../src/srp/index.ts';
import type { DeviceRecord, SiteRecord } from '../vault/schema.ts';
import { logActivity } from './activity.ts';
import { answerDeviceChallenge, isRejectedProof } from './answer-device-challenge.ts';
import type { CallContext } from './context.ts';
import { enrollDevice } from './enroll-device.ts';
import { findDeviceFor } from './find-device.ts';
import { errorCode, parseJsonObject, type RawResponse, rawCognitoCall } from './raw-call.ts';
import { type PageCall, readPageCall, withDeviceKey } from './request-shape.ts';
import { clientAllowed, endpointAllowed, enrolmentAllowed } from './site-limits.ts';

/** Operations whose requests the device flows join; every other Cognito call stays the page's own. */
export const DEVICE_FLOW_CALLS = new Set([
  'InitiateAuth',
  'RespondToAuthChallenge',
  'GetTokensFromRefreshToken',
]);

const PASSTHROUGH: CognitoCallReply = { kind: 'passthrough' };

/**
 * A page on an enabled origin made a Cognito call that the device flows join (flows 1-4 and 6 of
 * ARCHITECTURE.md). The background makes the call itself, adds the vault's device key, answers the
 * device challenge, enrolls new devices and recovers stale ones; the page receives Cognito's final
 * response as the answer to its own request.
 */
export async function handleCognitoCall(
  ctx: CallContext,
  request: InsecureCognitoCall,
): Promise<CognitoCallReply> {
  const reply = await carryForPage(ctx, request);
  // Token responses are a few KB: a body past the cap is not Cognito's, and is not handed to the page.
  if (reply.kind === 'response' && reply.body.length > LIMITS.replyBodyChars) {
    await logActivity(ctx, 'error', undefined, `A reply of ${reply.body.length} characters was refused`);
    return { kind: 'error', message: 'The reply was larger than a Cognito reply can be' };
  }
  return reply;
}

async function carryForPage(ctx: CallContext, request: InsecureCognitoCall): Promise<CognitoCallReply> {
  const site = await ctx.vault.getSite(ctx.origin);
  if (!site) return PASSTHROUGH;
  let endpoint: string;
  try {
    // A custom endpoint (set by the person or their administrator) replaces wherever the page calls.
    endpoint = site.customEndpoint ?? normalizeEndpoint(request.endpoint);
  } catch {
    return PASSTHROUGH;
  }
  if (!DEVICE_FLOW_CALLS.has(request.operation)) {
    return site.customEndpoint ? carryUnchanged(ctx, site.customEndpoint, request) : PASSTHROUGH;
  }
  if (!site.customEndpoint && !(await endpointAllowed(ctx, endpoint))) return PASSTHROUGH;
  const call = readPageCall(request.operation, request.body);
  if (!call || !(await clientAllowed(ctx, site, call.clientId))) return PASSTHROUGH;
  const binding = await ctx.vault.bindClient(ctx.origin, call.clientId, endpoint);
  if (binding !== 'bound') {
    if (binding === 'conflict') {
      await logActivity(
        ctx,
        'error',
        undefined,
        `App client ${call.clientId} called a different endpoint than before; device not used`,
      );
    }
    return PASSTHROUGH;
  }
  const boundSite = (await ctx.vault.getSite(ctx.origin)) ?? site;
  return carry(ctx, boundSite, call, endpoint, request.body);
}

/** Any other Cognito call of a site with a custom endpoint: sent there as it is, so the app talks to one pool. */
async function carryUnchanged(
  ctx: CallContext,
  endpoint: string,
  request: InsecureCognitoCall,
): Promise<CognitoCallReply> {
  try {
    const res = await rawCognitoCall(ctx.fetch, endpoint, request.operation, request.body);
    return { kind: 'response', status: res.status, headers: res.headers, body: res.text };
  } catch (error) {
    return {
      kind: 'error',
      message: `Could not reach Cognito: ${error instanceof Error ? error.message : 'network error'}`,
    };
  }
}

async function carry(
  ctx: CallContext,
  site: SiteRecord,
  call: PageCall,
  endpoint: string,
  pageBody: string,
): Promise<CognitoCallReply> {
  const startedAt = ctx.now();
  const device = await findDeviceFor(ctx.vault, site, call, endpoint);
  let response: RawResponse;
  let ephemeral: ClientEphemeral | undefined;
  try {
    if (device) {
      const pending = rawCognitoCall(
        ctx.fetch,
        endpoint,
        call.operation,
        withDeviceKey(call, device.deviceKey),
      );
      // Start the device SRP's expensive half while the network answers (only the password steps lead there).
      if (call.shape.kind !== 'refresh') ephemeral = createClientEphemeral();
      response = await pending;
      if (isStaleDevice(response)) {
        await recoverStaleDevice(ctx, device);
        return finish(
          ctx,
          site,
          call,
          endpoint,
          await rawCognitoCall(ctx.fetch, endpoint, call.operation, pageBody),
          {
            startedAt,
          },
        );
      }
    } else {
      response = await rawCognitoCall(ctx.fetch, endpoint, call.operation, pageBody);
    }
  } catch (error) {
    return {
      kind: 'error',
      message: `Could not reach Cognito: ${error instanceof Error ? error.message : 'network error'}`,
    };
  }
  return finish(
    ctx,
    site,
    call,
    endpoint,
    response,
    device ? { startedAt, device, ephemeral } : { startedAt },
  );
}

function isStaleDevice(res: RawResponse): boolean {
  return errorCode(res) === 'ResourceNotFoundException' && /device does not exist/i.test(res.text);
}

/** Flow 4: the pool no longer knows the device (forgotten elsewhere, user recreated). */
async function recoverStaleDevice(ctx: CallContext, device: DeviceRecord): Promise<void> {
  await ctx.vault.deleteDevice(device.deviceKey);
  await logActivity(
    ctx,
    'stale-device-replaced',
    device,
    'The pool no longer knew this browser; signing in with MFA will enroll it again',
  );
}

async function finish(
  ctx: CallContext,
  site: SiteRecord,
  call: PageCall,
  endpoint: string,
  response: RawResponse,
  joined: { startedAt: number; device?: DeviceRecord; ephemeral?: ClientEphemeral | undefined },
): Promise<CognitoCallReply> {
  let final = response;
  const body = response.status === 200 ? parseJsonObject(response.text) : undefined;
  const device = joined.device;

  if (device && body?.ChallengeName === 'DEVICE_SRP_AUTH') {
    const outcome = await answerDeviceChallenge(
      ctx,
      endpoint,
      call.clientId,
      device,
      response,
      joined.ephemeral ?? createClientEphemeral(),
      call.secretHash,
    );
    final = outcome.response;
    if (!outcome.verified && isRejectedProof(final)) {
      await ctx.vault.updateDevice(device.deviceKey, (r) => ({ ...r, status: 'broken' }));
      await logActivity(
        ctx,
        'error',
        device,
        'The pool rejected this browser’s device proof; the device will be enrolled again at the next sign-in',
      );
    } else if (outcome.verified) {
      await logActivity(ctx, 'mfa-skipped', device);
    }
  }

  const finalBody =
    final === response ? body : final.status === 200 ? parseJsonObject(final.text) : undefined;
  if (call.shape.kind === 'srp-start' && finalBody?.ChallengeName === 'PASSWORD_VERIFIER') {
    await rememberAlias(ctx, call, call.shape.typedUsername, finalBody);
  }
  const result = finalBody?.AuthenticationResult;
  if (finalBody && typeof result === 'object' && result !== null) {
    const stripped = await onTokens(ctx, site, call, endpoint, result as Record<string, unknown>, joined);
    if (stripped) {
      final = { ...final, text: JSON.stringify({ ...finalBody, AuthenticationResult: stripped }) };
    }
  }
  return { kind: 'response', status: final.status, headers: final.headers, body: final.text };
}

async function rememberAlias(
  ctx: CallContext,
  call: PageCall,
  typed: string,
  body: Record<string, unknown>,
): Promise<void> {
  const params = body.ChallengeParameters as Record<string, unknown> | undefined;
  const canonical = params?.USER_ID_FOR_SRP;
  if (typeof canonical === 'string' && canonical.length <= 256 && canonical !== typed) {
    await ctx.vault.putAlias({ clientId: call.clientId, alias: typed.toLowerCase(), username: canonical });
  }
}

/**
 * Tokens arrived: learn the pool behind this app client, keep the access token for the popup
 * (memory only), index the refresh token for later refreshes, and enroll a new device.
 * Returns the AuthenticationResult the page may see when it differs from Cognito's (no NewDeviceMetadata).
 */
async function onTokens(
  ctx: CallContext,
  site: SiteRecord,
  call: PageCall,
  endpoint: string,
  result: Record<string, unknown>,
  joined: { startedAt: number; device?: DeviceRecord },
): Promise<Record<string, unknown> | undefined> {
  const accessToken = typeof result.AccessToken === 'string' ? result.AccessToken : undefined;
  const identity = accessToken ? tokenIdentity(accessToken) : undefined;
  if (!accessToken || !identity) return undefined;
  const { poolId, username } = identity;
  await ctx.vault.setClientPool(ctx.origin, call.clientId, poolId);
  await ctx.tokens.put(poolId, username, {
    accessToken,
    expiresAt: identity.exp ?? Math.floor(ctx.now() / 1000) + 3600,
    endpoint,
    clientId: call.clientId,
  });
  const refreshToken = typeof result.RefreshToken === 'string' ? result.RefreshToken : undefined;
  const meta = result.NewDeviceMetadata as Record<string, unknown> | undefined;
  const newKey = typeof meta?.DeviceKey === 'string' ? meta.DeviceKey : undefined;
  const newGroup = typeof meta?.DeviceGroupKey === 'string' ? meta.DeviceGroupKey : undefined;

  if (newKey && newGroup && !call.pageOwnsDevice && (await enrolmentAllowed(ctx))) {
    const boundSite = (await ctx.vault.getSite(ctx.origin)) ?? site;
    const outcome = await enrollDevice(ctx, boundSite, {
      poolId,
      username,
      deviceKey: newKey,
      deviceGroupKey: newGroup,
      accessToken,
      endpoint,
      requestStartedAt: joined.startedAt,
    });
    if (outcome === 'enrolled' && refreshToken)
      await indexRefreshToken(ctx, refreshToken, poolId, username, newKey);
    const { NewDeviceMetadata: _dropped, ...pageResult } = result;
    return pageResult;
  }
  if (joined.device && refreshToken) {
    await indexRefreshToken(ctx, refreshToken, poolId, username, joined.device.deviceKey);
  }
  if (joined.device) {
    await ctx.vault.updateDevice(joined.device.deviceKey, (r) => ({ ...r, lastUsedAt: ctx.now() }));
  }
  return undefined;
}

async function indexRefreshToken(
  ctx: CallContext,
  refreshToken: string,
  poolId: string,
  username: string,
  deviceKey: string,
): Promise<void> {
  await ctx.vault.putRefreshToken({
    hash: await sha256Hex(refreshToken),
    poolId,
    username,
    deviceKey,
    createdAt: ctx.now(),
  });
}
