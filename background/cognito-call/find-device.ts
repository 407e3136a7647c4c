import { sha256Hex } from '../../src/sha256.ts';
import { trustEnded } from '../../src/site-rules.ts';
import type { DeviceRecord, SiteRecord } from '../vault/schema.ts';
import type { Vault } from '../vault/vault.ts';
import type { PageCall } from './request-shape.ts';
import type { SignInChain } from './session-chains.ts';

/** Devices in these states are never offered to Cognito. */
const UNSERVABLE = new Set(['broken', 'unconfirmed']);

/**
 * The vault's device for this call, if the vault may serve it here: the site must be bound to the
 * device's pool through this app client, the device must be this site's own (another site sharing
 * the pool has its own device, never this one), and the call must go to the endpoint the device was
 * enrolled through (its proofs go nowhere else). A sign-in already joined keeps its device for every
 * later step of the same chain; otherwise the typed name is resolved through this site's aliases.
 * A sign-in never starts with a device past the site's trust lifetime (the code is asked and the browser
 * enrolls afresh); refreshes still carry it, since Cognito binds the refresh token to the device.
 */
export async function findDeviceFor(
  vault: Vault,
  site: SiteRecord,
  call: PageCall,
  endpoint: string,
  chain: SignInChain,
  now: number,
): Promise<DeviceRecord | undefined> {
  if (call.pageOwnsDevice) return undefined;
  const binding = site.clients.find((c) => c.clientId === call.clientId);
  if (!binding?.poolId || binding.endpoint !== endpoint) return undefined;
  const poolId = binding.poolId;
  let device: DeviceRecord | undefined;
  const shape = call.shape;
  if (chain.device) {
    const joined = chain.device;
    device = await vault.getDevice(joined.poolId, joined.username, joined.origin);
    if (device?.deviceKey !== joined.deviceKey) return undefined;
  } else if (shape.kind === 'sign-in' || shape.kind === 'challenge-answer') {
    const scope = { origin: site.origin, clientId: call.clientId, endpoint };
    const username =
      chain.canonical ?? (await vault.resolveAlias(scope, shape.typedUsername)) ?? shape.typedUsername;
    device = await vault.getDevice(poolId, username, site.origin);
  } else if (shape.kind === 'refresh') {
    const issued = await vault.getRefreshToken(await sha256Hex(shape.refreshToken));
    if (issued?.poolId === poolId) device = await vault.getDeviceByKey(issued.deviceKey);
  }
  if (!device || UNSERVABLE.has(device.status) || device.endpoint !== endpoint) return undefined;
  if (device.poolId !== poolId || device.origin !== site.origin) return undefined;
  if (!chain.device && shape.kind !== 'refresh' && trustEnded(site.trustDays, device.createdAt, now))
    return undefined;
  return device;
}
