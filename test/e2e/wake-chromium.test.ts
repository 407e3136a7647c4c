// In real Chromium (test build): a person focusing the password field of an enabled demo page
// starts the extension's stopped service worker (the relay's `wake`), so the sign-in they are about
// to submit does not wait for the worker to start; so does the click that submits a form the browser
// filled without focusing it. Watched through CDP's ServiceWorker events.
import type { CDPSession, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumWithExtension } from '../../dev/chromium.ts';
import { fillFieldsSilently, signedOutPage } from '../../dev/demo-page.ts';
import { ALICE } from '../../dev/demo-sites/fixtures.ts';
import { enableSiteInPopup } from '../../dev/extension.ts';
import { useStackAndBrowser } from '../support/browser-stack.ts';

interface VersionUpdate {
  versions: { scriptURL: string; runningStatus: string }[];
}

const { stack, browser: chromium } = useStackAndBrowser(launchChromiumWithExtension);
beforeAll(async () => {
  await enableSiteInPopup(chromium, new URL(stack.amplifyUrl).origin);
});

/** The extension worker's running status as CDP last reported it, and a way to wait for one. */
async function watchWorker(page: Page): Promise<{ cdp: CDPSession; until(status: string): Promise<void> }> {
  const cdp = await chromium.context.newCDPSession(page);
  const ours = `chrome-extension://${chromium.extensionId}/`;
  let status = '';
  const waiting = new Set<() => void>();
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }: VersionUpdate) => {
    for (const v of versions) if (v.scriptURL.startsWith(ours)) status = v.runningStatus;
    for (const check of waiting) check();
  });
  await cdp.send('ServiceWorker.enable');
  return {
    cdp,
    until: (wanted) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`worker still "${status}", not "${wanted}"`)),
          30_000,
        );
        const check = () => {
          if (status !== wanted) return;
          clearTimeout(timer);
          waiting.delete(check);
          resolve();
        };
        waiting.add(check);
        check();
      }),
  };
}

describe('a stopped service worker', () => {
  it('is started by a message when the person focuses the password field of an enabled site', async () => {
    const page = await signedOutPage(chromium.context, stack.amplifyUrl);
    await page.getByTestId('username').fill('alice@example.com');
    const worker = await watchWorker(page);
    // Stopped from the page's own CDP session: opening or closing a tab would wake it (tabs events).
    await worker.cdp.send('ServiceWorker.stopAllWorkers');
    await worker.until('stopped');

    await page.getByTestId('password').focus();
    await worker.until('running');
    // Woken by a message (the relay's wake), not by a tab event: the new worker has received one.
    const marks = await (await chromium.worker()).evaluate(() =>
      performance.getEntriesByType('mark').map((m) => m.name),
    );
    expect(marks).toContain('background:first-message');
    await worker.cdp.detach();
    await page.close();
  });

  it("is started by the click that submits a form the browser filled, before the sign-in's first call", async () => {
    const page = await signedOutPage(chromium.context, stack.amplifyUrl);
    // As a browser's saved password fills a form: values set, no field focused, no event.
    await page.evaluate(fillFieldsSilently, [
      ['username', ALICE.email],
      ['password', ALICE.password],
    ] as const);
    const worker = await watchWorker(page);
    await worker.cdp.send('ServiceWorker.stopAllWorkers');
    await worker.until('stopped');

    await page.getByTestId('signin-submit').click();
    await page.waitForFunction(() => window.__demo.state().status !== 'signed-out', null, {
      timeout: 30_000,
    });
    const marks = await (await chromium.worker()).evaluate(() =>
      performance.getEntriesByType('mark').map((m) => m.name),
    );
    // The worker the click started: its first message is the wake, the page's InitiateAuth comes after.
    expect(marks.indexOf('page:wake:in')).toBeGreaterThanOrEqual(0);
    expect(marks.indexOf('page:wake:in')).toBeLessThan(marks.indexOf('page:InitiateAuth:in'));
    await worker.cdp.detach();
    await page.close();
  });
});
