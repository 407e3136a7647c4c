// Setup for every file of the reliability project (vitest.config.ts): the background runs in Node
// over the in-memory browser of fake-browser.ts, and the content-script bundles it registers are
// plain names (in a real build, Vite's `?script` import gives their emitted file names).
import { vi } from 'vitest';

vi.mock('webextension-polyfill', async () => ({
  default: (await import('./fake-browser.ts')).fakeBrowser,
}));
vi.mock('../../../extension/page-hook.iife.ts?script', () => ({ default: 'page-hook.js' }));
vi.mock('../../../extension/relay.iife.ts?script', () => ({ default: 'relay.js' }));
