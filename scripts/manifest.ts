// The one place that turns the source manifest.json into each browser's manifest.
// Release builds get exactly the source permissions; test builds (mode "*-test") add what
// automation needs (the ids in dev/build-ids.ts) and nothing a user's install should ever carry.
import { TEST_EXTENSION_KEY, TEST_HOST_PERMISSIONS } from '../dev/build-ids.ts';
import sourceManifest from '../manifest.json' with { type: 'json' };

export type Browser = 'chrome' | 'firefox';

type Manifest = Record<string, unknown>;

export function manifestFor(browser: Browser, test: boolean): Manifest {
  const m: Manifest = structuredClone(sourceManifest) as Manifest;
  const background = { ...(m.background as Record<string, unknown>) };
  if (browser === 'chrome') {
    delete background.scripts;
    delete m.browser_specific_settings;
  } else {
    delete background.service_worker;
    delete m.minimum_chrome_version;
    // Chrome only: Firefox reads managed storage from a managed storage manifest or policies.json.
    delete m.storage;
  }
  m.background = background;
  if (test) {
    if (browser === 'chrome') m.key = TEST_EXTENSION_KEY;
    m.host_permissions = TEST_HOST_PERMISSIONS;
    m.name = `${sourceManifest.short_name} (test build)`;
  }
  return m;
}
