// "This site manages its own devices", chosen through the popup's request (the real router and
// vault, the emulator over loopback): set, the extension passes the site's sign-ins through and the
// page receives NewDeviceMetadata itself; cleared, the extension enrolls and serves its device again.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MFA_ORIGIN } from '../reliability/support/flows.ts';
import { MFA_CLIENT, MFA_POOL, World } from '../reliability/support/world.ts';

vi.mock('webextension-polyfill', async () => ({
  default: (await import('../reliability/support/fake-browser.ts')).fakeBrowser,
}));
vi.mock('../../extension/page-hook.iife.ts?script', () => ({ default: 'page-hook.js' }));
vi.mock('../../extension/relay.iife.ts?script', () => ({ default: 'relay.js' }));

const world = new World();
beforeAll(async () => {
  await world.start();
  expect(await world.popup({ type: 'site.enable', origin: MFA_ORIGIN })).toMatchObject({ ok: true });
});
afterAll(async () => {
  await world.close();
});

describe('site.setManagesDevices', () => {
  it('set: the site’s sign-ins pass through untouched; cleared: the extension enrolls again', async () => {
    const set = await world.popup({
      type: 'site.setManagesDevices',
      origin: MFA_ORIGIN,
      managesDevices: true,
    });
    expect(set).toMatchObject({ ok: true, value: { managesDevices: { reason: 'chosen in the extension' } } });
    const user = world.user('mfa');
    const page = world.page(MFA_ORIGIN, MFA_POOL, MFA_CLIENT);
    const own = await page.signIn(user);
    expect(own.mfaAsked).toBe(true);
    // The page itself got the new device's metadata, and the vault holds nothing for the site.
    expect((own.result.body.AuthenticationResult as Record<string, unknown>).NewDeviceMetadata).toBeDefined();
    expect(await (await world.vault()).listDevices()).toEqual([]);

    const cleared = await world.popup<{ managesDevices?: unknown }>({
      type: 'site.setManagesDevices',
      origin: MFA_ORIGIN,
      managesDevices: false,
    });
    expect(cleared.ok && cleared.value.managesDevices).toBeUndefined();
    await page.signIn(user);
    expect((await page.signIn(user)).mfaAsked).toBe(false);
    expect(
      await world.popup({
        type: 'site.setManagesDevices',
        origin: 'https://not-enabled.example',
        managesDevices: true,
      }),
    ).toMatchObject({ ok: false, error: { code: 'not-enabled' } });
  });
});
