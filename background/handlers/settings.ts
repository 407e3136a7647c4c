import {
  type ImportPreview,
  type ImportResult,
  type PageRequestOf as Req,
  SETTINGS_FORMAT,
  type SettingsFile,
  type SiteView,
} from '../../src/messages/index.ts';
import { getVault } from '../platform.ts';
import { browserSites } from '../sites/browser-deps.ts';
import { hasHostPermission } from '../sites/content-scripts.ts';
import { planEntry } from '../sites/import-plan.ts';
import { HandlerError } from './errors.ts';
import { view } from './sites.ts';

/** Stores the endpoint a developer points a site at; the Cognito carrier reads it from the site record. */
export async function setEndpoint(req: Req<'site.setEndpoint'>): Promise<SiteView> {
  const vault = await getVault();
  if (!(await vault.getSite(req.origin)))
    throw new HandlerError('not-enabled', `${req.origin} is not enabled`);
  const site = await (await browserSites()).applySettings(req.origin, {
    customEndpoint: req.endpoint ?? null,
  });
  return view(req.origin, site);
}

/** site.setTrustDays: how long this browser stays trusted on the site, counted from each enrolment. */
export async function setTrustDays(req: Req<'site.setTrustDays'>): Promise<SiteView> {
  const vault = await getVault();
  if (!(await vault.setTrustDays(req.origin, req.trustDays)))
    throw new HandlerError('not-enabled', `${req.origin} is not enabled`);
  return view(req.origin, await vault.getSite(req.origin));
}

/** Site settings only, field by field: no devices, tokens, client bindings or secrets. */
export async function exportSettings(): Promise<SettingsFile> {
  const sites = await (await getVault()).listSites();
  return {
    format: SETTINGS_FORMAT,
    version: 1,
    sites: sites.map((s) => {
      const out: SettingsFile['sites'][number] = { origin: s.origin, policy: s.policy };
      if (s.customEndpoint !== undefined) out.customEndpoint = s.customEndpoint;
      if (s.trustDays !== undefined) out.trustDays = s.trustDays;
      return out;
    }),
  };
}

/** What importing the file would change, site by site: the options page shows it and asks first. */
export async function previewImport(req: Req<'settings.preview'>): Promise<ImportPreview> {
  const vault = await getVault();
  const changes = [];
  for (const entry of req.settings.sites) {
    const site = await vault.getSite(entry.origin);
    changes.push(planEntry(entry, site, site !== undefined || (await hasHostPermission(entry.origin))));
  }
  return { changes };
}

/**
 * Applies imported settings (validated by the strict schema, previewed and confirmed by the person).
 * A site not enabled yet is enabled only when the browser already grants access to it; the others are
 * returned so the options page can ask the person for access (a user gesture) and import again.
 */
export async function importSettings(req: Req<'settings.import'>): Promise<ImportResult> {
  const sites = await browserSites();
  const result: ImportResult = { applied: [], needsAccess: [] };
  for (const entry of req.settings.sites) {
    const outcome = await sites.enable(entry.origin, {
      cause: 'import',
      settings: {
        policy: entry.policy,
        customEndpoint: entry.customEndpoint ?? null,
        trustDays: entry.trustDays ?? null,
      },
    });
    if (outcome.kind === 'needs-access') result.needsAccess.push(entry.origin);
    else result.applied.push(entry.origin);
  }
  return result;
}
