import { isCognitoHost, normalizeEndpoint } from '../../src/cognito/index.ts';
import type { CognitoCallReply, InsecureCognitoCall } from '../../src/messages/index.ts';
import { logActivity } from './activity.ts';
import type { CallContext } from './context.ts';
import { carryDeviceFlow } from './device-sign-in.ts';
import { rawCognitoCall } from './raw-call.ts';
import { readPageCall } from './request-shape.ts';

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
  if (!call) return PASSTHROUGH;
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
  return carryDeviceFlow(ctx, boundSite, call, endpoint, request.body, request.headers ?? {});
}

/** Any other Cognito call of a site with a custom endpoint: sent there as it is, so the app talks to one pool. */
async function carryUnchanged(
  ctx: CallContext,
  endpoint: string,
  request: InsecureCognitoCall,
): Promise<CognitoCallReply> {
  try {
    const res = await rawCognitoCall(ctx.fetch, endpoint, request.operation, request.body, request.headers);
    return { kind: 'response', status: res.status, headers: res.headers, body: res.text };
  } catch (error) {
    return {
      kind: 'error',
      message: `Could not reach Cognito: ${error instanceof Error ? error.message : 'network error'}`,
    };
  }
}

/**
 * The extension's fetch must not lend a page the host permissions of other enabled sites: calls go
 * to AWS's Cognito hosts, the page's own origin, or an origin that is not another enabled site.
 */
async function endpointAllowed(ctx: CallContext, endpoint: string): Promise<boolean> {
  const url = new URL(endpoint);
  if (isCognitoHost(url.hostname) || url.origin === ctx.origin) return true;
  return (await ctx.vault.getSite(url.origin)) === undefined;
}
