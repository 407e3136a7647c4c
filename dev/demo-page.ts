// Small helpers for driving a demo site (demo/) in a Playwright page.
import type { BrowserContext, Page } from 'playwright-core';
import type { DemoState } from './demo-sites/contract.ts';
import type { DemoUser } from './demo-sites/fixtures.ts';

/** Open a demo site in a new tab and wait until its window.__demo is configured. */
export async function openDemoPage(
  context: BrowserContext,
  url: string,
): Promise<{ page: Page; state: DemoState }> {
  const page = await context.newPage();
  await page.goto(url);
  const state = await page.evaluate(() => window.__demo.ready);
  return { page, state };
}

/** Text shown by the element with `data-testid` (outputs show their value as text). */
export async function testIdText(page: Page, testid: string): Promise<string> {
  return (await page.getByTestId(testid).textContent()) ?? '';
}

/** Wait until the element with `data-testid` shows exactly `text`. */
export async function waitForTestIdText(
  page: Page,
  testid: string,
  text: string,
  timeout = 30_000,
): Promise<void> {
  await page.waitForFunction(
    ([id, expected]) => document.querySelector(`[data-testid="${id}"]`)?.textContent === expected,
    [testid, text] as const,
    { timeout },
  );
}

/** A demo page with nobody signed in (the libraries restore the last session of the origin). */
export async function signedOutPage(context: BrowserContext, url: string): Promise<Page> {
  const { page, state } = await openDemoPage(context, url);
  if (state.status === 'signed-in') await page.evaluate(() => window.__demo.signOut());
  return page;
}

/** Signs `user` in on a demo page, answering TOTP with a code from `totp` (e.g. stack.totp) when asked. */
export async function signInAnsweringMfa(
  page: Page,
  user: DemoUser,
  totp: (secretBase32: string) => string | Promise<string>,
): Promise<DemoState> {
  const first = await page.evaluate(({ email, password }) => window.__demo.signIn(email, password), user);
  if (first.status !== 'mfa-required') return first;
  const code = await totp(user.totpSecret);
  return page.evaluate((c) => window.__demo.confirmMfa(c), code);
}

/**
 * In the page (pass it to an `evaluate`): sets each `[data-testid]` field's value with no event and no
 * focus, as a browser's saved password fills a form.
 */
export const fillFieldsSilently = (fields: readonly (readonly [testid: string, value: string])[]): void => {
  for (const [testid, value] of fields)
    (document.querySelector(`[data-testid="${testid}"]`) as HTMLInputElement).value = value;
};
