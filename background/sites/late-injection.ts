import browser from 'webextension-polyfill';
import hookFile from '../../extension/page-hook.iife.ts?script';
import relayFile from '../../extension/relay.iife.ts?script';
import { RELAY_PRESENT_MARK } from '../../src/messages/index.ts';
import { originPattern as patternFor } from '../../src/origin-pattern.ts';

/**
 * Registered content scripts reach pages that load after registration. Tabs already open when a
 * site is enabled, and tabs the browser loads in the first moments after it starts (before it has
 * read the registered scripts back: seen in Chromium under load), would otherwise run without the
 * hook until reloaded. Those get the same two scripts injected once the page has loaded.
 */

/** True when the relay already runs in the tab (it marks its own isolated world, invisible to the page). */
async function hasRelay(tabId: number): Promise<boolean> {
  const [result] = await browser.scripting.executeScript({
    target: { tabId },
    func: (mark: string) => (globalThis as unknown as Record<string, unknown>)[mark] === true,
    args: [RELAY_PRESENT_MARK],
  });
  return result?.result === true;
}

/** Injects relay then hook into one tab of an enabled origin, unless they are there already. */
export async function ensureScriptsInTab(tabId: number): Promise<boolean> {
  try {
    if (await hasRelay(tabId)) return false;
    // Relay first: it must be listening when the hook hands over its port.
    await browser.scripting.executeScript({ target: { tabId }, files: [relayFile] });
    await browser.scripting.executeScript({ target: { tabId }, files: [hookFile], world: 'MAIN' });
    return true;
  } catch {
    // The tab navigated away, closed, or shows an error page: nothing to do.
    return false;
  }
}

/** Every loaded tab of these origins gets the scripts it is missing. */
export async function injectIntoOpenTabs(origins: string[]): Promise<void> {
  if (!origins.length) return;
  const wanted = new Set(origins);
  const tabs = await browser.tabs.query({ url: origins.map((o) => patternFor(o, __BROWSER__)) });
  await Promise.all(
    tabs.map((tab) => {
      let origin = '';
      try {
        origin = new URL(tab.url ?? '').origin;
      } catch {}
      return tab.id !== undefined && tab.status === 'complete' && wanted.has(origin)
        ? ensureScriptsInTab(tab.id)
        : undefined;
    }),
  );
}

/**
 * For a short while after the worker starts, pages of enabled origins that finish loading are
 * checked too. The window is shorter than the worker's idle timeout (30 s in both browsers) so the
 * listener is removed while the worker still runs: a listener left registered would make the
 * browser wake the worker for every tab update on every site.
 */
export function watchStartupLoads(enabledOrigins: () => Promise<string[]>, windowMs = 15_000): void {
  const onUpdated = (tabId: number, change: { status?: string }, tab: { url?: string }) => {
    if (change.status !== 'complete' || !tab.url) return;
    void enabledOrigins().then((origins) => {
      try {
        if (origins.includes(new URL(tab.url ?? '').origin)) void ensureScriptsInTab(tabId);
      } catch {}
    });
  };
  browser.tabs.onUpdated.addListener(onUpdated);
  setTimeout(() => browser.tabs.onUpdated.removeListener(onUpdated), windowMs);
}
