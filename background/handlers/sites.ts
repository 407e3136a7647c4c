import type { PageRequestOf as Req, SiteView } from '../../src/messages/index.ts';
import { getVault } from '../platform.ts';
import { hasHostPermission, registerSiteScripts, unregisterSiteScripts } from '../sites/content-scripts.ts';
import { injectIntoOpenTabs } from '../sites/late-injection.ts';
import type { SiteRecord } from '../vault/schema.ts';
import { HandlerError } from './errors.ts';

export async function view(origin: string, site: SiteRecord | undefined): Promise<SiteView> {
  const vault = await getVault();
  const pools = new Set(site?.clients.flatMap((c) => (c.poolId ? [c.poolId] : [])) ?? []);
  const users = (await vault.listDevices())
    .filter((d) => pools.has(d.poolId) && d.origin === origin)
    .map((d) => ({ poolId: d.poolId, username: d.username }));
  const reply: SiteView = {
    origin,
    enabled: site !== undefined,
    policy: site?.policy ?? 'ask',
    clients: site?.clients.map((c) => ({ ...c })) ?? [],
    users,
  };
  if (site?.customEndpoint !== undefined) reply.customEndpoint = site.customEndpoint;
  return reply;
}

export function canonicalOrigin(origin: string): string {
  const url = new URL(origin);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new HandlerError('bad-origin', 'Only web sites can be enabled');
  return url.origin;
}

export async function siteStatus(req: Req<'site.status'>): Promise<SiteView> {
  const origin = canonicalOrigin(req.origin);
  return view(origin, await (await getVault()).getSite(origin));
}

/** The popup asked for the host permission (a user gesture); here the scripts are registered. */
export async function enableSite(req: Req<'site.enable'>, now: number): Promise<SiteView> {
  const origin = canonicalOrigin(req.origin);
  if (!(await hasHostPermission(origin))) {
    throw new HandlerError('permission-missing', `The browser has not granted access to ${origin}`);
  }
  const vault = await getVault();
  await registerSiteScripts(origin);
  const site = await vault.enableSite(origin, now);
  await vault.log({ at: now, kind: 'site-enabled', origin });
  // Tabs already open on the site work at once, without a reload.
  await injectIntoOpenTabs([origin]);
  return view(origin, site);
}

export async function disableSite(req: Req<'site.disable'>, now: number): Promise<SiteView> {
  const origin = canonicalOrigin(req.origin);
  const vault = await getVault();
  await unregisterSiteScripts(origin);
  await vault.disableSite(origin);
  if (req.removeDevices) {
    for (const d of await vault.listDevices()) if (d.origin === origin) await vault.deleteDevice(d.deviceKey);
  }
  await vault.log({ at: now, kind: 'site-disabled', origin });
  return view(origin, undefined);
}

export async function setPolicy(req: Req<'site.setPolicy'>): Promise<SiteView> {
  const origin = canonicalOrigin(req.origin);
  const vault = await getVault();
  if (!(await vault.setPolicy(origin, req.policy)))
    throw new HandlerError('not-enabled', `${origin} is not enabled`);
  return view(origin, await vault.getSite(origin));
}

export async function listSites(): Promise<SiteView[]> {
  const sites = await (await getVault()).listSites();
  return Promise.all(sites.map((s) => view(s.origin, s)));
}

/** A revoked host permission disables the site: no scripts run where the user withdrew access. */
export async function onPermissionsRemoved(patterns: string[], now: number): Promise<void> {
  const vault = await getVault();
  for (const site of await vault.listSites()) {
    if (!(await hasHostPermission(site.origin)) || patterns.includes(`${site.origin}/*`)) {
      await unregisterSiteScripts(site.origin);
      await vault.disableSite(site.origin);
      await vault.log({
        at: now,
        kind: 'site-disabled',
        origin: site.origin,
        detail: 'Access was revoked in the browser',
      });
    }
  }
}
