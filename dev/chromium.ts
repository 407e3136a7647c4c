// Chromium with the extension's test build, driven by Playwright.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { TEST_EXTENSION_ID } from './build-ids.ts';
import { findChromium } from './find-browser.ts';

/** Repository root, so relative dist paths work from any cwd. */
const repoRoot = fileURLToPath(new URL('../', import.meta.url));

export interface ChromiumLaunchOptions {
  /** Unpacked extension; default dist/chrome-test (npm run build:test). */
  extensionDir?: string;
  /** Profile directory; a fresh temporary one (removed by close()) when omitted. */
  userDataDir?: string;
  /** Extension id the build must have; default the test build's pinned TEST_EXTENSION_ID. */
  expectedExtensionId?: string;
  /** Default: findChromium(). */
  executablePath?: string;
  /** Default true; the demo opens a window for a person. */
  headless?: boolean;
  /** Environment of the browser process. */
  env?: Record<string, string | undefined>;
  /** Page size; null lets the window decide (a headed demo). Default Playwright's 1280×720. */
  viewport?: { width: number; height: number } | null;
  /**
   * Tests (default true) keep Chromium's own background lookups off the network; loopback still
   * resolves. The headed demo turns it off: a person may browse elsewhere in that window.
   */
  loopbackOnly?: boolean;
  /** Leave SIGINT/SIGTERM to the caller, which closes the browser itself (npm start). */
  keepSignals?: boolean;
}

export interface ChromiumWithExtension {
  /** The current browser context (a new object after restart()). */
  readonly context: BrowserContext;
  readonly extensionId: string;
  readonly userDataDir: string;
  /** The extension's service worker (waits for it to start). */
  worker(): Promise<Worker>;
  /**
   * Stop every service worker (as Chrome does when idle); the next event restarts it. Through a new
   * tab's DevTools session, or through `via`'s own: then no tab opens or closes, and no tab event
   * (which the background listens to) starts the worker again before the caller's next step.
   */
  stopWorker(via?: Page): Promise<void>;
  /** Close the browser and relaunch it with the same profile (simulates a browser restart). */
  restart(): Promise<void>;
  /** Open chrome-extension://<id>/<path> in a new tab. */
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

function isExtensionWorker(worker: Worker): boolean {
  return worker.url().startsWith('chrome-extension://');
}

async function extensionWorker(context: BrowserContext): Promise<Worker> {
  const running = context.serviceWorkers().find(isExtensionWorker);
  if (running) return running;
  return context.waitForEvent('serviceworker', { predicate: isExtensionWorker, timeout: 30_000 });
}

export async function launchChromiumWithExtension(
  options: ChromiumLaunchOptions = {},
): Promise<ChromiumWithExtension> {
  const extensionDir = resolve(repoRoot, options.extensionDir ?? 'dist/chrome-test');
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`no extension build in ${extensionDir}: run npm run build:test`);
  }
  const ownProfile = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'e2e-chromium-')));
  const expectedId = options.expectedExtensionId ?? TEST_EXTENSION_ID;
  const executablePath = options.executablePath ?? findChromium();
  const loopbackOnly = options.loopbackOnly ?? true;

  const launch = () =>
    chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: options.headless ?? true,
      ...(options.env ? { env: options.env } : {}),
      ...(options.viewport === undefined ? {} : { viewport: options.viewport }),
      ...(options.keepSignals ? { handleSIGINT: false, handleSIGTERM: false } : {}),
      args: [
        `--disable-extensions-except=${extensionDir}`,
        `--load-extension=${extensionDir}`,
        '--no-first-run',
        '--no-default-browser-check',
        ...(loopbackOnly
          ? ['--disable-quic', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1']
          : []),
      ],
    });

  let context = await launch();
  let extensionId: string;
  try {
    extensionId = new URL((await extensionWorker(context)).url()).host;
    if (extensionId !== expectedId) {
      throw new Error(
        `extension id ${extensionId} is not the pinned ${expectedId}: is ${extensionDir} a test build?`,
      );
    }
  } catch (error) {
    await context.close();
    if (ownProfile) await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }

  return {
    get context() {
      return context;
    },
    extensionId,
    userDataDir,
    worker: () => extensionWorker(context),
    async stopWorker(via?: Page) {
      const stopFrom = async (page: Page) => {
        const cdp = await context.newCDPSession(page);
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
        await cdp.detach();
      };
      if (via) return stopFrom(via);
      const page = await context.newPage();
      try {
        await stopFrom(page);
      } finally {
        await page.close();
      }
    },
    async restart() {
      await context.close();
      context = await launch();
      await extensionWorker(context);
    },
    async openExtensionPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path.replace(/^\//, '')}`);
      return page;
    },
    async close() {
      // Already closed when a person closed the window: still remove the profile.
      await context.close().catch(() => undefined);
      if (ownProfile) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
