import { createCognitoClient, isCognitoError } from '../../src/cognito/index.ts';
import {
  cognitoErrorCode,
  type ForgetOutcome,
  type LocalDeviceView,
  type RemoteDeviceView,
  type PageRequestOf as Req,
} from '../../src/messages/index.ts';
import type { AccessTokenRecord } from '../cognito-call/context.ts';
import { getVault, refreshBadge, sessionTokens } from '../platform.ts';
import type { DeviceRecord } from '../vault/schema.ts';
import { HandlerError } from './errors.ts';
import { forgetEach } from './forget-others.ts';

/** A record as the popup may see it: built field by field, never the password or group key. */
export function localView(d: DeviceRecord): LocalDeviceView {
  const view: LocalDeviceView = {
    poolId: d.poolId,
    username: d.username,
    deviceKey: d.deviceKey,
    deviceName: d.deviceName,
    status: d.status,
    origin: d.origin,
    createdAt: d.createdAt,
  };
  if (d.lastUsedAt !== undefined) view.lastUsedAt = d.lastUsedAt;
  return view;
}

export async function listLocal(): Promise<LocalDeviceView[]> {
  return (await (await getVault()).listDevices()).map(localView);
}

export async function removeLocal(req: Req<'vault.remove'>, now: number): Promise<undefined> {
  const vault = await getVault();
  const removed = await vault.deleteDevice(req.deviceKey);
  if (removed) {
    await vault.log({
      at: now,
      kind: 'forgotten',
      poolId: removed.poolId,
      username: removed.username,
      ...(removed.origin ? { origin: removed.origin } : {}),
      detail: 'Removed from this browser',
    });
  }
  await refreshBadge();
}

/** Which site's token the popup asks for, and for which account. */
type TokenScope = Pick<Req<'devices.list'>, 'origin' | 'poolId' | 'username'>;

/**
 * The access token this site last produced for this user, or a plain-language reason why not. It is used
 * only while the site is still bound to the token's app client through the same endpoint, so a token
 * obtained elsewhere never directs the popup's calls.
 */
async function accessTokenFor(scope: TokenScope, now: number): Promise<AccessTokenRecord> {
  const token = await sessionTokens.get(scope.origin, scope.poolId, scope.username);
  const site = await (await getVault()).getSite(scope.origin);
  const bound = site?.clients.some(
    (c) =>
      c.clientId === token?.clientId &&
      c.endpoint === token.endpoint &&
      (c.poolId === undefined || c.poolId === scope.poolId),
  );
  if (!token || !bound) {
    throw new HandlerError('token-missing', 'Sign in on the site again to manage this account’s devices.');
  }
  if (token.expiresAt * 1000 <= now) {
    throw new HandlerError(
      'token-expired',
      'Your session on the site has expired: sign in there again to manage devices.',
    );
  }
  return token;
}

async function withCognito<T>(
  token: AccessTokenRecord,
  scope: TokenScope,
  work: (c: ReturnType<typeof createCognitoClient>) => Promise<T>,
): Promise<T> {
  try {
    return await work(createCognitoClient({ endpoint: token.endpoint }));
  } catch (error) {
    if (isCognitoError(error)) {
      const code = cognitoErrorCode(error.code);
      if (code !== 'token-expired') throw new HandlerError(code, error.message);
      await sessionTokens.delete(scope.origin, scope.poolId, scope.username);
      throw new HandlerError(
        'token-expired',
        'Your session on the site has ended: sign in there again to manage devices.',
      );
    }
    throw new HandlerError('network', 'Could not reach Cognito. Check your connection and try again.');
  }
}

function attribute(
  d: { DeviceAttributes?: { Name: string; Value?: string }[] },
  name: string,
): string | undefined {
  return d.DeviceAttributes?.find((a) => a.Name === name)?.Value;
}

export async function listRemote(req: Req<'devices.list'>, now: number): Promise<RemoteDeviceView[]> {
  const token = await accessTokenFor(req, now);
  // Every site's device of this account in this vault is this browser's.
  const local = new Set(
    (await (await getVault()).listDevices())
      .filter((d) => d.poolId === req.poolId && d.username === req.username)
      .map((d) => d.deviceKey),
  );
  const devices = await withCognito(token, req, (c) => c.listAllDevices(token.accessToken));
  return devices.map((d) => {
    const view: RemoteDeviceView = { deviceKey: d.DeviceKey, thisBrowser: local.has(d.DeviceKey) };
    const name = attribute(d, 'device_name');
    const status = attribute(d, 'device_status');
    const lastIp = attribute(d, 'last_ip_used');
    if (name !== undefined) view.name = name;
    if (status !== undefined) view.status = status;
    if (lastIp !== undefined) view.lastIp = lastIp;
    if (d.DeviceCreateDate !== undefined) view.createdAt = d.DeviceCreateDate;
    if (d.DeviceLastAuthenticatedDate !== undefined) view.lastAuthenticatedAt = d.DeviceLastAuthenticatedDate;
    if (d.DeviceLastModifiedDate !== undefined) view.lastModifiedAt = d.DeviceLastModifiedDate;
    return view;
  });
}

export async function setRemembered(req: Req<'devices.setRemembered'>, now: number): Promise<undefined> {
  const token = await accessTokenFor(req, now);
  await withCognito(token, req, (c) =>
    c.updateDeviceStatus({
      AccessToken: token.accessToken,
      DeviceKey: req.deviceKey,
      DeviceRememberedStatus: req.remembered ? 'remembered' : 'not_remembered',
    }),
  );
  const vault = await getVault();
  const status = req.remembered ? 'remembered' : 'not_remembered';
  await vault.updateDevice(req.deviceKey, (r) => ({ ...r, status }));
  await vault.log({
    at: now,
    kind: req.remembered ? 'remembered' : 'not-remembered',
    poolId: req.poolId,
    username: req.username,
    detail: req.deviceKey,
  });
  await refreshBadge();
}

export async function forget(req: Req<'devices.forget'>, now: number): Promise<undefined> {
  const token = await accessTokenFor(req, now);
  try {
    await withCognito(token, req, (c) =>
      c.forgetDevice({ AccessToken: token.accessToken, DeviceKey: req.deviceKey }),
    );
  } catch (error) {
    // Already gone (a retry after the first attempt reached Cognito, or forgotten elsewhere): the
    // person's wish is fulfilled, so finish the local part instead of reporting a failure.
    if (!(error instanceof HandlerError && error.code === 'device-not-found')) throw error;
  }
  const vault = await getVault();
  // Forgetting this browser's own device also drops its secret here.
  await vault.deleteDevice(req.deviceKey);
  await vault.log({
    at: now,
    kind: 'forgotten',
    poolId: req.poolId,
    username: req.username,
    detail: req.deviceKey,
  });
  await refreshBadge();
}

/** Every device the person confirmed except this browser's own, each with its outcome. */
export async function forgetOthers(req: Req<'devices.forgetOthers'>, now: number): Promise<ForgetOutcome[]> {
  const token = await accessTokenFor(req, now);
  const vault = await getVault();
  const mine = new Set(
    (await vault.listDevices())
      .filter((d) => d.poolId === req.poolId && d.username === req.username)
      .map((d) => d.deviceKey),
  );
  const outcomes = await forgetEach(
    createCognitoClient({ endpoint: token.endpoint }),
    token.accessToken,
    req.deviceKeys,
    mine,
  );
  const forgotten = outcomes.filter((o) => o.forgotten).map((o) => o.deviceKey);
  if (forgotten.length > 0) {
    await vault.log({
      at: now,
      kind: 'forgotten',
      poolId: req.poolId,
      username: req.username,
      detail: `Other devices forgotten: ${forgotten.join(', ')}`,
    });
  }
  return outcomes;
}
