import type { PageRequestOf as Req, SiteView } from '../../src/messages/index.ts';
import { getVault } from '../platform.ts';
import { browserSites } from '../sites/browser-deps.ts';
import { hasHostPermission } from '../sites/content-scripts.ts';
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
  if (site?.trustDays !== undefined) reply.trustDays = site.trustDays;
  return reply;
}

export async function siteStatus(req: Req<'site.status'>): Promise<SiteView> {
  // Origins arrive canonical: the request schema (src/site-rules.ts) refuses any other form.
  return view(req.origin, await (await getVault()).getSite(req.origin));
}

/** The popup asked for the host permission (a user gesture); here the scripts are registered. */
export async function enableSite(req: Req<'site.enable'>): Promise<SiteView> {
  const outcome = await (await browserSites()).enable(req.origin, { fromPopup: true });
  if (outcome.kind === 'needs-access')
    throw new HandlerError('permission-missing', `The browser has not granted access to ${req.origin}`);
  return view(req.origin, outcome.site);
}

export async function disableSite(req: Req<'site.disable'>): Promise<SiteView> {
  await (await browserSites()).disable(req.origin, { removeDevices: req.removeDevices });
  return view(req.origin, undefined);
}

export async function setPolicy(req: Req<'site.setPolicy'>): Promise<SiteView> {
  const origin = req.origin;
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
export async function onPermissionsRemoved(patterns: string[]): Promise<void> {
  const sites = await browserSites();
  for (const site of await (await getVault()).listSites()) {
    if (!(await hasHostPermission(site.origin)) || patterns.includes(`${site.origin}/*`))
      await sites.disable(site.origin, { cause: 'revoked' });
  }
}
