// Firefox ESR with the extension's test build as a temporary add-on, driven by puppeteer-core over
// WebDriver BiDi (Playwright cannot drive a stock Firefox).
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { FIREFOX_EXTENSION_ORIGIN, FIREFOX_EXTENSION_UUID, GECKO_ID } from './build-ids.ts';
import { findFirefox } from './find-browser.ts';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

export interface FirefoxLaunchOptions {
  /** Unpacked extension; default dist/firefox-test (npm run build:test). */
  extensionDir?: string;
  /** Profile directory; a fresh temporary one (removed by close()) when omitted. */
  userDataDir?: string;
  /** Default: findFirefox(). */
  executablePath?: string;
  /** Default true; the demo opens a window for a person. */
  headless?: boolean;
  /** Environment of the browser process (e.g. a HOME holding a managed storage manifest). */
  env?: Record<string, string | undefined>;
  /** Page size; null lets the window decide (a headed demo). Default puppeteer's 800×600. */
  viewport?: { width: number; height: number } | null;
  /** Leave SIGINT/SIGTERM to the caller, which closes the browser itself (npm start). */
  keepSignals?: boolean;
  /** More Firefox preferences (about:config), e.g. BACKGROUND_TABS_UNTHROTTLED for a benchmark. */
  prefs?: Record<string, string | number | boolean>;
}

/**
 * Firefox clamps timers in tabs that are not in front to 1 s and budgets their run time; Chromium as
 * Playwright launches it does neither (--disable-background-timer-throttling). A benchmark that keeps
 * several sign-in pages open in tabs of one window sets these, so a page's figure is its own work.
 */
export const BACKGROUND_TABS_UNTHROTTLED = {
  'dom.min_background_timeout_value': 4,
  'dom.min_background_timeout_value_without_budget_throttling': 4,
  'dom.timeout.enable_budget_throttling': false,
} as const;

export interface FirefoxWithExtension {
  /** The current browser (a new object after restart()). */
  readonly browser: Browser;
  /** Gecko id of the add-on. */
  readonly extensionId: string;
  /** moz-extension://<fixed uuid> */
  readonly extensionOrigin: string;
  newPage(): Promise<Page>;
  /** Navigate `page` to an extension page: page.goto() times out on moz-extension:// URLs, raw BiDi does not. */
  gotoExtensionPage(page: Page, path: string): Promise<void>;
  /**
   * Evaluate `expression` in Firefox's privileged chrome scope (awaits promises) and return its JSON value.
   * For what no WebExtension API offers tests: permissions, terminating the background.
   */
  evaluateChrome<T>(expression: string): Promise<T>;
  /** Grant host permissions as if the user accepted the prompt, e.g. ['http://127.0.0.1/*']. */
  grantHostPermissions(origins: string[]): Promise<void>;
  /** Stop the background event page, as Firefox does when idle; the next event restarts it. */
  terminateBackground(): Promise<void>;
  /** Close and relaunch with the same profile, reinstalling the (temporary) add-on. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

interface RemoteValue {
  type: string;
  value?: unknown;
}

function connectionOf(browser: Browser): BidiConnection {
  // puppeteer's BiDi browser exposes its connection; raw commands reach what the API does not.
  return (browser as unknown as { connection: BidiConnection }).connection;
}

function contextIdOf(page: Page): string {
  return (page.mainFrame() as unknown as { _id: string })._id;
}

export async function launchFirefoxWithExtension(
  options: FirefoxLaunchOptions = {},
): Promise<FirefoxWithExtension> {
  const extensionDir = resolve(repoRoot, options.extensionDir ?? 'dist/firefox-test');
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`no extension build in ${extensionDir}: run npm run build:test`);
  }
  const ownProfile = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'e2e-firefox-')));
  const executablePath = options.executablePath ?? findFirefox();

  async function launch(): Promise<Browser> {
    const launched = await puppeteer.launch({
      browser: 'firefox',
      executablePath,
      headless: options.headless ?? true,
      userDataDir,
      ...(options.env ? { env: options.env } : {}),
      ...(options.viewport === undefined ? {} : { defaultViewport: options.viewport }),
      ...(options.keepSignals ? { handleSIGINT: false, handleSIGTERM: false } : {}),
      // Lets BiDi evaluate in chrome scope (permissions, background control) and navigate a tab to
      // a moz-extension:// page.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        ...options.prefs,
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
      },
    });
    try {
      const installed = await launched.installExtension(extensionDir);
      if (installed !== GECKO_ID) throw new Error(`installed add-on ${installed}, expected ${GECKO_ID}`);
    } catch (error) {
      await launched.close();
      throw error;
    }
    return launched;
  }

  let browser: Browser;
  try {
    browser = await launch();
  } catch (error) {
    if (ownProfile) await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }

  async function evaluateChrome<T>(expression: string): Promise<T> {
    const connection = connectionOf(browser);
    const tree = (await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 }))
      .result as { contexts: { context: string }[] };
    const chromeContext = tree.contexts[0]?.context;
    if (!chromeContext)
      throw new Error('no chrome-scope browsing context (is --remote-allow-system-access set?)');
    const { result } = await connection.send('script.evaluate', {
      expression: `(async () => JSON.stringify(await (async () => (${expression}))() ?? null))()`,
      target: { context: chromeContext },
      awaitPromise: true,
    });
    const outcome = result as { type: string; result?: RemoteValue; exceptionDetails?: { text: string } };
    if (outcome.type !== 'success')
      throw new Error(`chrome-scope evaluation failed: ${outcome.exceptionDetails?.text}`);
    return JSON.parse(String(outcome.result?.value)) as T;
  }

  return {
    get browser() {
      return browser;
    },
    extensionId: GECKO_ID,
    extensionOrigin: FIREFOX_EXTENSION_ORIGIN,
    newPage: () => browser.newPage(),
    async gotoExtensionPage(page, path) {
      await connectionOf(browser).send('browsingContext.navigate', {
        context: contextIdOf(page),
        url: `${FIREFOX_EXTENSION_ORIGIN}/${path.replace(/^\//, '')}`,
        wait: 'complete',
      });
    },
    evaluateChrome,
    async grantHostPermissions(origins) {
      await evaluateChrome(`(async () => {
        const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
        const policy = WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)});
        await ExtensionPermissions.add(${JSON.stringify(GECKO_ID)}, { permissions: [], origins: ${JSON.stringify(origins)} }, policy.extension);
        return true;
      })()`);
    },
    async terminateBackground() {
      await evaluateChrome(`(async () => {
        const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
        await ExtensionParent.DebugUtils.terminateBackgroundScript(${JSON.stringify(GECKO_ID)});
        return true;
      })()`);
    },
    async restart() {
      await browser.close();
      browser = await launch();
    },
    async close() {
      // Already closed when a person closed the window: still remove the profile.
      await browser.close().catch(() => undefined);
      if (ownProfile) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
