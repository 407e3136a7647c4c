// Moved to dev/firefox.ts (shared with the demo and the scripts); kept so existing imports resolve.

export { FIREFOX_EXTENSION_ORIGIN, FIREFOX_EXTENSION_UUID } from '../../../dev/build-ids.ts';
export { findFirefox } from '../../../dev/find-browser.ts';
export * from '../../../dev/firefox.ts';
