// The e2e fixtures work on their own: both demo sites sign in against the emulator with TOTP in real
// browsers that carry the extension's test build, and Amplify's own device remembering (the baseline
// the extension is compared against) skips MFA on the next sign-in.
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChromiumWithExtension, launchChromiumWithExtension } from '../../dev/chromium.ts';
import { openDemoPage, testIdText, waitForTestIdText } from '../../dev/demo-page.ts';
import type { DemoState } from '../../dev/demo-sites/contract.ts';
import { ALICE, BOB, CAROL } from '../../dev/demo-sites/fixtures.ts';
import { type FirefoxWithExtension, launchFirefoxWithExtension } from '../../dev/firefox.ts';
import { type Stack, startStack } from '../../dev/stack.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

describe('demo sites in Chromium', () => {
  let chromium: ChromiumWithExtension;

  beforeAll(async () => {
    chromium = await launchChromiumWithExtension();
  });

  afterAll(async () => {
    await chromium?.close();
  });

  it('Amplify: the first sign-in asks for TOTP; after Amplify confirmed its own device the next one skips MFA', async () => {
    const { page } = await openDemoPage(chromium.context, stack.amplifyUrl);

    const asked = await page.evaluate(({ email, password }) => window.__demo.signIn(email, password), ALICE);
    expect(asked.status).toBe('mfa-required');
    const first = await page.evaluate((code) => window.__demo.confirmMfa(code), stack.totp(ALICE.totpSecret));
    expect(first).toMatchObject({ status: 'signed-in', user: ALICE.username, mfaAsked: 'yes' });
    // Amplify keeps the confirmed device in this origin's localStorage.
    expect(first.localDeviceKeys).toHaveLength(1);
    const deviceKey = first.localDeviceKeys[0];

    const refreshed = await page.evaluate(() => window.__demo.refresh());
    expect(refreshed.refreshCount).toBe(1);
    await page.evaluate(() => window.__demo.signOut());

    const second = await page.evaluate(({ email, password }) => window.__demo.signIn(email, password), ALICE);
    expect(second).toMatchObject({ status: 'signed-in', user: ALICE.username, mfaAsked: 'no', error: '' });
    expect(await testIdText(page, 'mfa-asked')).toBe('no');
    const listed: DemoState = await page.evaluate(() => window.__demo.listDevices());
    expect(listed.devices.map((d) => d.key)).toEqual([deviceKey]);
    await page.evaluate(() => window.__demo.signOut());
    await page.close();
  });

  it('amazon-cognito-identity-js: signing in through the page form asks for TOTP and succeeds', async () => {
    const page = await chromium.context.newPage();
    await page.goto(stack.acijUrl);
    await page.getByTestId('username').fill(BOB.email);
    await page.getByTestId('password').fill(BOB.password);
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('mfa-code').fill(stack.totp(BOB.totpSecret));
    await page.getByTestId('mfa-submit').click();
    await waitForTestIdText(page, 'status', 'signed-in');
    expect(await testIdText(page, 'signed-in-user')).toBe(BOB.username);
    expect(await testIdText(page, 'mfa-asked')).toBe('yes');
    expect(await testIdText(page, 'last-error')).toBe('');
    const state: DemoState = await page.evaluate(() => window.__demo.state());
    // ACIJ confirmed the new device itself, as it always does.
    expect(state.localDeviceKeys).toHaveLength(1);

    await page.getByTestId('signout').click();
    await waitForTestIdText(page, 'status', 'signed-out');
    await page.close();
  });
});

describe('demo sites in Firefox', () => {
  let firefox: FirefoxWithExtension;
  let page: PuppeteerPage;

  beforeAll(async () => {
    firefox = await launchFirefoxWithExtension();
  });

  afterAll(async () => {
    await firefox?.close();
  });

  it('the test build installs and the Amplify demo signs in with TOTP', async () => {
    page = await firefox.newPage();
    await firefox.gotoExtensionPage(page, 'popup/index.html');
    expect(await page.evaluate(() => location.origin)).toBe(firefox.extensionOrigin);

    await page.goto(stack.amplifyUrl);
    await page.evaluate(() => window.__demo.ready);
    const asked = await page.evaluate(
      (email, password) => window.__demo.signIn(email, password),
      CAROL.email,
      CAROL.password,
    );
    expect(asked.status).toBe('mfa-required');
    const signedIn = await page.evaluate(
      (code) => window.__demo.confirmMfa(code),
      stack.totp(CAROL.totpSecret),
    );
    expect(signedIn).toMatchObject({ status: 'signed-in', user: CAROL.username, mfaAsked: 'yes', error: '' });
  });
});
