// The ids that make the test build drivable: a pinned Chromium extension id, a fixed moz-extension://
// uuid, and the loopback origins pre-granted so automation never meets a permission dialog.
// scripts/manifest.ts writes them into the test manifests; the launchers, tests and demo expect them.
import sourceManifest from '../manifest.json' with { type: 'json' };

/** Public key that pins the Chromium extension id in test builds. */
export const TEST_EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA1lemWnjD9H6HyL3uqKOzfSCekMLCHwuGz9iW6EDuwv/2xfFTZ2TXR1YJBHtFetD0mJjbo3fErR2RpbGNTwcvVjdUy7mfq/oNPGcbQFHjW8t6TLV6ca3cZ5DfpgITmlp64n/97TvfDNTn628ZQKUb+6+sC0vOxvNTdCXOlgSgnOuDYIZppn5fLcRt9AhNg0lMhc0KAbL374hU/oiMfPtEBcY4CFy9+7S+UYecnWE1GR28mfURuE2+Oefw5HU3oY7azJLXOIqqHpj+YXpPxTraGGMhh1GT00ZvF4ss3K9wCctrWrpsKcz8g3zN8oO5hX1+9ADwxTh8vBHgSq4yAXKX1QIDAQAB';
/** The Chromium extension id that TEST_EXTENSION_KEY pins. */
export const TEST_EXTENSION_ID = 'npolpipokaahpfejohoflnhllebnmiob';
/** Gecko id for every build; test runs pin the moz-extension uuid with a pref instead. */
export const GECKO_ID = sourceManifest.browser_specific_settings.gecko.id;
/** Origins pre-granted in test builds so automation never meets a permission dialog. */
export const TEST_HOST_PERMISSIONS = ['http://127.0.0.1/*', 'http://localhost/*'];

/** Fixed moz-extension:// uuid (set by pref at launch), so the extension's origin is the same in every run. */
export const FIREFOX_EXTENSION_UUID = '6d1f6c3e-2b7a-4c55-9d0e-3a1c5e7f9b20';
export const FIREFOX_EXTENSION_ORIGIN = `moz-extension://${FIREFOX_EXTENSION_UUID}`;
