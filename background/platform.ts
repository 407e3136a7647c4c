import browser from 'webextension-polyfill';
import { afterReplyQueue } from './cognito-call/after-reply.ts';
import type { AccessTokenRecord, AccessTokenStore, LockFn } from './cognito-call/context.ts';
import { markStep } from './startup-marks.ts';
import { showAllTabs, showTab } from './toolbar/show.ts';
import { openVault } from './vault/open.ts';
import { Vault } from './vault/vault.ts';

/**
 * Browser-backed implementations of what the flows need. No state here outlives the worker:
 * the vault is IndexedDB, tokens are storage.session; the memoised handles are re-created after a restart.
 */
let vault: Promise<Vault> | undefined;
export function getVault(): Promise<Vault> {
  vault ??= openVault().then((db) => new Vault(db));
  return vault;
}

/**
 * The worker's one queue of bookkeeping left for after a page's reply (after-reply.ts). A failed write
 * there costs a log line or a device's last-use date, never the sign-in the page already has.
 */
export const bookkeeping = afterReplyQueue((error) =>
  console.error('Bookkeeping after a Cognito call failed', error),
);

// Origins, pool IDs and usernames never hold a space, so a site's records share the prefix `token <origin> `.
const tokenKey = (origin: string, poolId: string, username: string) =>
  `token ${origin} ${poolId} ${username}`;

/** storage.session is memory only and, by default, invisible to content scripts. */
export const sessionTokens: AccessTokenStore = {
  async get(origin, poolId, username) {
    const key = tokenKey(origin, poolId, username);
    const found = await browser.storage.session.get(key);
    return found[key] as AccessTokenRecord | undefined;
  },
  async put(origin, poolId, username, record) {
    await browser.storage.session.set({ [tokenKey(origin, poolId, username)]: record });
  },
  async delete(origin, poolId, username) {
    await browser.storage.session.remove(tokenKey(origin, poolId, username));
  },
  async forgetOrigin(origin) {
    const prefix = `token ${origin} `;
    const keys = Object.keys(await browser.storage.session.get(null)).filter((k) => k.startsWith(prefix));
    if (keys.length > 0) await browser.storage.session.remove(keys);
  },
};

const chains = new Map<string, Promise<unknown>>();
/** Web Locks serialise across every context of the extension; the fallback only within this one. */
export const lock: LockFn = <T>(name: string, work: () => Promise<T>): Promise<T> => {
  if (typeof navigator !== 'undefined' && navigator.locks)
    return navigator.locks.request(name, () => work()) as Promise<T>;
  const previous = chains.get(name) ?? Promise.resolve();
  const next = previous.then(
    () => work(),
    () => work(),
  );
  chains.set(
    name,
    next.catch(() => undefined),
  );
  return next;
};

/** "Chrome on Linux", "Firefox on Windows": what people recognise in a device list. */
export function deviceName(userAgent = navigator.userAgent): string {
  const browserName = /Firefox\//.test(userAgent)
    ? 'Firefox'
    : /Edg\//.test(userAgent)
      ? 'Edge'
      : /OPR\//.test(userAgent)
        ? 'Opera'
        : /Chrome\//.test(userAgent)
          ? 'Chrome'
          : 'Browser';
  const os = /Windows/.test(userAgent)
    ? 'Windows'
    : /CrOS/.test(userAgent)
      ? 'ChromeOS'
      : /Android/.test(userAgent)
        ? 'Android'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : 'unknown system';
  return `${browserName} on ${os}`;
}

/** Icon, badge and tooltip of every tab, after a change that may concern any site (background/toolbar/). */
export async function refreshBadge(): Promise<void> {
  // What the button shows never fails the change that asked for it.
  await showAllTabs(await getVault()).catch((error: unknown) => console.warn('toolbar not updated', error));
}

/** The same for one tab: it navigated, or its page made a Cognito call. */
export async function refreshTab(tabId: number, url: string | undefined): Promise<void> {
  await showTab(await getVault(), tabId, url);
  markStep('toolbar:tab-shown');
}

/**
 * How long after a tab's last Cognito call, page update or activation its toolbar is redrawn. A redraw is the
 * worker's own work (a vault read and the icon calls: 10–50 ms in a woken worker, measured under
 * load), and a sign-in message arriving meanwhile waits for it; a sign-in's steps come a page's SRP
 * computation apart (100–500 ms): one redraw after them, not one per step or per page update.
 */
const TAB_REFRESH_DELAY_MS = 300;
const pendingTabRefresh = new Map<number, ReturnType<typeof setTimeout>>();
export function refreshTabSoon(tabId: number, url: string | undefined): void {
  clearTimeout(pendingTabRefresh.get(tabId));
  pendingTabRefresh.set(
    tabId,
    setTimeout(() => {
      pendingTabRefresh.delete(tabId);
      void refreshTab(tabId, url).catch(() => undefined);
    }, TAB_REFRESH_DELAY_MS),
  );
}
