// The relay's `wake` through router.ts route() over the fake browser and the real vault
// (fake-indexeddb): answered for a content script of an enabled origin, refused from anywhere else.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { contentSender, EXTENSION_ID, popupSender } from './support/fake-browser.ts';

const ENABLED = 'https://wake-enabled.example';
const OTHER = 'https://wake-other.example';
let route: typeof import('../../background/router.ts').route;
const as = (sender: object) => sender as unknown as Runtime.MessageSender;

beforeAll(async () => {
  vi.stubGlobal('navigator', { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0.0.0 Safari/537.36' });
  route = (await import('../../background/router.ts')).route;
  expect(await route({ type: 'site.enable', origin: ENABLED }, as(popupSender))).toMatchObject({ ok: true });
});

describe('wake', () => {
  it('is answered, with nothing, for a content script of an enabled origin', async () => {
    expect(await route({ type: 'wake' }, as(contentSender(ENABLED)))).toEqual({ kind: 'awake' });
  });

  it('is refused for a content script of an origin that is not enabled', async () => {
    expect(await route({ type: 'wake' }, as(contentSender(OTHER)))).toEqual({
      kind: 'error',
      message: 'This site is not enabled',
    });
  });

  it('is refused from a subframe, another extension, an extension page, or with anything added', async () => {
    const frame = { ...contentSender(ENABLED), frameId: 3 };
    const stranger = { ...contentSender(ENABLED), id: `${EXTENSION_ID}x` };
    expect(await route({ type: 'wake' }, as(frame))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await route({ type: 'wake' }, as(stranger))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await route({ type: 'wake' }, as(popupSender))).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(await route({ type: 'wake', origin: ENABLED }, as(contentSender(OTHER)))).toEqual({
      kind: 'error',
      message: 'Malformed request',
    });
  });
});
