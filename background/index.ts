// Background entry point. Listeners are registered synchronously at top level so that a restarted
// service worker (Chrome) or event page (Firefox) receives the event that woke it. No state that
// must survive between events lives in memory: the vault is IndexedDB, tokens are storage.session.
// First, so its mark is taken before any other module of the background is evaluated.
import './module-start.ts';
import browser, { type Runtime } from 'webextension-polyfill';
import { onPermissionsRemoved } from './handlers/sites.ts';
import { applyManagedSites, watchManagedConfig } from './managed-config.ts';
import { getVault, refreshBadge, refreshTabSoon } from './platform.ts';
import { route } from './router.ts';
import { reconcileSiteScripts } from './sites/content-scripts.ts';
import { watchStartupLoads } from './sites/late-injection.ts';
import { markOnce } from './startup-marks.ts';

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  markOnce('background:first-message');
  return route(message, sender);
});

async function reconcile(): Promise<void> {
  const sites = await (await getVault()).listSites();
  await reconcileSiteScripts(sites.map((s) => s.origin));
  await refreshBadge();
  // After the scripts, so pages loading at browser start wait for no policy read; again if it changed sites.
  if (await applyManagedSites()) await reconcile();
}
// The vault is opened once per worker life, now: the sign-in that woke the worker needs it first.
void getVault().catch(() => undefined);

// Each time the worker starts (with the browser, or woken later): pages of enabled sites that
// missed the registered scripts, as pages loading while the browser starts can, get them, at once
// when the browser has just started or the extension was installed, else a moment later so a
// sign-in that woke the worker goes first.
const sweepNow = watchStartupLoads(async () => (await (await getVault()).listSites()).map((s) => s.origin));
browser.runtime.onInstalled.addListener(() => {
  sweepNow();
  void reconcile();
});
browser.runtime.onStartup.addListener(() => {
  sweepNow();
  void reconcile();
});
watchManagedConfig(reconcile);
browser.permissions.onRemoved.addListener(
  (removed) => void onPermissionsRemoved(removed.origins ?? []).then(refreshBadge),
);

// The toolbar shows the state of the tab's site: again whenever the tab shows another page or tab.
browser.tabs.onActivated.addListener(
  ({ tabId }) =>
    void browser.tabs
      .get(tabId)
      .then((tab) => refreshTabSoon(tabId, tab.url))
      .catch(() => undefined),
);
browser.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.url !== undefined || change.status !== undefined) refreshTabSoon(tabId, tab.url);
});

markOnce('background:evaluated');
