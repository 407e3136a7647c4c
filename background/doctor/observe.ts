import type { SiteRecord } from '../vault/schema.ts';
import type { Vault } from '../vault/vault.ts';
import type { Observations } from './diagnose.ts';

/** What the vault holds about one site, as the doctor reads it: never a device secret. */
export async function observationsFor(
  vault: Vault,
  origin: string,
  now: number = Date.now(),
): Promise<Observations> {
  const site = await vault.getSite(origin);
  const devices = (await vault.listDevices())
    .filter((d) => d.origin === origin)
    .map((d) => ({ poolId: d.poolId, username: d.username, status: d.status, createdAt: d.createdAt }));
  const activity = (await vault.listActivity(Number.POSITIVE_INFINITY)).filter((a) => a.origin === origin);
  return site ? { site: siteObserved(site), devices, activity, now } : { devices, activity, now };
}

function siteObserved(site: SiteRecord): NonNullable<Observations['site']> {
  const seen: NonNullable<Observations['site']> = { policy: site.policy, clients: site.clients };
  if (site.trustDays !== undefined) seen.trustDays = site.trustDays;
  return seen;
}
