import type { Vault } from '../vault/vault.ts';
import type { Observations } from './diagnose.ts';

/** What the vault holds about one site, as the doctor reads it: never a device secret. */
export async function observationsFor(vault: Vault, origin: string): Promise<Observations> {
  const site = await vault.getSite(origin);
  const devices = (await vault.listDevices())
    .filter((d) => d.origin === origin)
    .map((d) => ({ poolId: d.poolId, username: d.username, status: d.status }));
  const activity = (await vault.listActivity(Number.POSITIVE_INFINITY)).filter((a) => a.origin === origin);
  return site
    ? { site: { policy: site.policy, clients: site.clients }, devices, activity }
    : { devices, activity };
}
