// Reliability (docs/security-and-reliability.md) in Firefox ESR: the background event page is terminated (as Firefox does when idle) before
// each step of enrollment, device sign-in, refresh and each popup action; every step completes.
// Figures: test-results/reliability/firefox.json.

import type { Page } from 'puppeteer-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { DemoState } from '../../dev/demo-sites/contract.ts';
import { DEMO_POOL } from '../../dev/demo-sites/fixtures.ts';
import { enableSiteInFirefoxPopup } from '../../dev/extension.ts';
import { launchFirefoxWithExtension } from '../../dev/firefox.ts';
import type { PageReply } from '../../src/messages/index.ts';
import { Tally } from '../reliability/support/figures.ts';
import { useStackAndBrowser } from '../support/browser-stack.ts';

const alice = DEMO_POOL.users.find((u) => u.username === 'alice');
if (!alice) throw new Error('demo seed has no alice');

let popup: Page;
const tally = new Tally();

const { stack, browser: firefox } = useStackAndBrowser(launchFirefoxWithExtension);
afterAll(async () => {
  tally.write('firefox');
});

function ask(request: object): Promise<PageReply<unknown>> {
  return popup.evaluate(
    (r) => (globalThis as unknown as { browser: typeof chrome }).browser.runtime.sendMessage(r),
    request,
  ) as Promise<PageReply<unknown>>;
}

/** One step, with the event page terminated just before it. */
async function afterStop<T>(name: string, step: () => Promise<T>): Promise<T> {
  return tally.check(`stop before ${name}`, async () => {
    await firefox.terminateBackground();
    return step();
  });
}

describe('Firefox: event page terminated before each step', () => {
  it('enrollment, device sign-in, refresh and popup actions all complete', async () => {
    const siteOrigin = new URL(stack.amplifyUrl).origin;
    popup = await firefox.newPage();
    await enableSiteInFirefoxPopup(firefox, siteOrigin, popup);

    const page = await firefox.newPage();
    await page.goto(stack.amplifyUrl);
    await page.evaluate(() => window.__demo.ready);
    const signIn = () =>
      page.evaluate((u, p) => window.__demo.signIn(u, p), alice.email, alice.password) as Promise<DemoState>;

    expect((await afterStop('InitiateAuth + PASSWORD_VERIFIER', signIn)).status).toBe('mfa-required');
    const code = stack.totp(alice.totpSecret);
    const first = await afterStop(
      'SOFTWARE_TOKEN_MFA + ConfirmDevice',
      () => page.evaluate((c) => window.__demo.confirmMfa(c), code) as Promise<DemoState>,
    );
    expect(first).toMatchObject({ status: 'signed-in', mfaAsked: 'yes' });
    await page.evaluate(() => window.__demo.signOut());
    const second = await afterStop('device sign-in', signIn);
    expect(second).toMatchObject({ status: 'signed-in', mfaAsked: 'no', error: '' });
    const refreshed = await afterStop(
      'refresh',
      () => page.evaluate(() => window.__demo.refresh()) as Promise<DemoState>,
    );
    expect(refreshed.error).toBe('');

    for (const action of [
      { type: 'vault.list' },
      { type: 'sites.list' },
      { type: 'activity.list' },
      { type: 'devices.list', origin: siteOrigin, poolId: DEMO_POOL.id, username: 'alice' },
      { type: 'settings.export' },
    ]) {
      const reply = await afterStop(action.type, () => ask(action));
      expect(reply, JSON.stringify(reply)).toMatchObject({ ok: true });
    }
    tally.details.stopPoints = tally.cases;
  });
});
