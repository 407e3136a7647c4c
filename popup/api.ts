import browser from 'webextension-polyfill';
import type { ExtensionPageRequest, PageErrorCode, PageReply, PageReplyOf } from '../src/messages/index.ts';
import { originPattern } from '../src/origin-pattern.ts';

/**
 * The popup's and options page's only way to the browser: typed requests to the background,
 * typed replies, readable errors; plus the few browser calls a page itself must make.
 * Component tests replace this one module.
 */
export class BackgroundError extends Error {
  constructor(
    readonly code: PageErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The reply type follows from the request's kind (PageReplyMap), never from the call site. */
export async function ask<R extends ExtensionPageRequest>(request: R): Promise<PageReplyOf<R['type']>> {
  const reply = (await browser.runtime.sendMessage(request)) as PageReply<PageReplyOf<R['type']>> | undefined;
  if (!reply) throw new BackgroundError('no-reply', 'The extension did not answer. Try again.');
  if (!reply.ok) throw new BackgroundError(reply.error.code, reply.error.message);
  return reply.value;
}

/** Must run inside the click handler: the browser grants optional permissions only on a user gesture. */
export function requestSiteAccess(origins: string | string[]): Promise<boolean> {
  const list = typeof origins === 'string' ? [origins] : origins;
  return browser.permissions.request({ origins: list.map((o) => originPattern(o, __BROWSER__)) });
}

/** The site the popup is about: the active tab, or (test builds only) the one named in `?origin=`. */
export async function currentTab(): Promise<{ origin?: string; tabId?: number }> {
  if (__TEST_BUILD__) {
    const forced = new URLSearchParams(location.search).get('origin');
    if (forced) return { origin: new URL(forced).origin };
  }
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (!tab?.url) return tab?.id !== undefined ? { tabId: tab.id } : {};
  try {
    const url = new URL(tab.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return tab.id !== undefined ? { tabId: tab.id } : {};
    return tab.id !== undefined ? { origin: url.origin, tabId: tab.id } : { origin: url.origin };
  } catch {
    return {};
  }
}

export async function reloadTab(tabId: number): Promise<void> {
  await browser.tabs.reload(tabId);
}

export async function openOptions(): Promise<void> {
  await browser.runtime.openOptionsPage();
}
