// The one place that turns the source manifest.json into each browser's manifest.
// Release builds get exactly the source permissions; test builds (mode "*-test") add what
// automation needs and nothing a user's install should ever carry.
import sourceManifest from '../manifest.json' with { type: 'json' };

export type Browser = 'chrome' | 'firefox';

/** Public key that pins the Chromium extension id in test builds . */
export const TEST_EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA1lemWnjD9H6HyL3uqKOzfSCekMLCHwuGz9iW6EDuwv/2xfFTZ2TXR1YJBHtFetD0mJjbo3fErR2RpbGNTwcvVjdUy7mfq/oNPGcbQFHjW8t6TLV6ca3cZ5DfpgITmlp64n/97TvfDNTn628ZQKUb+6+sC0vOxvNTdCXOlgSgnOuDYIZppn5fLcRt9AhNg0lMhc0KAbL374hU/oiMfPtEBcY4CFy9+7S+UYecnWE1GR28mfURuE2+Oefw5HU3oY7azJLXOIqqHpj+YXpPxTraGGMhh1GT00ZvF4ss3K9wCctrWrpsKcz8g3zN8oO5hX1+9ADwxTh8vBHgSq4yAXKX1QIDAQAB';
/** The Chromium extension id that TEST_EXTENSION_KEY pins. */
export const TEST_EXTENSION_ID = 'npolpipokaahpfejohoflnhllebnmiob';
/** Gecko id for every build; test runs pin the moz-extension uuid with a pref instead. */
export const GECKO_ID = sourceManifest.browser_specific_settings.gecko.id;
/** Origins pre-granted in test builds so automation never meets a permission dialog. */
export const TEST_HOST_PERMISSIONS = ['http://127.0.0.1/*', 'http://localhost/*'];

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
