import browser from 'webextension-polyfill';
import hookFile from '../../extension/page-hook.iife.ts?script';
import relayFile from '../../extension/relay.iife.ts?script';
import { RELAY_PRESENT_MARK } from '../../src/messages/index.ts';
import { originPattern as patternFor } from '../../src/origin-pattern.ts';
import { markStep } from '../startup-marks.ts';

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

/** Checks in progress per tab: the start-up sweep and the tab listener can meet on one page. */
const checking = new Map<number, Promise<boolean>>();

/**
 * Injects relay then hook into one tab of an enabled origin, unless they are there already (never
 * twice: two relays would both carry each call). True when they run there now.
 */
function ensureScriptsInTab(tabId: number): Promise<boolean> {
  const running = checking.get(tabId);
  if (running) return running;
  const check = (async () => {
    try {
      const present = await hasRelay(tabId);
      markStep('late-injection:tab-checked');
      if (present) return true;
      // Relay first: it must be listening when the hook hands over its port.
      await browser.scripting.executeScript({ target: { tabId }, files: [relayFile] });
      await browser.scripting.executeScript({ target: { tabId }, files: [hookFile], world: 'MAIN' });
      return true;
    } catch {
      // The tab navigated away, closed, or shows an error page: nothing to do.
      return false;
    } finally {
      checking.delete(tabId);
    }
  })();
  checking.set(tabId, check);
  return check;
}

/**
 * Every loaded tab of these origins gets the scripts it is missing. Tabs whose `tabId url` is in
 * `seen` are skipped, and tabs found ready are added to it (the start-up sweep checks each page once).
 */
export async function injectIntoOpenTabs(origins: string[], seen?: Set<string>): Promise<void> {
  if (!origins.length) return;
  const wanted = new Set(origins);
  const tabs = await browser.tabs.query({ url: origins.map((o) => patternFor(o, __BROWSER__)) });
  await Promise.all(
    tabs.map(async (tab) => {
      let origin = '';
      try {
        origin = new URL(tab.url ?? '').origin;
      } catch {}
      const key = `${tab.id} ${tab.url}`;
      if (tab.id === undefined || tab.status !== 'complete' || !wanted.has(origin) || seen?.has(key)) return;
      if ((await ensureScriptsInTab(tab.id)) && seen) seen.add(key);
    }),
  );
}

/**
 * For a short while after the worker starts, pages of enabled origins that finish loading are
 * checked too, two ways: a tabs.onUpdated listener, and a sweep of the open tabs every `sweepMs`.
 * The sweep is needed because a worker woken by the browser's start misses tab events while its
 * listener registration is still reaching the browser: in Chromium about one restart in four lost
 * a page's "loading" and "complete" events that way, and with them the hook (measured with a
 * restart loop). The window is shorter than the worker's idle timeout (30 s in both browsers) so
 * the listener and timer are gone while the worker still runs: a listener left registered would
 * make the browser wake the worker for every tab update on every site.
 *
 * The sweeps start `firstSweepMs` after the worker starts, or at once when the returned function is
 * called (the browser started, or the extension was installed or updated). A worker woken later by
 * a page's own message, typically a sign-in, then does not open the vault and run a check in that
 * very page while the page computes its half of the sign-in: its pages loaded with the registered
 * scripts in place, so the sweep finds nothing there anyway.
 */
export function watchStartupLoads(
  enabledOrigins: () => Promise<string[]>,
  { windowMs = 15_000, sweepMs = 500, firstSweepMs = 1_000 } = {},
): () => void {
  const onUpdated = (tabId: number, change: { status?: string }, tab: { url?: string }) => {
    if (change.status !== 'complete' || !tab.url) return;
    void enabledOrigins().then((origins) => {
      try {
        if (origins.includes(new URL(tab.url ?? '').origin)) void ensureScriptsInTab(tabId);
      } catch {}
    });
  };
  const seen = new Set<string>();
  const sweep = () =>
    void enabledOrigins()
      .then((origins) => injectIntoOpenTabs(origins, seen))
      .catch(() => undefined);
  browser.tabs.onUpdated.addListener(onUpdated);
  let timer: ReturnType<typeof setInterval> | undefined;
  let over = false;
  const startSweeps = () => {
    if (timer !== undefined || over) return;
    clearTimeout(deferred);
    sweep();
    timer = setInterval(sweep, sweepMs);
  };
  const deferred = setTimeout(startSweeps, firstSweepMs);
  setTimeout(() => {
    over = true;
    clearTimeout(deferred);
    clearInterval(timer);
    browser.tabs.onUpdated.removeListener(onUpdated);
  }, windowMs);
  return startSweeps;
}
