// `npm run bench:e2e [-- --json] [-- --iterations n]`: a remembered-device sign-in through the
// extension versus the same Amplify v6 demo doing device SRP itself (its own device in
// localStorage, no extension), in one Chromium, interleaved, against the loopback emulator; the
// page hook's cost on non-Cognito fetches; bundle sizes. Prints numbers; never fails on them.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { DEMO_POOL, type DemoUser } from '../../demo/fixtures.ts';
import { startDemoSites } from '../../demo/server.ts';
import type { DemoState } from '../../demo/shared/contract.ts';
import { launchChromiumWithExtension } from '../e2e/harness/chromium.ts';
import { openDemoPage } from '../e2e/harness/demo-page.ts';
import { enableSiteInPopup } from '../e2e/harness/extension.ts';
import { popupFirstRenderMs, seedLocalDevices } from '../e2e/harness/popup.ts';
import { startStack } from '../e2e/harness/stack.ts';
import { freshTotp } from '../support/totp.ts';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const iterations = Number(args[args.indexOf('--iterations') + 1]) || 12;
const WARMUP = 2;
const FETCHES = 1000;
const ROUNDS = 6;
const POPUP_DEVICES = 50;
const POPUP_OPENS = 12;
const log = (...m: unknown[]) => {
  if (!asJson) console.error(...m);
};

interface Stats {
  median: number;
  min: number;
  max: number;
}
function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median: round(median), min: round(s[0]!), max: round(s.at(-1)!) };
}
const round = (n: number) => Math.round(n * 100) / 100;

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
function gzipBytes(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}
/** The release build when present (npm run build), else the test build. */
function distDir(): string {
  for (const d of ['dist/chrome', 'dist/chrome-test']) {
    try {
      if (statSync(join(repoRoot, d, 'manifest.json')).isFile()) return join(repoRoot, d);
    } catch {}
  }
  throw new Error('no extension build: run npm run build');
}
/** Every script the popup page loads: its entry and the chunks it imports or preloads. */
function popupScripts(dir: string): string[] {
  const html = readFileSync(join(dir, 'popup/index.html'), 'utf8');
  const files = new Set<string>();
  const queue = [...html.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map((m) =>
    m[1]!.replace(/^\//, '').replace(/^\.\.\//, ''),
  );
  while (queue.length) {
    const rel = queue.pop()!;
    const file = join(dir, rel.startsWith('assets/') ? rel : join('popup', rel));
    const path = files.has(file) ? undefined : file;
    if (!path) continue;
    files.add(path);
    const code = readFileSync(path, 'utf8');
    for (const m of code.matchAll(/from\s*["']\.\/([^"']+\.js)["']|import\(["']\.\/([^"']+\.js)["']\)/g)) {
      queue.push(`assets/${m[1] ?? m[2]}`);
    }
  }
  return [...files];
}

async function signInAgain(page: Page, user: DemoUser): Promise<DemoState> {
  await page.evaluate(() => window.__demo.signOut());
  return page.evaluate(({ email, password }) => window.__demo.signIn(email, password), user);
}

async function firstSignIn(page: Page, user: DemoUser): Promise<void> {
  const asked = await page.evaluate(({ email, password }) => window.__demo.signIn(email, password), user);
  if (asked.status === 'mfa-required')
    await page.evaluate((c) => window.__demo.confirmMfa(c), await freshTotp(user.totpSecret));
}

async function fetchLoopMs(page: Page): Promise<number> {
  return page.evaluate(async (n) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await (await fetch('/config.json', { cache: 'no-store' })).arrayBuffer();
    return performance.now() - t0;
  }, FETCHES);
}

async function main(): Promise<void> {
  const stack = await startStack();
  // A second Amplify origin that is never enabled: Amplify remembers its own device there.
  const baselineSites = await startDemoSites({ emulatorUrl: stack.emulatorUrl });
  const chromium = await launchChromiumWithExtension();
  const errors: string[] = [];
  try {
    await enableSiteInPopup(chromium, new URL(stack.amplifyUrl).origin);
    const [withExt, ownDevice] = [DEMO_POOL.users[0]!, DEMO_POOL.users[1]!];
    const { page: extPage } = await openDemoPage(chromium.context, stack.amplifyUrl);
    const { page: basePage } = await openDemoPage(chromium.context, baselineSites.amplifyUrl);
    log('enrolling both devices (first sign-ins with TOTP)…');
    await firstSignIn(extPage, withExt);
    await firstSignIn(basePage, ownDevice);

    const ext: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < WARMUP + iterations; i++) {
      // Interleaved, so machine noise hits both sides alike.
      const a = await signInAgain(extPage, withExt);
      const b = await signInAgain(basePage, ownDevice);
      for (const [name, s] of [
        ['extension', a],
        ['amplify-own-device', b],
      ] as const) {
        if (s.mfaAsked !== 'no' || s.status !== 'signed-in')
          errors.push(`${name} sign-in ${i}: ${s.status} mfa=${s.mfaAsked} ${s.error}`);
      }
      if (i >= WARMUP) {
        ext.push(a.lastSignInMs ?? Number.NaN);
        base.push(b.lastSignInMs ?? Number.NaN);
      }
      log(
        `sign-in ${i + 1}/${WARMUP + iterations}: extension ${a.lastSignInMs} ms, Amplify own device ${b.lastSignInMs} ms`,
      );
    }

    log(
      `hook overhead: ${FETCHES} same-origin fetches, enabled vs not enabled origin, ${ROUNDS} interleaved rounds…`,
    );
    const hooked: number[] = [];
    const plain: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate which side goes first, so warm-up and drift do not favour one.
      if (r % 2) {
        plain.push(await fetchLoopMs(basePage));
        hooked.push(await fetchLoopMs(extPage));
      } else {
        hooked.push(await fetchLoopMs(extPage));
        plain.push(await fetchLoopMs(basePage));
      }
    }
    const overheadUs = ((stats(hooked).median - stats(plain).median) / FETCHES) * 1000;

    // 50 device records written straight into the vault (test-only), listed by the real popup.
    log(`popup first render with ${POPUP_DEVICES} devices listed, ${POPUP_OPENS} opens…`);
    await seedLocalDevices(chromium, POPUP_DEVICES);
    const popupMs: number[] = [];
    for (let i = 0; i < WARMUP + POPUP_OPENS; i++) {
      const ms = await popupFirstRenderMs(chromium, POPUP_DEVICES);
      if (i >= WARMUP) popupMs.push(ms);
    }

    const dir = distDir();
    const hookGzipBytes = gzipBytes(join(dir, 'extension/page-hook.iife.js'));
    const popupGzipBytes = popupScripts(dir).reduce((sum, f) => sum + gzipBytes(f), 0);
    const result = {
      signInWithExtensionMs: stats(ext),
      signInAmplifyOwnDeviceMs: stats(base),
      ratio: round(stats(ext).median / stats(base).median),
      hookOverheadPerFetchUs: round(overheadUs),
      fetchLoopMs: { hooked: stats(hooked), plain: stats(plain), fetches: FETCHES },
      hookGzipBytes,
      popupGzipBytes,
      popupFirstRenderMs: stats(popupMs),
      build: dir.endsWith('chrome') ? 'release' : 'test',
      iterations,
      errors,
    };
    if (asJson) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      console.log('\nbench:e2e (Chromium, loopback emulator, one run)');
      console.log(
        `  sign-in through the extension       median ${result.signInWithExtensionMs.median} ms (min ${result.signInWithExtensionMs.min}, max ${result.signInWithExtensionMs.max})`,
      );
      console.log(
        `  sign-in, Amplify's own device SRP   median ${result.signInAmplifyOwnDeviceMs.median} ms (min ${result.signInAmplifyOwnDeviceMs.min}, max ${result.signInAmplifyOwnDeviceMs.max})`,
      );
      console.log(`  ratio extension / Amplify           ${result.ratio}  (target ≤ 0.8)`);
      console.log(
        `  hook overhead per non-Cognito fetch ${result.hookOverheadPerFetchUs} µs (median of ${ROUNDS} rounds of ${FETCHES} fetches: ${result.fetchLoopMs.hooked.median} vs ${result.fetchLoopMs.plain.median} ms; noise is larger than the difference)`,
      );
      console.log(`  page hook                           ${hookGzipBytes} B gzip (target ≤ 4096)`);
      console.log(
        `  popup JS                            ${popupGzipBytes} B gzip (target ≤ 25600)  [${result.build} build]`,
      );
      console.log(
        `  ${`popup first render, ${POPUP_DEVICES} devices`.padEnd(36)}median ${result.popupFirstRenderMs.median} ms (min ${result.popupFirstRenderMs.min}, max ${result.popupFirstRenderMs.max}; ${POPUP_OPENS} opens, target ≤ 150)`,
      );
      if (errors.length) console.log(`  errors: ${errors.length}\n    ${errors.join('\n    ')}`);
    }
  } finally {
    await chromium.close();
    await baselineSites.close();
    await stack.close();
  }
}

await main();
