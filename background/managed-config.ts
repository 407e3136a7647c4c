import browser from 'webextension-polyfill';
import { type ManagedConfig, parseManagedConfig } from '../src/managed-config.ts';
import { getVault } from './platform.ts';
import { browserSites } from './sites/browser-deps.ts';
import { hasHostPermission } from './sites/content-scripts.ts';
import type { SiteSettings } from './sites/lifecycle.ts';

/**
 * Applies the administrator's managed configuration (see src/managed-config.ts) through the site
 * lifecycle (background/sites/lifecycle.ts); the caller reconciles content scripts afterwards.
 */
export const MANAGED_STATE_KEY = 'managedConfig';

/** What the last application did, in storage.local for the popup and options page (nothing secret). */
export interface ManagedState {
  at: number;
  /** Managed sites that are enabled. */
  applied: string[];
  /** Managed sites waiting for their host permission (grant it, or let policy grant it). */
  pending: string[];
  /** Sites this configuration enabled that were not enabled before: withdrawn when the policy drops them. */
  enabledByPolicy: string[];
  problems: string[];
  /** Why nothing can be managed in this browser at all (Firefox for Android); absent elsewhere. */
  unavailable?: string;
}

/**
 * Said in the stored state where the browser has no managed storage at all: Firefox for Android
 * (MDN's browser-compat-data: storage.managed, firefox_android "version_added": false).
 */
export const MANAGED_UNAVAILABLE =
  'This browser has no managed storage (Firefox for Android): administrator configuration does not apply here; enable sites from the popup.';

async function readManaged(): Promise<ManagedConfig & { unavailable?: string }> {
  if (browser.storage.managed === undefined)
    return { sites: [], problems: [], unavailable: MANAGED_UNAVAILABLE };
  try {
    return parseManagedConfig(await browser.storage.managed.get(null));
  } catch {
    // Firefox rejects when no managed storage manifest or policy exists: nothing is managed.
    return { sites: [], problems: [] };
  }
}

export async function applyManagedConfig(
  now = Date.now(),
): Promise<{ state: ManagedState; sitesChanged: boolean }> {
  const { sites, problems, unavailable } = await readManaged();
  const stored = await browser.storage.local.get(MANAGED_STATE_KEY);
  const previous = stored[MANAGED_STATE_KEY] as ManagedState | undefined;
  const vault = await getVault();
  const lifecycle = await browserSites();
  const state: ManagedState = { at: now, applied: [], pending: [], enabledByPolicy: [], problems };
  if (unavailable !== undefined) state.unavailable = unavailable;
  let sitesChanged = false;

  for (const site of sites) {
    // Only what the policy names: a setting it leaves out stays the person's choice.
    const settings: SiteSettings = {};
    if (site.policy) settings.policy = site.policy;
    if (site.customEndpoint) settings.customEndpoint = site.customEndpoint;
    if (site.trustDays !== undefined) settings.trustDays = site.trustDays;
    const outcome = await lifecycle.enable(site.origin, { settings, cause: 'administrator' });
    if (outcome.kind === 'needs-access') {
      state.pending.push(site.origin);
      continue;
    }
    if (outcome.created) sitesChanged = true;
    if (outcome.created || previous?.enabledByPolicy.includes(site.origin))
      state.enabledByPolicy.push(site.origin);
    state.applied.push(site.origin);
  }

  const listed = new Set(sites.map((s) => s.origin));
  for (const origin of previous?.enabledByPolicy ?? []) {
    if (listed.has(origin) || !(await vault.getSite(origin))) continue;
    sitesChanged = true;
    await lifecycle.disable(origin, { cause: 'administrator-removed' });
  }

  await browser.storage.local.set({ [MANAGED_STATE_KEY]: state });
  return { state, sitesChanged };
}

/** For the background's reconcile: true when the vault's enabled sites changed (scripts to follow). */
export async function applyManagedSites(): Promise<boolean> {
  try {
    return (await applyManagedConfig()).sitesChanged;
  } catch (error) {
    console.warn('managed configuration not applied', error);
    return false;
  }
}

/**
 * Policy changes and newly granted host permissions apply the configuration, then run `reconcile`.
 * Applying first puts the managed site in the vault before reconcile lists the sites, so the
 * scripts the popup may be registering for it at that moment are not taken for stale ones.
 */
export function watchManagedConfig(reconcile: () => Promise<void>): void {
  const applyThenReconcile = () => void applyManagedSites().then(() => reconcile());
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') applyThenReconcile();
  });
  // Only when a pending managed site got its permission: a full reconcile racing the popup's own
  // enabling of an unmanaged site could unregister that site's freshly registered scripts.
  browser.permissions.onAdded.addListener((added) => {
    if (added.origins?.length)
      void pendingNowGranted().then((granted) => (granted ? applyThenReconcile() : undefined));
  });
}

async function pendingNowGranted(): Promise<boolean> {
  const stored = await browser.storage.local.get(MANAGED_STATE_KEY);
  const pending = (stored[MANAGED_STATE_KEY] as ManagedState | undefined)?.pending ?? [];
  for (const origin of pending) if (await hasHostPermission(origin)) return true;
  return false;
}
