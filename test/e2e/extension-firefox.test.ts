// The product in Firefox ESR: the Firefox build installs, a site is enabled from the popup page,
// and after one sign-in with TOTP the next one on the Amplify demo skips MFA.

import { describe, expect, it } from 'vitest';
import type { DemoState } from '../../dev/demo-sites/contract.ts';
import { DEMO_POOL } from '../../dev/demo-sites/fixtures.ts';
import { enableSiteInFirefoxPopup } from '../../dev/extension.ts';
import { launchFirefoxWithExtension } from '../../dev/firefox.ts';
import messages from '../../public/_locales/en/messages.json' with { type: 'json' };
import type { LocalDeviceView, PageReply } from '../../src/messages/index.ts';
import { useStackAndBrowser } from '../support/browser-stack.ts';

const { stack, browser: firefox } = useStackAndBrowser(launchFirefoxWithExtension);

describe('extension in Firefox ESR', () => {
  it('enables the Amplify demo from the popup, enrolls on the first sign-in, and skips MFA on the next', async () => {
    const siteOrigin = new URL(stack.amplifyUrl).origin;
    const popup = await firefox.newPage();
    await enableSiteInFirefoxPopup(firefox, siteOrigin, popup);

    const user = DEMO_POOL.users.find((u) => u.username === 'alice')!;
    const page = await firefox.newPage();
    await page.goto(stack.amplifyUrl);
    await page.evaluate(() => window.__demo.ready);
    const asked: DemoState = await page.evaluate(
      (u, p) => window.__demo.signIn(u, p),
      user.email,
      user.password,
    );
    expect(asked.status).toBe('mfa-required');
    const code = stack.totp(user.totpSecret);
    const first: DemoState = await page.evaluate((c) => window.__demo.confirmMfa(c), code);
    expect(first).toMatchObject({ status: 'signed-in', mfaAsked: 'yes', localDeviceKeys: [] });

    const reply = (await popup.evaluate(() =>
      (globalThis as unknown as { browser: typeof chrome }).browser.runtime.sendMessage({
        type: 'vault.list',
      }),
    )) as PageReply<LocalDeviceView[]>;
    expect(reply.ok && reply.value.map((d) => [d.username, d.status])).toEqual([
      [user.username, 'remembered'],
    ]);
    // The toolbar button of the site's tab says so too (Firefox's per-tab action state).
    const toolbar = () =>
      popup.evaluate(async (url) => {
        const api = (globalThis as unknown as { browser: typeof chrome }).browser;
        const tab = (await api.tabs.query({})).find((t) => t.url === url);
        if (tab?.id === undefined) return undefined;
        return {
          badge: await api.action.getBadgeText({ tabId: tab.id }),
          title: await api.action.getTitle({ tabId: tab.id }),
        };
      }, page.url());
    await expect.poll(toolbar).toEqual({ badge: '✓', title: messages.toolbarRemembered.message });

    await page.evaluate(() => window.__demo.signOut());
    const second: DemoState = await page.evaluate(
      (u, p) => window.__demo.signIn(u, p),
      user.email,
      user.password,
    );
    expect(second).toMatchObject({ status: 'signed-in', mfaAsked: 'no', error: '' });
  });
});
