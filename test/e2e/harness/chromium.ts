// Moved to dev/chromium.ts (shared with the demo and the scripts); kept so existing imports resolve.
export * from '../../../dev/chromium.ts';
export { findChromium } from '../../../dev/find-browser.ts';
