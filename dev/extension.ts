// Helpers for the extension's own e2e tests: enable a site through the real popup page, read the
// vault through the extension's message API, and (test-only) peek at secrets to prove pages never see them.
import type { Page } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import type { LocalDeviceView, PageReply } from '../src/messages/index.ts';
import type { ChromiumWithExtension } from './chromium.ts';
import type { FirefoxWithExtension } from './firefox.ts';

/** Opens the popup pointed at `origin` (test builds accept ?origin=) and clicks "Enable on this site". */
export async function enableSiteInPopup(chromium: ChromiumWithExtension, origin: string): Promise<void> {
  const popup = await chromium.openExtensionPage(`popup/index.html?origin=${encodeURIComponent(origin)}`);
  try {
    await popup.getByTestId('site-enable').click();
    await popup.getByTestId('site-disable').waitFor({ timeout: 30_000 });
  } finally {
    await popup.close();
  }
}

/**
 * Firefox: points `popup` (an open page) at `origin` and clicks "Enable on this site". Without a page,
 * opens one and closes it after.
 */
export async function enableSiteInFirefoxPopup(
  firefox: FirefoxWithExtension,
  origin: string,
  popup?: FirefoxPage,
): Promise<void> {
  const page = popup ?? (await firefox.newPage());
  try {
    await firefox.gotoExtensionPage(page, `popup/index.html?origin=${encodeURIComponent(origin)}`);
    await page.locator('[data-testid="site-enable"]').click();
    await page.locator('[data-testid="site-disable"]').wait();
  } finally {
    if (!popup) await page.close();
  }
}

/** Enables `origin` from the popup unless it already is: for a test that must not rely on an earlier one. */
export async function ensureSiteEnabled(chromium: ChromiumWithExtension, origin: string): Promise<void> {
  const popup = await chromium.openExtensionPage(`popup/index.html?origin=${encodeURIComponent(origin)}`);
  try {
    const enabled = popup.getByTestId('site-disable');
    await enabled.or(popup.getByTestId('site-enable')).first().waitFor({ timeout: 30_000 });
    if (await enabled.isVisible()) return;
    await popup.getByTestId('site-enable').click();
    await enabled.waitFor({ timeout: 30_000 });
  } finally {
    await popup.close();
  }
}

/** Sends one extension-page request (as the popup does) from a short-lived extension page. */
export async function askBackground<T>(chromium: ChromiumWithExtension, request: object): Promise<T> {
  const page = await chromium.openExtensionPage('popup/index.html');
  try {
    const reply = (await page.evaluate((r) => chrome.runtime.sendMessage(r), request)) as PageReply<T>;
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return reply.value;
  } finally {
    await page.close();
  }
}

export function localDevices(chromium: ChromiumWithExtension): Promise<LocalDeviceView[]> {
  return askBackground<LocalDeviceView[]>(chromium, { type: 'vault.list' });
}

/** Test-only: the secrets the vault holds, read straight from the extension's IndexedDB. */
export async function vaultSecrets(chromium: ChromiumWithExtension): Promise<VaultSecret[]> {
  const page = await chromium.openExtensionPage('popup/index.html');
  try {
    return await page.evaluate(readVaultSecretsInPage);
  } finally {
    await page.close();
  }
}

export interface VaultSecret {
  devicePassword: string;
  deviceGroupKey: string;
}

/** Runs in an extension page (Chromium or Firefox): every device secret of the vault's IndexedDB. */
export function readVaultSecretsInPage(): Promise<VaultSecret[]> {
  return new Promise<VaultSecret[]>((resolve, reject) => {
    const open = indexedDB.open('device-vault');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const req = open.result.transaction('devices').objectStore('devices').getAll();
      req.onsuccess = () => {
        resolve(
          req.result.map((d: VaultSecret) => ({
            devicePassword: d.devicePassword,
            deviceGroupKey: d.deviceGroupKey,
          })),
        );
        open.result.close();
      };
      req.onerror = () => reject(req.error);
    };
  });
}

/**
 * Records the body of every Cognito response the page's own code receives, by wrapping fetch
 * above the hook (as a site's own code would see it).
 */
export async function recordPageResponses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __seenResponses: string[] }).__seenResponses = seen;
    const inner = window.fetch;
    window.fetch = async (...args: Parameters<typeof fetch>) => {
      const response = await inner(...args);
      void response
        .clone()
        .text()
        .then((t) => seen.push(t));
      return response;
    };
  });
}

export function seenResponses(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __seenResponses: string[] }).__seenResponses);
}

/** Everything the page can read from its own storage. */
export function pageStorageDump(page: Page): Promise<string> {
  return page.evaluate(() =>
    JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }),
  );
}

/** "function fetch() { [native code] }" only when nothing wrapped it. */
export function fetchSource(page: Page): Promise<string> {
  return page.evaluate(() => Function.prototype.toString.call(window.fetch));
}
