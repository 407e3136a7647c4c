import browser from 'webextension-polyfill';
import { iconPath, TOOLBAR_SIZES } from '../../src/icon-paths.ts';
import type { Vault } from '../vault/vault.ts';
import { TOOLBAR_LOOKS, type ToolbarState, toolbarState } from './state.ts';

/** Activity entries read to find each site's latest: enough for any tab's site to be among them in practice. */
const RECENT_ACTIVITY = 50;

/**
 * The tab's origin if it is a web page the extension may see. Without the "tabs" permission the
 * browser gives a tab's URL only for origins the extension has access to, which every enabled site
 * is: a tab whose URL is hidden is on a site that is not enabled.
 */
function webOrigin(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** One read of the vault, for any number of tabs. */
async function snapshot(vault: Vault): Promise<(url: string | undefined) => ToolbarState> {
  const [sites, devices, activity] = await Promise.all([
    vault.listSites(),
    vault.listDevices(),
    vault.listActivity(RECENT_ACTIVITY),
  ]);
  const byOrigin = new Map(sites.map((s) => [s.origin, s]));
  return (url) => {
    const origin = webOrigin(url);
    return toolbarState({
      origin,
      site: origin === undefined ? undefined : byOrigin.get(origin),
      devices,
      activity,
      now: Date.now(),
    });
  };
}

/**
 * Sets icon, badge and tooltip, for one tab or (tabId undefined) the default every other tab shows.
 * Each call may fail on its own (a tab closed meanwhile; Firefox for Android has no toolbar icon or
 * badge API): the others still apply, and the popup says the same in words.
 */
async function show(state: ToolbarState, tabId: number | undefined): Promise<void> {
  const look = TOOLBAR_LOOKS[state];
  const tab = tabId === undefined ? {} : { tabId };
  const path = Object.fromEntries(TOOLBAR_SIZES.map((size) => [String(size), iconPath(size, look.icon)]));
  const title = browser.i18n.getMessage(look.title);
  // Optional calls: one missing from a browser leaves the others working.
  await Promise.allSettled([
    browser.action.setIcon?.({ ...tab, path }),
    browser.action.setBadgeText?.({ ...tab, text: look.badge }),
    look.color ? browser.action.setBadgeBackgroundColor?.({ ...tab, color: look.color }) : undefined,
    browser.action.setTitle?.({ ...tab, title }),
  ]);
}

/** The state of one tab, after something happened in it (navigation, a sign-in). */
export async function showTab(vault: Vault, tabId: number, url: string | undefined): Promise<ToolbarState> {
  // A page the extension may not see is on no enabled site: no need to read the vault.
  const state = webOrigin(url) === undefined ? 'off' : (await snapshot(vault))(url);
  await show(state, tabId);
  return state;
}

/** Every open tab, and the default for new ones: after a change that may concern any site. */
export async function showAllTabs(vault: Vault): Promise<void> {
  const [stateOf, tabs] = await Promise.all([snapshot(vault), browser.tabs.query({})]);
  await show('off', undefined);
  await Promise.allSettled(
    tabs.flatMap((tab) => (tab.id === undefined ? [] : [show(stateOf(tab.url), tab.id)])),
  );
}
