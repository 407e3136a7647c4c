// Background entry point. Listeners must be registered synchronously at top level so that
// a restarted service worker (Chrome) or event page (Firefox) receives the event that woke it.
import browser from 'webextension-polyfill';

browser.runtime.onInstalled.addListener(() => {
  // Filled in by the extension issue: vault upgrade, re-registration of enabled sites.
});
