import { normalizeEndpoint } from '../../src/cognito/index.ts';
import {
  type ImportResult,
  type PageRequestOf as Req,
  SETTINGS_FORMAT,
  type SettingsFile,
  type SiteView,
} from '../../src/messages/index.ts';
import { getVault } from '../platform.ts';
import { hasHostPermission, registerSiteScripts } from '../sites/content-scripts.ts';
import { HandlerError } from './errors.ts';
import { canonicalOrigin, view } from './sites.ts';

/** Stores the endpoint a developer points a site at; the Cognito carrier reads it from the site record. */
export async function setEndpoint(req: Req<'site.setEndpoint'>): Promise<SiteView> {
  const origin = canonicalOrigin(req.origin);
  const endpoint = req.endpoint === undefined ? undefined : normalizeEndpoint(req.endpoint);
  const vault = await getVault();
  if (!(await vault.setCustomEndpoint(origin, endpoint)))
    throw new HandlerError('not-enabled', `${origin} is not enabled`);
  return view(origin, await vault.getSite(origin));
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
      return out;
    }),
  };
}

/**
 * Applies imported settings (already validated by the strict schema). A site not enabled yet is
 * enabled only when the browser already grants access to it; the others are returned so the options
 * page can ask the person for access (a user gesture) and import again.
 */
export async function importSettings(req: Req<'settings.import'>, now: number): Promise<ImportResult> {
  const vault = await getVault();
  const result: ImportResult = { applied: [], needsAccess: [] };
  for (const entry of req.settings.sites) {
    const origin = canonicalOrigin(entry.origin);
    if (!(await vault.getSite(origin))) {
      if (!(await hasHostPermission(origin))) {
        result.needsAccess.push(origin);
        continue;
      }
      await registerSiteScripts(origin);
      await vault.enableSite(origin, now);
      await vault.log({ at: now, kind: 'site-enabled', origin, detail: 'Imported settings' });
    }
    await vault.setPolicy(origin, entry.policy);
    await vault.setCustomEndpoint(
      origin,
      entry.customEndpoint === undefined ? undefined : normalizeEndpoint(entry.customEndpoint),
    );
    result.applied.push(origin);
  }
  return result;
}
