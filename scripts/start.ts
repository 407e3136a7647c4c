// `npm start`: the one command that shows the project working. Builds the extension, starts the
// Cognito emulator (dev/demo-sites/seed.json: MFA with TOTP, device tracking on) and the demo sites, then
//  - with a display: opens Chromium (or Firefox) with the extension, the demo site enabled, and
//    shows the demo users' TOTP codes until Ctrl-C;
//  - without one (or with --tour): runs the guided tour headless, narrated, with screenshots in
//    demo-output/, and exits 0 only if every step behaved as expected (CI runs it).
// The demo uses the test build: its pinned id and pre-granted loopback access let the script enable
// the site itself, where a release build would stop at the browser's permission prompt.
import { execFileSync } from 'node:child_process';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type BrowserName, type DemoBrowser, launchChromium, launchFirefox } from '../demo/tour/browsers.ts';
import { writeTourReport } from '../demo/tour/report.ts';
import { showTotpCodes } from '../demo/tour/totp-display.ts';
import { runTour } from '../demo/tour/tour.ts';
import { ensureBrowser } from '../dev/find-browser.ts';
import { SetupError } from '../dev/setup-error.ts';
import { startDemoStack } from '../dev/stack.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const log = (line = '') => console.log(line);

const USAGE = `npm start [-- options]
  --firefox    Firefox (ESR) instead of Chromium
  --tour       run the guided tour headless even when a display is available
  --stay       no display: skip the tour, keep the emulator, sites and a headless browser up until Ctrl-C
  --no-build   reuse the builds in dist/ and demo/dist/
  --out DIR    where the tour saves screenshots (default demo-output)
Environment: CHROME_PATH, FIREFOX_PATH, DEMO_PORT_BASE (default 8500: emulator, sites on +1, +2).`;

function options() {
  try {
    return parseArgs({
      options: {
        firefox: { type: 'boolean', default: false },
        tour: { type: 'boolean', default: false },
        stay: { type: 'boolean', default: false },
        'no-build': { type: 'boolean', default: false },
        out: { type: 'string', default: 'demo-output' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    throw new SetupError(`${(error as Error).message}\n${USAGE}`);
  }
}

function build(): void {
  const started = performance.now();
  for (const script of ['build', 'build:test']) {
    try {
      execFileSync('npm', ['run', script, '--silent'], { cwd: root, stdio: 'pipe' });
    } catch (error) {
      const e = error as { stdout?: Buffer; stderr?: Buffer };
      process.stderr.write(`${e.stdout ?? ''}${e.stderr ?? ''}`);
      throw new SetupError(`npm run ${script} failed (output above)`);
    }
  }
  log(
    `Built the extension in ${((performance.now() - started) / 1000).toFixed(1)} s: dist/chrome, dist/firefox and their store zips;` +
      ' the demo uses the test builds dist/chrome-test, dist/firefox-test.',
  );
}

async function launch(name: BrowserName, executable: string, headless: boolean): Promise<DemoBrowser> {
  const extensionDir = resolve(root, name === 'chromium' ? 'dist/chrome-test' : 'dist/firefox-test');
  return name === 'chromium'
    ? launchChromium({ executable, extensionDir, headless })
    : launchFirefox({ executable, extensionDir, headless });
}

async function main(): Promise<number> {
  const opts = options();
  if (opts.help) {
    log(USAGE);
    return 0;
  }
  const browserName: BrowserName = opts.firefox ? 'firefox' : 'chromium';
  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const tour = opts.tour || (!hasDisplay && !opts.stay);

  const executable = ensureBrowser(browserName, log);
  if (!opts['no-build']) build();
  // The tour takes free ports; a person's session keeps the same origins from run to run.
  const world = await startDemoStack(tour ? 0 : Number(process.env.DEMO_PORT_BASE ?? 8500));
  const cleanups: (() => Promise<void>)[] = [() => world.close()];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  const interrupted = new Promise<number>((done) => {
    process.once('SIGINT', () => done(130));
    process.once('SIGTERM', () => done(143));
  });

  try {
    if (tour) {
      log(
        `\nGuided tour in ${browserName} (headless${hasDisplay ? '' : ': no display'}) against the local Cognito emulator`,
      );
      log(
        `  emulator ${world.emulatorUrl}   site ${world.amplifyUrl} (Amplify v6)   browser ${executable}\n`,
      );
      const started = performance.now();
      const browser = await launch(browserName, executable, true);
      cleanups.push(() => browser.close());
      const outDir = resolve(root, opts.out);
      const outcome = await Promise.race([
        runTour(browser, { siteUrl: world.amplifyUrl, outDir, shownOutDir: opts.out, log }),
        interrupted,
      ]);
      if (typeof outcome === 'number') return outcome;
      const { results, steps: total } = outcome;
      const passed = results.filter((r) => r.ok).length;
      const totalMs = performance.now() - started;
      const allOk = passed === results.length && results.length === total;
      const report = writeTourReport(outDir, outcome, {
        browser: browserName,
        siteUrl: world.amplifyUrl,
        emulatorUrl: world.emulatorUrl,
        totalMs,
        finishedAt: new Date(),
      });
      log(
        `\nTour ${allOk ? 'complete' : 'FAILED'}: ${passed} of ${total} steps behaved as expected in ${(totalMs / 1000).toFixed(1)} s. Screenshots: ${opts.out}/`,
      );
      const shown = relative(process.cwd(), report);
      log(`Report: ${shown.startsWith('..') ? report : shown}`);
      return allOk ? 0 : 1;
    }

    const browser = await launch(browserName, executable, !hasDisplay);
    cleanups.push(() => browser.close());
    // Both demo sites enabled as if the person had clicked "Enable on this site" in the popup.
    for (const url of [world.amplifyUrl, world.acijUrl]) {
      const popup = await browser.openPopup(new URL(url).origin);
      await popup.send({ type: 'site.enable', origin: new URL(url).origin });
      await popup.close();
    }
    await browser.openSite(world.amplifyUrl);
    log(`\n${browserName} is open with the extension (test build) and both demo sites enabled:`);
    log(`  Amplify v6 demo           ${world.amplifyUrl}   (opt-in pool: ${world.amplifyUrl}?pool=optin)`);
    log(`  identity-js demo          ${world.acijUrl}`);
    log(`  Cognito emulator          ${world.emulatorUrl}`);
    log(
      'Sign in as alice@example.com / Alice-Passw0rd! with the code below; sign out and in again: no code asked.',
    );
    log(
      'The toolbar button opens the popup (devices, policy, forget; in Chromium pin it from the puzzle-piece menu).\nCtrl-C or closing the browser stops everything.\n',
    );
    const stopCodes = showTotpCodes();
    cleanups.push(async () => stopCodes());
    return await Promise.race([interrupted, browser.closed.then(() => 0)]);
  } finally {
    await cleanup();
    if (!tour) log('\nStopped: browser closed, emulator and demo sites shut down.');
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof SetupError) console.error(`\n${error.message}`);
    else console.error(error);
    process.exit(1);
  },
);
