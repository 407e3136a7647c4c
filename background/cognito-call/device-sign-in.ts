import { tokenIdentity } from '../../src/jwt-claims.ts';
import type { CognitoCallReply, ForwardedHeaders } from '../../src/messages/index.ts';
import { sha256Hex } from '../../src/sha256.ts';
import { type ClientEphemeral, createClientEphemeral } from '../../src/srp/index.ts';
import { noteSignInStep } from '../doctor/note-sign-in.ts';
import { markStep } from '../startup-marks.ts';
import type { DeviceRecord, DeviceRef, SiteRecord } from '../vault/schema.ts';
import { logActivity } from './activity.ts';
import { afterReply } from './after-reply.ts';
import { answerDeviceChallenge } from './answer-device-challenge.ts';
import { errorCode, parseJsonObject, type RawResponse, rawCognitoCall } from './carrier-transport.ts';
import type { CallContext } from './context.ts';
import { enrollDevice } from './enroll-device.ts';
import { findDeviceFor } from './find-device.ts';
import { type PageCall, type SignInFlow, withDeviceKey } from './request-shape.ts';
import { type SessionChains, type SignInChain, sessionChains } from './session-chains.ts';
import { enrolmentAllowed } from './site-limits.ts';

const MAX_USERNAME = 256;

const ref = (d: DeviceRecord): DeviceRef => ({
  poolId: d.poolId,
  username: d.username,
  origin: d.origin,
  deviceKey: d.deviceKey,
});

/**
 * A page's sign-in or refresh request on an enabled site, carried by the background: the vault's
 * device key is added wherever the flow accepts it, the device challenge is answered wherever it
 * appears in a sign-in the extension joined, new devices are enrolled and stale ones recovered; the
 * page receives Cognito's final response as the answer to its own request.
 * See docs/architecture.md#device-key-injection for the rules each step follows.
 */
export async function carryDeviceFlow(
  ctx: CallContext,
  site: SiteRecord,
  call: PageCall,
  endpoint: string,
  pageBody: string,
  headers: ForwardedHeaders,
): Promise<CognitoCallReply> {
  const send = (body: string) => rawCognitoCall(ctx, endpoint, call.operation, body, headers);
  const chains = ctx.chains ?? sessionChains;
  const early = chains.takeEphemeral(ctx.origin, call.session);
  const chain: SignInChain = { ...chains.get(ctx.origin, call.session) };
  if (call.shape.kind === 'sign-in') {
    chain.flow = call.shape.flow;
    chain.typedUsername = call.shape.typedUsername;
    if (call.hashedName) chain.signInHashedName = call.hashedName;
    chain.startedAt = ctx.now();
  }
  if (call.secretHash && call.hashedName && (!chain.secretHash || call.hashedName === chain.canonical)) {
    chain.secretHash = call.secretHash;
    chain.hashedName = call.hashedName;
  }
  if (call.shape.kind === 'sign-in') await recallCanonicalHash(ctx, call, endpoint, chain);
  const startedAt = ctx.now();
  let device = await findDeviceFor(ctx.vault, site, call, endpoint, chain, ctx.now());
  markStep('carrier:device-looked-up');
  if (
    device &&
    !secretHashAllows(
      call.shape.kind === 'sign-in' ? call.shape.flow : undefined,
      call.hashedName,
      device.username,
      chain,
    )
  ) {
    await logActivity(ctx, ALIAS_NEEDS_HASH, device, `Device not presented: ${ALIAS_WITH_SECRET}`);
    device = undefined;
  }
  let response: RawResponse;
  let ephemeral = early;
  try {
    if (device) {
      chain.device = ref(device);
      const pending = send(withDeviceKey(call, device.deviceKey));
      // Start the device SRP's expensive half while the network answers, when this step's answer may be
      // the device challenge. USER_SRP_AUTH's is always PASSWORD_VERIFIER: its half is made after the
      // page has that answer, while the page computes its password claim (see finish).
      if (!ephemeral && call.shape.kind !== 'refresh' && !deferEphemeral(call)) {
        ephemeral = Promise.resolve(createClientEphemeral());
        markStep('srp:A-computed');
      }
      response = await pending;
      if (isStaleDevice(response)) {
        await setAside(
          ctx,
          device,
          'stale-device-replaced',
          'The pool no longer knew this browser; signing in with MFA will enroll it again',
        );
        delete chain.device;
        device = undefined;
        response = await send(pageBody);
      }
    } else {
      response = await send(pageBody);
    }
    return await finish(ctx, site, call, endpoint, response, {
      startedAt,
      chain,
      chains,
      ephemeral,
      send,
      pageBody,
      headers,
    });
  } catch (error) {
    return {
      kind: 'error',
      message: `Could not reach Cognito: ${error instanceof Error ? error.message : 'network error'}`,
    };
  }
}

const ALIAS_NEEDS_HASH = { kind: 'error', reason: 'alias-needs-secret-hash' } as const;
const ALIAS_WITH_SECRET =
  'this site signs in with an alias through an app client with a secret, and the device steps need a SECRET_HASH over your username that only the site can compute. It is learned when the site answers a second-factor challenge with your username; until then, sign in with your username to skip the second factor.';

/**
 * SECRET_HASH is HMAC(secret, username + clientId), with no time in it (Amazon Cognito Developer Guide,
 * "Computing secret hash values"): the hash the site sent over the canonical name in an earlier sign-in,
 * kept with this site's alias record, serves the device steps of a later sign-in with the same alias.
 */
async function recallCanonicalHash(
  ctx: CallContext,
  call: PageCall,
  endpoint: string,
  chain: SignInChain,
): Promise<void> {
  if (call.shape.kind !== 'sign-in' || !call.secretHash) return;
  const scope = { origin: ctx.origin, clientId: call.clientId, endpoint };
  const alias = await ctx.vault.getAlias(scope, call.shape.typedUsername);
  if (!alias?.secretHash) return;
  chain.secretHash = alias.secretHash;
  chain.hashedName = alias.username;
}

/** The chain's SECRET_HASH when it is over `username` (the name Cognito named), else nothing. */
function canonicalHash(chain: SignInChain, username: string): string | undefined {
  return chain.hashedName === username ? chain.secretHash : undefined;
}

/**
 * A device challenge that follows InitiateAuth needs a SECRET_HASH over the canonical username (AWS API
 * reference, InitiateAuth ChallengeParameters: challenge responses use the username, not an alias). The
 * page's hash is over what it sent; when that is an alias (USER_PASSWORD_AUTH with an email, say) the
 * background, without the client secret, cannot make one. USER_SRP_AUTH and CUSTOM_AUTH reach the
 * device challenge only after a challenge answer, whose USERNAME and hash are the canonical name's.
 * A hash over the canonical name learned earlier on this site (see recallCanonicalHash) also serves.
 */
function secretHashAllows(
  flow: SignInFlow | undefined,
  hashedName: string | undefined,
  username: string,
  chain: SignInChain,
): boolean {
  if (hashedName === undefined || hashedName === username) return true;
  if (canonicalHash(chain, username)) return true;
  return flow !== 'USER_PASSWORD_AUTH' && flow !== 'USER_AUTH';
}

function isStaleDevice(res: RawResponse): boolean {
  return errorCode(res) === 'ResourceNotFoundException' && /device does not exist/i.test(res.text);
}

/** The device stops being used on this site: the pool forgot it, or its steps fail for good. */
async function setAside(
  ctx: CallContext,
  device: DeviceRecord,
  what: 'stale-device-replaced' | { kind: 'error'; reason: 'device-refused' },
  detail: string,
): Promise<void> {
  if (what === 'stale-device-replaced') await ctx.vault.deleteDeviceAt(device);
  // Kept as "broken" (never served): the next enrolment on this site forgets it in Cognito too.
  else await ctx.vault.updateDeviceAt(device, (r) => ({ ...r, status: 'broken' }));
  await logActivity(ctx, what, device, detail);
}

interface Progress {
  startedAt: number;
  /** Sends a body as the page's own operation to the call's endpoint, with the page's forwarded headers. */
  send: (body: string) => Promise<RawResponse>;
  pageBody: string;
  headers: ForwardedHeaders;
  chain: SignInChain;
  chains: SessionChains;
  /** The device SRP's first half, when begun (in flight, or at an earlier step of the sign-in). */
  ephemeral: Promise<ClientEphemeral> | undefined;
}

/** USER_SRP_AUTH's InitiateAuth is answered with PASSWORD_VERIFIER, never the device challenge. */
function deferEphemeral(call: PageCall): boolean {
  return call.shape.kind === 'sign-in' && call.shape.flow === 'USER_SRP_AUTH';
}

/** (a, A) made once the current reply is on its way to the page (a macrotask later), not before it. */
function ephemeralSoon(): Promise<ClientEphemeral> {
  const made = new Promise<ClientEphemeral>((resolve, reject) =>
    setTimeout(() => {
      try {
        resolve(createClientEphemeral());
        markStep('srp:A-computed');
      } catch (error) {
        reject(error);
      }
    }, 0),
  );
  made.catch(() => undefined); // a chain that expires unused must not report an unhandled rejection
  return made;
}

async function finish(
  ctx: CallContext,
  site: SiteRecord,
  call: PageCall,
  endpoint: string,
  response: RawResponse,
  progress: Progress,
): Promise<CognitoCallReply> {
  const { chain } = progress;
  let final = response;
  let body = response.status === 200 ? parseJsonObject(response.text) : undefined;
  learnCanonicalFromChallenge(chain, body);
  if (call.shape.kind === 'sign-in' && chain.canonical) {
    const [typed, canonical] = [call.shape.typedUsername, chain.canonical];
    await afterReply(ctx, () => rememberAlias(ctx, call, endpoint, typed, canonical));
  }

  const params = challengeParameters(body);
  if (body?.ChallengeName === 'DEVICE_SRP_AUTH' && !call.pageOwnsDevice) {
    const device = await deviceAsked(ctx, chain, endpoint, params.DEVICE_KEY);
    if (device) {
      chain.device = ref(device);
      const canonical = typeof params.USERNAME === 'string' ? params.USERNAME : device.username;
      const secretHash =
        chain.hashedName === canonical ? chain.secretHash : (call.secretHash ?? chain.secretHash);
      const outcome = await answerDeviceChallenge(
        ctx,
        {
          endpoint,
          clientId: call.clientId,
          carried: call.carried,
          headers: progress.headers,
          ...(secretHash ? { secretHash } : {}),
        },
        device,
        response,
        await (progress.ephemeral ?? Promise.resolve(createClientEphemeral())),
      );
      progress.ephemeral = undefined; // spent: its secret answered this challenge
      final = outcome.response;
      if (outcome.kind === 'answered' && outcome.tokens)
        await afterReply(ctx, () => logActivity(ctx, 'mfa-skipped', device));
      if (outcome.kind === 'refused') {
        await setAside(
          ctx,
          device,
          { kind: 'error', reason: 'device-refused' },
          `The pool refused this browser’s device (${outcome.reason}); it is no longer used on this site and will be enrolled again at the next sign-in`,
        );
        delete chain.device;
        final = await continueWithoutDevice(call, progress, final);
      }
      body = final.status === 200 ? parseJsonObject(final.text) : undefined;
      learnCanonicalFromChallenge(chain, body);
    }
  }

  if (body && typeof body.Session === 'string' && typeof body.ChallengeName === 'string') {
    // The sign-in goes on with the device presented (a password or MFA step first): its device
    // challenge will need (a, A). The one made for this step, unused, or one made now, while the page
    // works on its answer, so no later step waits for it.
    if (chain.device && !call.pageOwnsDevice && body.ChallengeName !== 'DEVICE_SRP_AUTH')
      chain.ephemeral = progress.ephemeral ?? ephemeralSoon();
    progress.chains.put(ctx.origin, body.Session, chain);
  }
  const [presented, answered] = [chain.device, body];
  await afterReply(ctx, () => noteSignInStep(ctx, call, presented, answered));
  const result = body?.AuthenticationResult;
  if (body && typeof result === 'object' && result !== null) {
    const stripped = await onTokens(ctx, site, call, endpoint, result as Record<string, unknown>, progress);
    if (stripped) final = { ...final, text: JSON.stringify({ ...body, AuthenticationResult: stripped }) };
  }
  return { kind: 'response', status: final.status, headers: final.headers, body: final.text };
}

/**
 * After a refused device: the page's own request again without the key, so the sign-in goes on to the
 * normal second-factor prompt, when that request can be sent again (an InitiateAuth: its session is not
 * spent). A challenge answer's session is spent; the page then gets an error that says what happened.
 */
async function continueWithoutDevice(
  call: PageCall,
  progress: Progress,
  refused: RawResponse,
): Promise<RawResponse> {
  if (call.operation === 'InitiateAuth') return progress.send(progress.pageBody);
  return {
    ...refused,
    text: JSON.stringify({
      __type: errorCode(refused) ?? 'NotAuthorizedException',
      message:
        'The user pool did not accept this browser’s remembered device. Sign in again: you will be asked for your second factor.',
    }),
  };
}

/**
 * The vault's device a DEVICE_SRP_AUTH names, when this sign-in presented it: the chain's device, or,
 * when the chain was lost (a worker restart mid-sign-in), this site's servable device with that key
 * enrolled through this endpoint (it can only be in the session because the carrier sent it).
 */
async function deviceAsked(
  ctx: CallContext,
  chain: SignInChain,
  endpoint: string,
  key: unknown,
): Promise<DeviceRecord | undefined> {
  if (typeof key !== 'string') return undefined;
  if (chain.device) {
    const { poolId, username, origin, deviceKey } = chain.device;
    if (deviceKey !== key) return undefined;
    const device = await ctx.vault.getDevice(poolId, username, origin);
    return device?.deviceKey === key ? device : undefined;
  }
  const device = await ctx.vault.getDeviceByKey(key);
  if (!device || device.origin !== ctx.origin || device.endpoint !== endpoint) return undefined;
  return device.status === 'broken' || device.status === 'unconfirmed' ? undefined : device;
}

function challengeParameters(body: Record<string, unknown> | undefined): Record<string, unknown> {
  const params = body?.ChallengeParameters;
  return typeof params === 'object' && params !== null ? (params as Record<string, unknown>) : {};
}

/** Cognito names the canonical user in USER_ID_FOR_SRP, or USERNAME, of its challenges. */
function learnCanonicalFromChallenge(chain: SignInChain, body: Record<string, unknown> | undefined): void {
  const params = challengeParameters(body);
  const name = params.USER_ID_FOR_SRP ?? params.USERNAME;
  if (typeof name === 'string' && name.length > 0 && name.length <= MAX_USERNAME) chain.canonical = name;
}

/** What the person typed → the canonical name, for this site, app client and endpoint only. */
async function rememberAlias(
  ctx: CallContext,
  call: PageCall,
  endpoint: string,
  typed: string | undefined,
  canonical: string,
  secretHash?: string,
): Promise<void> {
  if (!typed || typed === canonical || canonical.length > MAX_USERNAME) return;
  const scope = { origin: ctx.origin, clientId: call.clientId, endpoint };
  const known = await ctx.vault.getAlias(scope, typed);
  if (known?.username === canonical && (!secretHash || known.secretHash === secretHash)) return;
  // A new canonical name drops a hash over the old one; a sign-in that taught none keeps the known one.
  const kept = known?.username === canonical ? known.secretHash : undefined;
  const hash = secretHash ?? kept;
  await ctx.vault.putAlias({
    ...scope,
    alias: typed,
    username: canonical,
    ...(hash ? { secretHash: hash } : {}),
  });
}

/**
 * Tokens arrived: learn the pool behind this app client and the user's canonical name, keep the access
 * token for the popup (memory only), index the refresh token for later refreshes, and enroll a new device.
 * Returns the AuthenticationResult the page may see when it differs from Cognito's (no NewDeviceMetadata).
 */
async function onTokens(
  ctx: CallContext,
  site: SiteRecord,
  call: PageCall,
  endpoint: string,
  result: Record<string, unknown>,
  progress: Progress,
): Promise<Record<string, unknown> | undefined> {
  const { chain } = progress;
  const accessToken = typeof result.AccessToken === 'string' ? result.AccessToken : undefined;
  const identity = accessToken ? tokenIdentity(accessToken) : undefined;
  if (!accessToken || !identity) return undefined;
  const { poolId, username } = identity;
  // The hash is kept only when Cognito named this user in the chain and accepted a step hashed over that name.
  const learnedHash = chain.canonical === username ? canonicalHash(chain, username) : undefined;
  // Three records in three separate stores, written side by side once the page has its answer.
  const typed = chain.typedUsername;
  await afterReply(ctx, async () => {
    await Promise.all([
      ctx.vault.setClientPool(ctx.origin, call.clientId, poolId),
      rememberAlias(ctx, call, endpoint, typed, username, learnedHash),
      ctx.tokens.put(ctx.origin, poolId, username, {
        accessToken,
        expiresAt: identity.exp ?? Math.floor(ctx.now() / 1000) + 3600,
        endpoint,
        clientId: call.clientId,
      }),
    ]);
  });
  const refreshToken = typeof result.RefreshToken === 'string' ? result.RefreshToken : undefined;
  const meta = result.NewDeviceMetadata as Record<string, unknown> | undefined;
  const newKey = typeof meta?.DeviceKey === 'string' ? meta.DeviceKey : undefined;
  const newGroup = typeof meta?.DeviceGroupKey === 'string' ? meta.DeviceGroupKey : undefined;

  if (newKey && newGroup && !call.pageOwnsDevice) {
    const { NewDeviceMetadata: _dropped, ...pageResult } = result;
    // Cognito presents devices at sign-in only: a refresh's NewDeviceMetadata is never enrolled, nor a
    // device the site's next sign-in could not present.
    if (call.shape.kind === 'refresh') return pageResult;
    if (!secretHashAllows(chain.flow, chain.signInHashedName, username, chain)) {
      await logActivity(ctx, ALIAS_NEEDS_HASH, identity, `Device not enrolled: ${ALIAS_WITH_SECRET}`);
      return pageResult;
    }
    // At a cap the page keeps NewDeviceMetadata: its own code may confirm the device, as without the extension.
    if (!(await enrolmentAllowed(ctx))) return undefined;
    const boundSite = (await ctx.vault.getSite(ctx.origin)) ?? site;
    const outcome = await enrollDevice(ctx, boundSite, {
      poolId,
      username,
      deviceKey: newKey,
      deviceGroupKey: newGroup,
      accessToken,
      endpoint,
      headers: progress.headers,
      requestStartedAt: chain.startedAt ?? progress.startedAt,
    });
    if (outcome.kind !== 'failed' && refreshToken)
      await indexRefreshToken(ctx, refreshToken, poolId, username, outcome.deviceKey);
    return pageResult;
  }
  const joined = chain.device;
  if (joined) {
    const usedAt = ctx.now();
    await afterReply(ctx, async () => {
      await ctx.vault.updateDeviceAt(joined, (r) => ({ ...r, lastUsedAt: usedAt }));
    });
    // Indexed before the page holds the token, even if the worker stopped right after the reply: a
    // refresh that found no device would go without its key, and Cognito would refuse it.
    if (refreshToken) await indexRefreshToken(ctx, refreshToken, poolId, username, joined.deviceKey);
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
