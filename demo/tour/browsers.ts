// The demo's two browsers behind one small interface: Chromium through Playwright, Firefox through
// puppeteer-core over WebDriver BiDi (as the e2e harness does). Headed for people, headless for the tour.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium as playwrightChromium } from 'playwright-core';
import puppeteer, { type Page as PuppeteerPage } from 'puppeteer-core';
import { GECKO_ID, TEST_EXTENSION_ID } from '../../scripts/manifest.ts';
import type { PageReply } from '../../src/messages/index.ts';
import { FIREFOX_EXTENSION_UUID } from '../../test/e2e/harness/firefox.ts';
import type { DemoApi, DemoState } from '../shared/contract.ts';

export type BrowserName = 'chromium' | 'firefox';

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
  const profile = await mkdtemp(join(tmpdir(), 'device-companion-demo-'));
  const context = await playwrightChromium.launchPersistentContext(profile, {
    executablePath: options.executable,
    headless: options.headless,
    ...(options.env ? { env: options.env } : {}),
    viewport: options.headless ? SITE_VIEWPORT : null,
    // npm start closes the browser itself on Ctrl-C, then removes the profile.
    handleSIGINT: false,
    handleSIGTERM: false,
    args: [
      `--disable-extensions-except=${options.extensionDir}`,
      `--load-extension=${options.extensionDir}`,
      '--no-first-run',
      '--no-default-browser-check',
    ],
  });
  const closed = new Promise<void>((resolve) => context.once('close', () => resolve()));
  // The extension is up once its service worker runs; its id is pinned by the test build's key.
  const worker =
    context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${TEST_EXTENSION_ID}/`)) ??
    (await context.waitForEvent('serviceworker', {
      predicate: (w) => w.url().startsWith(`chrome-extension://${TEST_EXTENSION_ID}/`),
      timeout: 30_000,
    }));
  void worker;
  let firstPage = context.pages()[0];

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
      const url = `chrome-extension://${TEST_EXTENSION_ID}/${popupPath(origin)}`;
      await page.goto(url);
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
    async close() {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

export async function launchFirefox(options: LaunchOptions): Promise<DemoBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'device-companion-demo-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: options.executable,
    headless: options.headless,
    userDataDir: profile,
    ...(options.env ? { env: options.env } : {}),
    handleSIGINT: false,
    handleSIGTERM: false,
    defaultViewport: options.headless ? SITE_VIEWPORT : null,
    // Without it Firefox's BiDi refuses to navigate a tab to a moz-extension:// page (the popup).
    args: ['--remote-allow-system-access'],
    // A fixed moz-extension:// uuid, so the popup's URL is known before the add-on installs.
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
    },
  });
  const closed = new Promise<void>((resolve) => browser.once('disconnected', () => resolve()));
  try {
    const installed = await browser.installExtension(options.extensionDir);
    if (installed !== GECKO_ID) throw new Error(`installed add-on ${installed}, expected ${GECKO_ID}`);
  } catch (error) {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  const connection = (browser as unknown as { connection: BidiConnection }).connection;
  // page.goto() does not return on moz-extension:// pages; a raw BiDi navigation does.
  const gotoRaw = (page: PuppeteerPage, url: string) =>
    connection.send('browsingContext.navigate', {
      context: (page.mainFrame() as unknown as { _id: string })._id,
      url,
      wait: 'complete',
    });
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
      const url = `moz-extension://${FIREFOX_EXTENSION_UUID}/${popupPath(origin)}`;
      await gotoRaw(page, url);
      return {
        send: async <T>(request: object) =>
          unwrap(
            (await page.evaluate(
              (r) => (globalThis as unknown as { browser: typeof chrome }).browser.runtime.sendMessage(r),
              request,
            )) as PageReply<T>,
          ),
        reload: async () => void (await gotoRaw(page, url)),
        screenshot: async (path) => {
          // Let the popup's first requests settle before the picture.
          await new Promise((r) => setTimeout(r, 300));
          await page.screenshot({ path });
        },
        close: () => page.close(),
      };
    },
    closed,
    async close() {
      await browser.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Where Chromium or Firefox usually live when the harness's own lookup found none. */
export const EXTRA_CHROMIUM_PATHS = ['/usr/bin/chromium-browser', '/snap/bin/chromium'];
export const EXTRA_FIREFOX_PATHS = ['/usr/bin/firefox', '/snap/bin/firefox'];

export function firstExisting(paths: string[]): string | undefined {
  return paths.find((p) => existsSync(p));
}
