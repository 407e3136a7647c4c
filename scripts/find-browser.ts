// Finds the browser `npm start` drives; on Debian/Ubuntu as root it may install the apt package.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import {
  type BrowserName,
  EXTRA_CHROMIUM_PATHS,
  EXTRA_FIREFOX_PATHS,
  firstExisting,
} from '../demo/tour/browsers.ts';
import { findChromium } from '../test/e2e/harness/chromium.ts';
import { findFirefox } from '../test/e2e/harness/firefox.ts';

/** A problem the person can fix, printed without a stack trace. */
export class SetupError extends Error {}

const HOW_TO: Record<BrowserName, string> = {
  chromium: [
    'No Chromium found. Any of these works:',
    '  - CHROME_PATH=/path/to/chromium npm start   (Chromium or Chrome for Testing; branded Google',
    '    Chrome 137+ ignores --load-extension, so it cannot load the demo build)',
    '  - npx playwright-core install chromium       (Playwright downloads its own Chromium)',
    '  - sudo apt-get install chromium              (Debian; Ubuntu: chromium-browser)',
  ].join('\n'),
  firefox: [
    'No Firefox found. Any of these works:',
    '  - FIREFOX_PATH=/path/to/firefox npm start -- --firefox',
    '  - sudo apt-get install firefox-esr           (Debian)',
    '  - https://www.mozilla.org/firefox/enterprise/ (Firefox ESR for any system)',
  ].join('\n'),
};

const APT_PACKAGE: Record<BrowserName, string> = { chromium: 'chromium', firefox: 'firefox-esr' };

function lookup(name: BrowserName): string | undefined {
  try {
    return name === 'chromium' ? findChromium() : findFirefox();
  } catch (error) {
    // An explicit path that does not exist is the person's mistake to hear about, not to paper over.
    if (name === 'chromium' && process.env.CHROME_PATH) throw new SetupError((error as Error).message);
    if (name === 'firefox' && process.env.FIREFOX_PATH) throw new SetupError((error as Error).message);
    return firstExisting(name === 'chromium' ? EXTRA_CHROMIUM_PATHS : EXTRA_FIREFOX_PATHS);
  }
}

function canInstallWithApt(): boolean {
  const isRoot = process.getuid?.() === 0;
  const debianLike =
    existsSync('/etc/debian_version') ||
    (existsSync('/etc/os-release') &&
      /ID(_LIKE)?=.*(debian|ubuntu)/.test(readFileSync('/etc/os-release', 'utf8')));
  return isRoot && debianLike && existsSync('/usr/bin/apt-get');
}

export function ensureBrowser(name: BrowserName, log: (line: string) => void): string {
  const found = lookup(name);
  if (found) return found;
  if (canInstallWithApt()) {
    log(`No ${name} found: installing Debian's ${APT_PACKAGE[name]} with apt-get (running as root)…`);
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', APT_PACKAGE[name]], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch {
      throw new SetupError(`apt-get could not install ${APT_PACKAGE[name]}.\n${HOW_TO[name]}`);
    }
    const installed = lookup(name);
    if (installed) return installed;
  }
  throw new SetupError(HOW_TO[name]);
}
