// Managed configuration in a real browser: Firefox reads this extension's managed storage from a
// managed storage manifest in ~/.mozilla/managed-storage/, so the browser runs with its own HOME.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoBrowser, launchFirefox } from '../../demo/tour/browsers.ts';
import { GECKO_ID } from '../../dev/build-ids.ts';
import { findFirefox } from '../../dev/find-browser.ts';
import type { SiteView } from '../../src/messages/index.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const MANAGED_SITE = 'http://127.0.0.1:8731';
const NO_PERMISSION_SITE = 'https://intranet.example.com';

let home: string;
let firefox: DemoBrowser;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'e2e-managed-home-'));
  mkdirSync(join(home, '.mozilla/managed-storage'), { recursive: true });
  writeFileSync(
    join(home, '.mozilla/managed-storage', `${GECKO_ID}.json`),
    JSON.stringify({
      name: GECKO_ID,
      description: 'Device Companion sites set up by the administrator',
      type: 'storage',
      data: {
        sites: [
          { origin: MANAGED_SITE, policy: 'never', customEndpoint: 'http://127.0.0.1:8730' },
          { origin: NO_PERMISSION_SITE, policy: 'always' },
          { origin: 'https://bad.example.com/path' },
        ],
      },
    }),
  );
  firefox = await launchFirefox({
    executable: findFirefox(),
    extensionDir: resolve(root, 'dist/firefox-test'),
    headless: true,
    env: { ...process.env, HOME: home },
  });
});
afterAll(async () => {
  await firefox?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('managed configuration in Firefox', () => {
  it('enables the managed site with its policy and custom endpoint at install; a site without access waits', async () => {
    const popup = await firefox.openPopup(MANAGED_SITE);
    let sites: SiteView[] = [];
    // onInstalled applies the configuration; give the background time after the add-on loads (a
    // deadline, not a count of tries: on a busy machine each try is slow too).
    for (const until = Date.now() + 30_000; Date.now() < until && sites.length === 0; ) {
      sites = await popup.send<SiteView[]>({ type: 'sites.list' });
      if (!sites.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(sites.map((s) => s.origin)).toEqual([MANAGED_SITE]);
    expect(sites[0]).toMatchObject({
      enabled: true,
      policy: 'never',
      customEndpoint: 'http://127.0.0.1:8730/',
    });
    await popup.close();
  });
});
