// Finds the browsers the tests, the demo and the scripts drive. `findChromium`/`findFirefox` are the
// strict lookups the tests use; `ensureBrowser` (npm start) also tries the usual other places and, on
// Debian/Ubuntu as root, installs the apt package.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { SetupError } from './setup-error.ts';

export type BrowserName = 'chromium' | 'firefox';

/** CHROME_PATH, then Playwright's own Chromium if installed, then Debian's /usr/bin/chromium. */
export function findChromium(): string {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  try {
    const bundled = chromium.executablePath();
    if (bundled && existsSync(bundled)) return bundled;
  } catch {
    // No Playwright browser registry entry: fall through to the system browser.
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  throw new Error('no Chromium found: set CHROME_PATH or install chromium (apt-get install chromium)');
}

/** FIREFOX_PATH, then Debian's /usr/bin/firefox-esr. */
export function findFirefox(): string {
  const candidate = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
  if (!existsSync(candidate))
    throw new Error(`no Firefox at ${candidate}: set FIREFOX_PATH or install firefox-esr`);
  return candidate;
}

/** Where Chromium or Firefox usually live besides the places the tests look (npm start tries them too). */
const EXTRA_PATHS: Record<BrowserName, string[]> = {
  chromium: ['/usr/bin/chromium-browser', '/snap/bin/chromium'],
  firefox: ['/usr/bin/firefox', '/snap/bin/firefox'],
};

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
    return EXTRA_PATHS[name].find((p) => existsSync(p));
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
