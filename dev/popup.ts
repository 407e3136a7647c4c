// Helpers for the popup's e2e tests: open the real popup/options page of the test build at popup
// size, run axe-core in it, take screenshots, and make a second device for an account from Node.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CognitoIdentityProviderClient,
  ConfirmDeviceCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Page } from 'playwright-core';
import { createDeviceVerifier } from '../src/srp/index.ts';
import type { ChromiumWithExtension } from './chromium.ts';
import type { DemoPool, DemoUser } from './demo-sites/fixtures.ts';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
export const POPUP_SIZE = { width: 360, height: 600 };

/** The popup page in a tab at popup size; test builds take `?origin=` for the site, `#view` for the view. */
export async function openPopup(
  chromium: ChromiumWithExtension,
  origin?: string,
  view: 'site' | 'browser' | 'activity' = 'site',
): Promise<Page> {
  const page = await chromium.context.newPage();
  await page.setViewportSize(POPUP_SIZE);
  const query = origin ? `?origin=${encodeURIComponent(origin)}` : '';
  await page.goto(`chrome-extension://${chromium.extensionId}/popup/index.html${query}#${view}`);
  return page;
}

export async function openOptionsPage(chromium: ChromiumWithExtension): Promise<Page> {
  const page = await chromium.context.newPage();
  await page.setViewportSize({ width: 640, height: 760 });
  await page.goto(`chrome-extension://${chromium.extensionId}/popup/options.html`);
  return page;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's violations in the page as rendered now (WCAG 2 A/AA and best practices). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const path = createRequire(import.meta.url).resolve('axe-core');
  try {
    await page.addScriptTag({ path });
  } catch {
    // The extension's CSP forbids inline scripts; DevTools evaluation is not subject to it.
  }
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await readFile(path, 'utf8'));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    }
    const results = await axe.run(document);
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}

/**
 * test-results/screenshots/<name>.png (gitignored) and, for the README, docs/screenshots/<name>.png:
 * written when missing or with UPDATE_SCREENSHOTS=1, so ordinary runs leave the committed ones alone
 * (ports in the pictures change every run).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const out = join(repoRoot, 'test-results/screenshots', `${name}.png`);
  await mkdir(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  const doc = join(repoRoot, 'docs/screenshots', `${name}.png`);
  if (existsSync(doc) && process.env.UPDATE_SCREENSHOTS !== '1') return;
  await mkdir(dirname(doc), { recursive: true });
  await copyFile(out, doc);
}

/**
 * Another remembered device for `user`, as a second browser would get it: password sign-in, TOTP,
 * ConfirmDevice with a verifier from src/srp. Returns its device key.
 */
export async function createRemoteDevice(
  emulatorUrl: string,
  pool: DemoPool,
  user: DemoUser,
  name: string,
  totp: (secretBase32: string) => string | Promise<string>,
): Promise<string> {
  const sdk = new CognitoIdentityProviderClient({
    endpoint: emulatorUrl,
    region: pool.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  try {
    const init = await sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: pool.clientId,
        AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
      }),
    );
    if (init.ChallengeName !== 'SOFTWARE_TOKEN_MFA') throw new Error(`unexpected ${init.ChallengeName}`);
    const mfa = await sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: pool.clientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: init.Session,
        ChallengeResponses: {
          USERNAME: user.username,
          SOFTWARE_TOKEN_MFA_CODE: await totp(user.totpSecret),
        },
      }),
    );
    const result = mfa.AuthenticationResult;
    const meta = result?.NewDeviceMetadata;
    if (!result?.AccessToken || !meta?.DeviceKey || !meta.DeviceGroupKey)
      throw new Error('no NewDeviceMetadata');
    const verifier = await createDeviceVerifier(meta.DeviceGroupKey, meta.DeviceKey);
    await sdk.send(
      new ConfirmDeviceCommand({
        AccessToken: result.AccessToken,
        DeviceKey: meta.DeviceKey,
        DeviceName: name,
        DeviceSecretVerifierConfig: verifier.verifierConfig,
      }),
    );
    return meta.DeviceKey;
  } finally {
    sdk.destroy();
  }
}

/** What the toolbar button shows for the tab of `page` (badge text and tooltip), read in the service worker. */
export async function toolbarOf(
  chromium: ChromiumWithExtension,
  page: Page,
): Promise<{ badge: string; title: string }> {
  const worker = await chromium.worker();
  return worker.evaluate(async (url) => {
    const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
    if (tab?.id === undefined) throw new Error(`no tab shows ${url}`);
    const [badge, title] = await Promise.all([
      chrome.action.getBadgeText({ tabId: tab.id }),
      chrome.action.getTitle({ tabId: tab.id }),
    ]);
    return { badge, title };
  }, page.url());
}

/** The toolbar badge text for the tab of `page`. */
export async function badgeText(chromium: ChromiumWithExtension, page: Page): Promise<string> {
  return (await toolbarOf(chromium, page)).badge;
}

/** Test-only: makes every access token the extension holds look expired (as after an hour). */
export async function expireSessionTokens(chromium: ChromiumWithExtension): Promise<number> {
  const worker = await chromium.worker();
  return worker.evaluate(async () => {
    const all = (await chrome.storage.session.get(null)) as Record<string, { expiresAt: number }>;
    const changed = Object.fromEntries(
      Object.entries(all)
        .filter(([k]) => k.startsWith('token '))
        .map(([k, v]) => [k, { ...v, expiresAt: 1 }]),
    );
    await chrome.storage.session.set(changed);
    return Object.keys(changed).length;
  });
}

/**
 * Test-only: writes `count` device records straight into the extension's IndexedDB vault (as the
 * background would after enrolling), so the popup has many devices to list. The secrets are fake.
 */
export async function seedLocalDevices(chromium: ChromiumWithExtension, count: number): Promise<void> {
  const page = await chromium.openExtensionPage('popup/index.html');
  try {
    await page.evaluate(
      (n) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('device-vault');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('devices', 'readwrite');
            const now = Date.now();
            for (let i = 0; i < n; i++) {
              tx.objectStore('devices').put({
                poolId: 'us-east-1_BenchPool1',
                username: `bench-user-${String(i).padStart(3, '0')}`,
                deviceKey: `us-east-1_00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
                deviceGroupKey: 'fake-group-key',
                devicePassword: 'fake-password',
                deviceName: 'Chrome on Linux',
                status: i % 7 === 0 ? 'not_remembered' : 'remembered',
                origin: `https://site-${i % 5}.example`,
                endpoint: 'https://cognito-idp.us-east-1.amazonaws.com/',
                createdAt: now - i * 86_400_000,
                lastUsedAt: now - i * 3_600_000,
              });
            }
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      count,
    );
  } finally {
    await page.close();
  }
}

/**
 * Milliseconds from navigation start until the popup's "This browser" view lists at least `count`
 * devices, observed in the page by a MutationObserver installed before any of its scripts run.
 */
export async function popupFirstRenderMs(chromium: ChromiumWithExtension, count: number): Promise<number> {
  const page = await chromium.context.newPage();
  try {
    await page.setViewportSize(POPUP_SIZE);
    await page.addInitScript((n) => {
      const w = window as unknown as { __rendered?: Promise<number> };
      w.__rendered = new Promise((resolve) => {
        // No named functions here: tsx would wrap them in a helper the page does not have.
        new MutationObserver((_, observer) => {
          if (document.querySelectorAll('[data-testid="local-device"]').length >= n) {
            observer.disconnect();
            resolve(performance.now());
          }
        }).observe(document, { childList: true, subtree: true });
      });
    }, count);
    await page.goto(`chrome-extension://${chromium.extensionId}/popup/index.html#browser`);
    return await page.evaluate(() => (window as unknown as { __rendered: Promise<number> }).__rendered);
  } finally {
    await page.close();
  }
}
