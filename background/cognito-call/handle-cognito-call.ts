import { normalizeEndpoint } from '../../src/cognito/index.ts';
import { type CognitoCallReply, type InsecureCognitoCall, LIMITS } from '../../src/messages/index.ts';
import { markStep } from '../startup-marks.ts';
import { knownBinding } from '../vault/vault.ts';
import { logActivity } from './activity.ts';
import { logReplyTooLarge, parseJsonObject, rawCognitoCall } from './carrier-transport.ts';
import type { CallContext } from './context.ts';
import { carryDeviceFlow } from './device-sign-in.ts';
import { readPageCall } from './request-shape.ts';
import { clientAllowed, endpointAllowed } from './site-limits.ts';

/** Operations whose requests the device flows join; every other Cognito call stays the page's own. */
export const DEVICE_FLOW_CALLS = new Set([
  'InitiateAuth',
  'RespondToAuthChallenge',
  'GetTokensFromRefreshToken',
]);

const PASSTHROUGH: CognitoCallReply = { kind: 'passthrough' };

/**
 * A page on an enabled origin made a Cognito call. The device flows' calls are carried by
 * carryDeviceFlow (device-sign-in.ts); a site with a custom endpoint has every other call sent there;
 * anything else the page sends itself.
 */
export async function handleCognitoCall(
  ctx: CallContext,
  request: InsecureCognitoCall,
): Promise<CognitoCallReply> {
  const reply = await carryForPage(ctx, request);
  // Token responses are a few KB: a body past the cap is not Cognito's, and is not handed to the page.
  // The transport cuts a reply off at the cap while it streams; this bounds what the carrier rewrote too.
  if (reply.kind === 'response' && reply.body.length > LIMITS.replyBodyChars) {
    await logReplyTooLarge(ctx, reply.body.length);
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
  const call = DEVICE_FLOW_CALLS.has(request.operation)
    ? readPageCall(request.operation, request.body)
    : undefined;
  if (!DEVICE_FLOW_CALLS.has(request.operation) || site.managesOwnDevices !== undefined) {
    return site.customEndpoint ? carryUnchanged(ctx, site.customEndpoint, request) : PASSTHROUGH;
  }
  if (!site.customEndpoint && !(await endpointAllowed(ctx, endpoint))) return PASSTHROUGH;
  if (!call || !(await clientAllowed(ctx, site, call.clientId))) return PASSTHROUGH;
  // A client bound before (every call after a site's first) is decided from the record already read.
  const known = knownBinding(site, call.clientId, endpoint);
  const binding = known ?? (await ctx.vault.bindClient(ctx.origin, call.clientId, endpoint));
  if (binding !== 'bound') {
    if (binding === 'conflict') {
      await logActivity(
        ctx,
        { kind: 'error', reason: 'endpoint-conflict' },
        undefined,
        `App client ${call.clientId} called a different endpoint than before; device not used`,
      );
    }
    return PASSTHROUGH;
  }
  const boundSite = known ? site : ((await ctx.vault.getSite(ctx.origin)) ?? site);
  markStep('carrier:bound');
  const reply = await carryDeviceFlow(ctx, boundSite, call, endpoint, request.body, request.headers ?? {});
  // Only a device of the site's own that Cognito accepted (tokens came back for the request that sent
  // its key) marks the site: a key a page merely sends, a forged proof say, must not switch the
  // extension off for the site.
  if (call.pageOwnsDevice && reply.kind === 'response' && signedIn(reply.body)) {
    await siteManagesOwnDevices(ctx, 'it signed in with a device of its own');
  }
  return reply;
}

function signedIn(body: string): boolean {
  const result = parseJsonObject(body)?.AuthenticationResult;
  return typeof result === 'object' && result !== null;
}

/**
 * The site's own code remembers devices (Amplify's rememberDevice / forgetDevice, ACIJ's setDeviceStatus*
 * need the NewDeviceMetadata the extension would hide): from now on the extension stays out of this
 * site's sign-ins, so the site's device handling works as it would without the extension.
 */
async function siteManagesOwnDevices(ctx: CallContext, reason: string): Promise<void> {
  await ctx.vault.setManagesOwnDevices(ctx.origin, { since: ctx.now(), reason });
  await logActivity(ctx, 'site-manages-devices', undefined, `Detected: ${reason}`);
}

/** Any other Cognito call of a site with a custom endpoint: sent there as it is, so the app talks to one pool. */
async function carryUnchanged(
  ctx: CallContext,
  endpoint: string,
  request: InsecureCognitoCall,
): Promise<CognitoCallReply> {
  try {
    const res = await rawCognitoCall(ctx, endpoint, request.operation, request.body, request.headers);
    return { kind: 'response', status: res.status, headers: res.headers, body: res.text };
  } catch (error) {
    return {
      kind: 'error',
      message: `Could not reach Cognito: ${error instanceof Error ? error.message : 'network error'}`,
    };
  }
}
