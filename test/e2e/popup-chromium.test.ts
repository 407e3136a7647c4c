// The real popup and options pages of the test build in Chromium, against the loopback emulator and
// the Amplify demo site: enable, see devices, don't remember, forget, answer an opt-in prompt.
// Every view is checked with axe-core and photographed (test-results/screenshots, docs/screenshots).
import {
  AdminListDevicesCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChromiumWithExtension, launchChromiumWithExtension } from '../../dev/chromium.ts';
import { signedOutPage, signInAnsweringMfa } from '../../dev/demo-page.ts';
import { ALICE, DEMO_POOL, ERIN, OPTIN_POOL } from '../../dev/demo-sites/fixtures.ts';
import { askBackground, localDevices } from '../../dev/extension.ts';
import {
  axeViolations,
  badgeText,
  createRemoteDevice,
  expireSessionTokens,
  openOptionsPage,
  openPopup,
  screenshot,
} from '../../dev/popup.ts';
import { type Stack, startStack } from '../../dev/stack.ts';
import type { LocalDeviceView, SiteView } from '../../src/messages/index.ts';

let stack: Stack;
let chromium: ChromiumWithExtension;
let site: string;
/** alice's device made by "another browser" (Node) before she signs in here. */
let otherDevice: string;

beforeAll(async () => {
  stack = await startStack();
  site = new URL(stack.amplifyUrl).origin;
  [chromium, otherDevice] = await Promise.all([
    launchChromiumWithExtension(),
    createRemoteDevice(stack.emulatorUrl, DEMO_POOL, ALICE, 'Work laptop', stack.totp),
  ]);
});
afterAll(async () => {
  await chromium?.close();
  await stack?.close();
});

async function expectAccessible(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

async function remoteKeys(username: string): Promise<string[]> {
  const admin = new CognitoIdentityProviderClient({
    endpoint: stack.emulatorUrl,
    region: DEMO_POOL.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  try {
    const out = await admin.send(
      new AdminListDevicesCommand({ UserPoolId: DEMO_POOL.id, Username: username }),
    );
    return (out.Devices ?? []).map((d) => d.DeviceKey ?? '');
  } finally {
    admin.destroy();
  }
}

const row = (popup: Page, deviceKey: string) =>
  popup.locator(`[data-testid="device-row"][data-device-key="${deviceKey}"]`);

describe('popup in Chromium', () => {
  it('enables the site, then shows the signed-in account, its pool and its devices with this browser marked', async () => {
    const before = await openPopup(chromium, site);
    await before.getByTestId('site-enable').waitFor();
    await expectAccessible(before);
    await screenshot(before, 'popup-site-not-enabled');
    await before.getByTestId('site-enable').click();
    await before.getByTestId('site-disable').waitFor();
    expect(await before.getByTestId('site-state').textContent()).toContain('Enabled');
    await before.close();

    const page = await signedOutPage(chromium.context, stack.amplifyUrl);
    expect(await signInAnsweringMfa(page, ALICE, stack.totp)).toMatchObject({
      status: 'signed-in',
      mfaAsked: 'yes',
    });
    await page.close();
    const [mine] = await localDevices(chromium);
    expect(mine).toMatchObject({ username: ALICE.username, status: 'remembered' });

    const popup = await openPopup(chromium, site);
    await row(popup, otherDevice).waitFor();
    const here = row(popup, mine!.deviceKey);
    await expect(here.getByTestId('this-browser').textContent()).resolves.toBe('This browser');
    expect(await row(popup, otherDevice).textContent()).toContain('Work laptop');
    expect(await row(popup, otherDevice).getByTestId('this-browser').count()).toBe(0);
    expect(await popup.getByTestId('site-clients').textContent()).toContain(DEMO_POOL.id);
    expect(await popup.getByTestId('site-clients').textContent()).toContain(DEMO_POOL.clientId);
    expect(await popup.getByTestId('summary-title').textContent()).toBe(
      `Remembered for ${ALICE.username} — next sign-in skips the code`,
    );
    // Pool and client ids are there for whoever needs them, folded away.
    expect(await popup.locator('details.tech').getAttribute('open')).toBeNull();
    await popup.getByRole('region', { name: 'Why is the code still asked?' }).waitFor();
    await expectAccessible(popup);
    await screenshot(popup, 'popup-site');
    // Keyboard: Tab reaches the controls in order, and the focused one shows a visible outline.
    await popup.keyboard.press('Tab');
    expect(
      await popup.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return { text: el.textContent, outline: style.outlineStyle, width: style.outlineWidth };
      }),
    ).toEqual({ text: 'Settings', outline: 'solid', width: '2px' });
    await popup.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(popup);
    await screenshot(popup, 'popup-site-dark');
    await popup.close();
  });

  it('forgets another device after a confirmation that names it', async () => {
    expect(await remoteKeys(ALICE.username)).toContain(otherDevice);
    const popup = await openPopup(chromium, site);
    await row(popup, otherDevice).getByTestId('device-forget').click();
    const confirm = popup.getByTestId('confirm');
    expect(await confirm.textContent()).toContain('Forget Work laptop?');
    await screenshot(popup, 'popup-confirm-forget');
    // Keyboard: focus sits on the confirm button.
    await popup.keyboard.press('Enter');
    await row(popup, otherDevice).waitFor({ state: 'detached' });
    expect(await remoteKeys(ALICE.username)).not.toContain(otherDevice);
    // This browser's device is untouched.
    expect((await localDevices(chromium)).map((d) => d.status)).toEqual(['remembered']);
    await popup.close();
  });

  it('forgets my other devices (a lost laptop) after a confirmation naming them, keeping this browser', async () => {
    const [mine] = await localDevices(chromium);
    const lost = await createRemoteDevice(stack.emulatorUrl, DEMO_POOL, ALICE, 'Lost laptop', stack.totp);
    const old = await createRemoteDevice(stack.emulatorUrl, DEMO_POOL, ALICE, 'Old phone', stack.totp);
    const popup = await openPopup(chromium, site);
    await row(popup, lost).waitFor();
    await popup.getByTestId('forget-others').click();
    const confirm = popup.getByTestId('confirm');
    const asked = (await confirm.textContent()) ?? '';
    expect(asked).toContain('Lost laptop');
    expect(asked).toContain('Old phone');
    await expectAccessible(popup);
    await screenshot(popup, 'popup-forget-others');
    await confirm.getByTestId('confirm-yes').click();
    expect(await popup.getByTestId('forget-others-result').textContent()).toMatch(
      /Forgot (Lost laptop, Old phone|Old phone, Lost laptop)\./,
    );
    expect(await remoteKeys(ALICE.username)).toEqual([mine!.deviceKey]);
    expect(await remoteKeys(ALICE.username)).not.toContain(old);
    expect((await localDevices(chromium)).map((d) => d.status)).toEqual(['remembered']);
    await popup.close();
  });

  it('sets this browser not remembered, and the next sign-in asks for MFA again', async () => {
    const [mine] = await localDevices(chromium);
    const popup = await openPopup(chromium, site);
    await row(popup, mine!.deviceKey).getByTestId('device-not-remember').click();
    await row(popup, mine!.deviceKey).getByTestId('device-remember').waitFor();
    expect(await row(popup, mine!.deviceKey).getByTestId('device-status').textContent()).toBe(
      'Not remembered',
    );
    await popup.close();
    expect((await localDevices(chromium))[0]?.status).toBe('not_remembered');

    const page = await signedOutPage(chromium.context, stack.amplifyUrl);
    expect(await signInAnsweringMfa(page, ALICE, stack.totp)).toMatchObject({
      status: 'signed-in',
      mfaAsked: 'yes',
    });
    await page.close();
    // The status block and the doctor say why the code was asked, and what changes it.
    const after = await openPopup(chromium, site);
    await after.getByTestId('finding').first().waitFor();
    expect(await after.getByTestId('summary-title').textContent()).toBe(
      `Not remembered for ${ALICE.username} — the code is asked each time`,
    );
    expect(await after.getByTestId('finding').first().getAttribute('data-code')).toBe(
      'device-not-remembered',
    );
    await expectAccessible(after);
    await screenshot(after, 'popup-doctor');
    await after.close();
  });

  it('asks "remember this browser?" for an opt-in pool (the tab\'s badge shows it); yes makes the next sign-in skip MFA', async () => {
    const status = await askBackground<SiteView>(chromium, { type: 'site.status', origin: site });
    expect(status.policy).toBe('ask');
    const page = await signedOutPage(chromium.context, `${stack.amplifyUrl}?pool=optin`);
    expect(await signInAnsweringMfa(page, ERIN, stack.totp)).toMatchObject({
      status: 'signed-in',
      mfaAsked: 'yes',
    });
    const pending = (await localDevices(chromium)).find((d) => d.username === ERIN.username);
    expect(pending?.status).toBe('pending');
    await expect.poll(() => badgeText(chromium, page)).toBe('?');

    const popup = await openPopup(chromium, site);
    const prompt = popup.getByTestId('prompt');
    expect(await prompt.textContent()).toContain(`Remember this browser for ${ERIN.username} on ${site}?`);
    await expectAccessible(popup);
    await screenshot(popup, 'popup-prompt');
    await prompt.getByTestId('prompt-yes').click();
    await prompt.waitFor({ state: 'detached' });
    await popup.close();
    const answered = (await localDevices(chromium)).find((d) => d.username === ERIN.username);
    expect(answered?.status).toBe('remembered');
    await expect.poll(() => badgeText(chromium, page)).toBe('✓');

    await page.evaluate(() => window.__demo.signOut());
    expect(await signInAnsweringMfa(page, ERIN, stack.totp)).toMatchObject({
      status: 'signed-in',
      mfaAsked: 'no',
    });
    expect(OPTIN_POOL.optIn).toBe(true);
    await page.close();
  });

  it('lists every device in this browser and the activity log', async () => {
    const browserView = await openPopup(chromium, site, 'browser');
    const items = browserView.getByTestId('local-device');
    await items.first().waitFor();
    expect(await items.count()).toBe(2);
    await expectAccessible(browserView);
    await screenshot(browserView, 'popup-browser');
    await browserView.close();

    const activity = await openPopup(chromium, site, 'activity');
    const log = activity.getByTestId('activity-list');
    await log.waitFor();
    const text = (await log.textContent()) ?? '';
    for (const kind of [
      'Site enabled',
      'Browser remembered',
      'Device forgotten',
      'Set to not remembered',
      'Set to remembered',
    ])
      expect(text).toContain(kind);
    await expectAccessible(activity);
    await screenshot(activity, 'popup-activity');
    await activity.close();
  });

  it('says what to do when the session token has expired; the local record stays removable', async () => {
    expect(await expireSessionTokens(chromium)).toBeGreaterThan(0);
    const popup = await openPopup(chromium, site);
    const problem = popup.getByTestId('token-problem').first();
    await problem.waitFor();
    expect(await problem.textContent()).toContain('Sign in on the site again');
    await expectAccessible(popup);
    await screenshot(popup, 'popup-token-expired');
    await popup.getByTestId('tab-browser').click();
    const erinRow = popup.getByTestId('local-device').filter({ hasText: ERIN.username });
    await erinRow.getByTestId('local-remove').click();
    await popup.getByTestId('confirm-yes').click();
    await erinRow.waitFor({ state: 'detached' });
    expect((await localDevices(chromium)).map((d: LocalDeviceView) => d.username)).toEqual([ALICE.username]);
    await popup.close();
  });

  it('options page: every site with its custom endpoint, settings import; accessible', async () => {
    const options = await openOptionsPage(chromium);
    const card = options.getByTestId('options-site').first();
    await card.waitFor();
    await card.getByTestId('endpoint-input').fill(stack.emulatorUrl);
    await card.getByTestId('endpoint-save').click();
    await card.getByText('Saved.').waitFor();
    const status = await askBackground<SiteView>(chromium, { type: 'site.status', origin: site });
    expect(status.customEndpoint).toBe(new URL(stack.emulatorUrl).href);
    // The demo's clients were learned through that same endpoint: they stay bound.
    expect(status.clients.map((c) => c.endpoint)).toEqual([status.customEndpoint, status.customEndpoint]);
    const exported = await askBackground<unknown>(chromium, { type: 'settings.export' });
    expect(exported).toEqual({
      format: 'device-companion-settings',
      version: 1,
      sites: [{ origin: site, policy: 'ask', customEndpoint: new URL(stack.emulatorUrl).href }],
    });

    await options.getByTestId('settings-import').setInputFiles({
      name: 'settings.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({
          format: 'device-companion-settings',
          version: 1,
          sites: [{ origin: site, policy: 'never' }],
        }),
      ),
    });
    // The preview names the change before anything is applied; the person confirms it.
    expect(await options.getByTestId('import-preview').textContent()).toContain('Policy: Ask me → Never');
    await options.getByTestId('import-confirm').click();
    expect(await options.getByTestId('import-result').textContent()).toContain(
      'Imported settings for 1 site(s).',
    );
    expect((await askBackground<SiteView>(chromium, { type: 'site.status', origin: site })).policy).toBe(
      'never',
    );
    const badRequest = await options.evaluate(() =>
      chrome.runtime.sendMessage({
        type: 'settings.import',
        settings: {
          format: 'device-companion-settings',
          version: 1,
          sites: [{ origin: 'https://a.example', policy: 'ask', devicePassword: 'x' }],
        },
      }),
    );
    expect(badRequest).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    await expectAccessible(options);
    await screenshot(options, 'options');
    await options.close();
  });
});
