// The demo's two browsers behind one small interface, on the launchers the e2e tests use (dev/):
// Chromium through Playwright, Firefox through puppeteer-core over WebDriver BiDi. Headed for people,
// headless for the tour.
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { launchChromiumWithExtension } from '../../dev/chromium.ts';
import type { DemoApi, DemoState } from '../../dev/demo-sites/contract.ts';
import type { BrowserName } from '../../dev/find-browser.ts';
import { launchFirefoxWithExtension } from '../../dev/firefox.ts';
import type { PageReply } from '../../src/messages/index.ts';

export type { BrowserName };

type DemoAction = Exclude<keyof DemoApi, 'ready'>;

/** A demo site tab. */
export interface SiteTab {
  demo(action: DemoAction, ...args: string[]): Promise<DemoState>;
  screenshot(path: string): Promise<void>;
}

/** The extension's popup page, opened as a tab for one site (test builds accept ?origin=). */
export interface PopupTab {
  /** Sends one typed request as the popup does; rejects with the background's error. */
  send<T>(request: { type: string } & Record<string, unknown>): Promise<T>;
  /** Reloads the popup so it shows the current state. */
  reload(): Promise<void>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface DemoBrowser {
  readonly name: BrowserName;
  readonly executable: string;
  openSite(url: string): Promise<SiteTab>;
  openPopup(siteOrigin: string): Promise<PopupTab>;
  /** Resolves when the person closes the browser. */
  closed: Promise<void>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  executable: string;
  extensionDir: string;
  headless: boolean;
  /** Environment of the browser process (e.g. a HOME holding a Firefox managed storage manifest). */
  env?: Record<string, string | undefined>;
}

const POPUP_VIEWPORT = { width: 400, height: 600 };
const SITE_VIEWPORT = { width: 1100, height: 800 };

function unwrap<T>(reply: PageReply<T>): T {
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

const popupPath = (origin: string) => `popup/index.html?origin=${encodeURIComponent(origin)}`;

export async function launchChromium(options: LaunchOptions): Promise<DemoBrowser> {
  const browser = await launchChromiumWithExtension({
    extensionDir: options.extensionDir,
    executablePath: options.executable,
    headless: options.headless,
    ...(options.env ? { env: options.env } : {}),
    viewport: options.headless ? SITE_VIEWPORT : null,
    // A person may browse elsewhere in the headed window; npm start closes it itself on Ctrl-C.
    loopbackOnly: false,
    keepSignals: true,
  });
  const context = browser.context;
  const closed = new Promise<void>((resolve) => context.once('close', () => resolve()));
  let firstPage: PlaywrightPage | undefined = context.pages()[0];

  return {
    name: 'chromium',
    executable: options.executable,
    async openSite(url) {
      const page = firstPage ?? (await context.newPage());
      firstPage = undefined;
      await page.goto(url);
      // The page module defines window.__demo; wait for it, then for its first state.
      await page.waitForFunction(() => window.__demo !== undefined);
      await page.evaluate(() => window.__demo.ready);
      return {
        demo: (action, ...args) =>
          page.evaluate(
            ([a, rest]) => (window.__demo[a] as (...x: string[]) => Promise<DemoState>)(...rest),
            [action, args] as const,
          ),
        screenshot: async (path) => void (await page.screenshot({ path })),
      };
    },
    async openPopup(origin) {
      const page = await context.newPage();
      if (options.headless) await page.setViewportSize(POPUP_VIEWPORT);
      await page.goto(`chrome-extension://${browser.extensionId}/${popupPath(origin)}`);
      return {
        send: async <T>(request: object) =>
          unwrap((await page.evaluate((r) => chrome.runtime.sendMessage(r), request)) as PageReply<T>),
        reload: async () => void (await page.reload()),
        screenshot: async (path) => {
          await page.waitForLoadState('networkidle');
          await page.screenshot({ path });
        },
        close: () => page.close(),
      };
    },
    closed,
    close: () => browser.close().catch(() => undefined),
  };
}

export async function launchFirefox(options: LaunchOptions): Promise<DemoBrowser> {
  const firefox = await launchFirefoxWithExtension({
    extensionDir: options.extensionDir,
    executablePath: options.executable,
    headless: options.headless,
    ...(options.env ? { env: options.env } : {}),
    viewport: options.headless ? SITE_VIEWPORT : null,
    keepSignals: true,
  });
  const browser = firefox.browser;
  const closed = new Promise<void>((resolve) => browser.once('disconnected', () => resolve()));
  let firstPage: PuppeteerPage | undefined = (await browser.pages())[0];

  return {
    name: 'firefox',
    executable: options.executable,
    async openSite(url) {
      const page = firstPage ?? (await browser.newPage());
      firstPage = undefined;
      await page.goto(url);
      // The page module defines window.__demo; wait for it, then for its first state.
      await page.waitForFunction(() => window.__demo !== undefined);
      await page.evaluate(() => window.__demo.ready);
      return {
        demo: (action, ...args) =>
          page.evaluate(
            (a, rest) => (window.__demo[a as DemoAction] as (...x: string[]) => Promise<DemoState>)(...rest),
            action,
            args,
          ),
        screenshot: async (path) => void (await page.screenshot({ path })),
      };
    },
    async openPopup(origin) {
      const page = await browser.newPage();
      if (options.headless) await page.setViewport(POPUP_VIEWPORT);
      // page.goto() does not return on moz-extension:// pages; the launcher's raw BiDi navigation does.
      const open = () => firefox.gotoExtensionPage(page, popupPath(origin));
      await open();
      return {
        send: async <T>(request: object) =>
          unwrap(
            (await page.evaluate(
              (r) => (globalThis as unknown as { browser: typeof chrome }).browser.runtime.sendMessage(r),
              request,
            )) as PageReply<T>,
          ),
        reload: open,
        screenshot: async (path) => {
          // Let the popup's first requests settle before the picture.
          await new Promise((r) => setTimeout(r, 300));
          await page.screenshot({ path });
        },
        close: () => page.close(),
      };
    },
    closed,
    close: () => firefox.close().catch(() => undefined),
  };
}
