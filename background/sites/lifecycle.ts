import type { SitePolicy } from '../../src/site-rules.ts';
import type { SiteRecord } from '../vault/schema.ts';
import type { Vault } from '../vault/vault.ts';

/**
 * Enabling, disabling and configuring a site, in one place for every caller: the popup, a settings
 * import, managed configuration and a permission revoked in the browser. Everything outside the
 * vault comes in through SiteDeps (like the device flows' CallContext), so Node tests drive it with
 * a real vault and recorded browser calls.
 */
export interface SiteDeps {
  vault: Vault;
  now: () => number;
  hasHostPermission(origin: string): Promise<boolean>;
  /** Gives the origin's host permission back to the browser (never throws: required ones stay). */
  releaseHostPermission(origin: string): Promise<void>;
  /** The host permission pattern of an origin: in Firefox it covers every port of the host. */
  hostPattern(origin: string): string;
  registerScripts(origin: string): Promise<void>;
  unregisterScripts(origin: string): Promise<void>;
  /** Tabs already open on the sites get the scripts without a reload. */
  injectIntoOpenTabs(origins: string[]): Promise<void>;
  /** Per-site state kept for sign-ins (aliases, access tokens): dropped with the site. */
  forgetSiteState(origin: string): Promise<void>;
}

/** Why a site was enabled or disabled, as the activity log shows it; absent for the person's own action. */
export type Cause = 'import' | 'administrator' | 'revoked' | 'administrator-removed';
const CAUSE_DETAIL: Record<Cause, string> = {
  import: 'Imported settings',
  administrator: 'Set up by your administrator',
  revoked: 'Access was revoked in the browser',
  'administrator-removed': 'Removed by your administrator',
};
const detailOf = (cause: Cause | undefined) => (cause ? { detail: CAUSE_DETAIL[cause] } : {});

/** What the settings of one site become; a key left out keeps its value, `customEndpoint: null` clears it. */
export interface SiteSettings {
  policy?: SitePolicy;
  customEndpoint?: string | null;
  /** Trust lifetime in days; `null` clears it (no limit). */
  trustDays?: number | null;
}

export type EnableOutcome =
  | { kind: 'enabled'; site: SiteRecord; created: boolean }
  | { kind: 'needs-access'; origin: string };

export function siteLifecycle(deps: SiteDeps) {
  const { vault } = deps;

  async function applySettings(origin: string, settings: SiteSettings): Promise<SiteRecord | undefined> {
    if (settings.policy !== undefined) await vault.setPolicy(origin, settings.policy);
    if (settings.customEndpoint !== undefined)
      await vault.setCustomEndpoint(origin, settings.customEndpoint ?? undefined);
    if (settings.trustDays !== undefined) await vault.setTrustDays(origin, settings.trustDays ?? undefined);
    return vault.getSite(origin);
  }

  /**
   * Enables a site the browser grants access to (scripts registered, vault record, activity entry,
   * open tabs served), then applies `settings`. Without access, nothing changes.
   */
  async function enable(
    origin: string,
    options: { settings?: SiteSettings; cause?: Cause; fromPopup?: boolean } = {},
  ): Promise<EnableOutcome> {
    if (!(await deps.hasHostPermission(origin))) return { kind: 'needs-access', origin };
    const created = (await vault.getSite(origin)) === undefined;
    // The popup re-registers an enabled site's scripts too: it is how a person repairs a site.
    if (created || options.fromPopup) await deps.registerScripts(origin);
    let site = await vault.enableSite(origin, deps.now());
    if (created)
      await vault.log({ at: deps.now(), kind: 'site-enabled', origin, ...detailOf(options.cause) });
    if (options.settings) site = (await applySettings(origin, options.settings)) ?? site;
    if (created || options.fromPopup) await deps.injectIntoOpenTabs([origin]);
    return { kind: 'enabled', site, created };
  }

  /**
   * Disables a site: scripts gone, vault record and per-site state dropped, devices too when asked,
   * and the host permission given back unless another enabled site still needs the same pattern
   * (Firefox patterns cover every port of a host).
   */
  async function disable(
    origin: string,
    options: { removeDevices?: boolean; cause?: Cause } = {},
  ): Promise<void> {
    await deps.unregisterScripts(origin);
    await vault.disableSite(origin);
    await deps.forgetSiteState(origin);
    if (options.removeDevices) {
      for (const d of await vault.listDevices())
        if (d.origin === origin) await vault.deleteDevice(d.deviceKey);
    }
    if (options.cause !== 'revoked') {
      const pattern = deps.hostPattern(origin);
      const shared = (await vault.listSites()).some((s) => deps.hostPattern(s.origin) === pattern);
      if (!shared) await deps.releaseHostPermission(origin);
    }
    await vault.log({ at: deps.now(), kind: 'site-disabled', origin, ...detailOf(options.cause) });
  }

  return { enable, disable, applySettings };
}
export type SiteLifecycle = ReturnType<typeof siteLifecycle>;
