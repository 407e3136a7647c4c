// One interface over the two browsers the matrix runs in, built on dev/: Chromium through
// Playwright, Firefox through puppeteer-core over WebDriver BiDi, both with the extension's test build.

import { type ChromiumWithExtension, launchChromiumWithExtension } from '../../dev/chromium.ts';
import {
  enableSiteInFirefoxPopup,
  enableSiteInPopup,
  readVaultSecretsInPage,
  type VaultSecret,
} from '../../dev/extension.ts';
import { type FirefoxWithExtension, launchFirefoxWithExtension } from '../../dev/firefox.ts';
import type { LocalDeviceView, PageReply } from '../../src/messages/index.ts';
import type { Browser } from './matrix.ts';
import type { ConformanceApi } from './pages/shared/contract.ts';

type Api = Omit<ConformanceApi, 'ready'>;
type Method = keyof Api;

/** A conformance page in a tab: calls window.conformance.<method>(...args) and awaits it. */
export interface CellPage {
  call<M extends Method>(method: M, ...args: Parameters<Api[M]>): Promise<Awaited<ReturnType<Api[M]>>>;
  close(): Promise<void>;
}

export interface BrowserUnderTest {
  readonly name: Browser;
  enableSite(origin: string): Promise<void>;
  /** Opens `url` in a new tab, forgets what earlier cells left in the origin's storage, and waits for the page. */
  openPage(url: string): Promise<CellPage>;
  /** One request to the background, as the popup sends it. */
  background<T>(request: object): Promise<T>;
  localDevices(): Promise<LocalDeviceView[]>;
  vaultSecrets(): Promise<VaultSecret[]>;
  close(): Promise<void>;
}

/** What both drivers' pages offer: evaluate a function with one serializable argument. */
interface Evaluating {
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

function callOn(page: Evaluating): CellPage['call'] {
  return <M extends Method>(method: M, ...args: Parameters<Api[M]>) =>
    page.evaluate(({ method: m, args: a }) => (window.conformance[m] as (...x: unknown[]) => unknown)(...a), {
      method: method as Method,
      args: args as unknown[],
    }) as Promise<Awaited<ReturnType<Api[M]>>>;
}

async function prepared(page: Evaluating & { reload(): Promise<unknown> }): Promise<void> {
  await page.evaluate(() => window.conformance.ready, undefined);
  await page.evaluate(() => window.conformance.reset(), undefined);
  await page.reload();
  await page.evaluate(() => window.conformance.ready, undefined);
}

async function chromiumUnderTest(): Promise<BrowserUnderTest> {
  const chromium: ChromiumWithExtension = await launchChromiumWithExtension();
  // One extension page stays open for background requests and vault reads (a tab per request is slow).
  const extensionPage = await chromium.openExtensionPage('popup/index.html');
  const background = async <T>(request: object): Promise<T> => {
    const reply = (await extensionPage.evaluate(
      (r) => chrome.runtime.sendMessage(r),
      request,
    )) as PageReply<T>;
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return reply.value;
  };
  return {
    name: 'chromium',
    enableSite: (origin) => enableSiteInPopup(chromium, origin),
    async openPage(url) {
      const page = await chromium.context.newPage();
      await page.goto(url);
      const evaluating = page as unknown as Evaluating & { reload(): Promise<unknown> };
      await prepared(evaluating);
      return { call: callOn(evaluating), close: () => page.close() };
    },
    background,
    localDevices: () => background<LocalDeviceView[]>({ type: 'vault.list' }),
    vaultSecrets: () => extensionPage.evaluate(readVaultSecretsInPage),
    close: () => chromium.close(),
  };
}

async function firefoxUnderTest(): Promise<BrowserUnderTest> {
  const firefox: FirefoxWithExtension = await launchFirefoxWithExtension();
  // One extension page stays open for background requests and vault reads.
  const extensionPage = await firefox.newPage();
  await firefox.gotoExtensionPage(extensionPage, 'popup/index.html');
  const background = async <T>(request: object): Promise<T> => {
    const reply = (await extensionPage.evaluate(
      (r) => (globalThis as unknown as { browser: typeof chrome }).browser.runtime.sendMessage(r),
      request,
    )) as PageReply<T>;
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return reply.value;
  };
  return {
    name: 'firefox',
    enableSite: (origin) => enableSiteInFirefoxPopup(firefox, origin),
    async openPage(url) {
      const page = await firefox.newPage();
      if (process.env.CONFORMANCE_DEBUG === '1') {
        page.on('console', (m) => process.stderr.write(`  [firefox console] ${m.text()}\n`));
      }
      await page.goto(url);
      const evaluating = page as unknown as Evaluating & { reload(): Promise<unknown> };
      await prepared(evaluating);
      return { call: callOn(evaluating), close: () => page.close() };
    },
    background,
    localDevices: () => background<LocalDeviceView[]>({ type: 'vault.list' }),
    vaultSecrets: () => extensionPage.evaluate(readVaultSecretsInPage),
    close: () => firefox.close(),
  };
}

export function launchBrowserUnderTest(name: Browser): Promise<BrowserUnderTest> {
  return name === 'chromium' ? chromiumUnderTest() : firefoxUnderTest();
}
