// The product, end to end in real Chromium with the test build: the extension remembers the device
// so a trusted browser skips MFA, on both demo sites, against the loopback emulator.
import {
  AdminForgetDeviceCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { launchChromiumWithExtension } from '../../dev/chromium.ts';
import { openDemoPage, signedOutPage, signInAnsweringMfa } from '../../dev/demo-page.ts';
import type { DemoState } from '../../dev/demo-sites/contract.ts';
import { DEMO_POOL, type DemoUser, OPTIN_POOL } from '../../dev/demo-sites/fixtures.ts';
import {
  askBackground,
  enableSiteInPopup,
  ensureSiteEnabled,
  fetchSource,
  localDevices,
  pageStorageDump,
  recordPageResponses,
  seenResponses,
  vaultSecrets,
} from '../../dev/extension.ts';
import { useStackAndBrowser } from '../support/browser-stack.ts';

const user = (pool: typeof DEMO_POOL, name: string): DemoUser => {
  const found = pool.users.find((u) => u.username === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
};

const { stack, browser: chromium } = useStackAndBrowser(launchChromiumWithExtension);

const origin = (url: string) => new URL(url).origin;

async function signInOnFreshPage(url: string, u: DemoUser): Promise<{ page: Page; state: DemoState }> {
  const page = await signedOutPage(chromium.context, url);
  const state = await signInAnsweringMfa(page, u, stack.totp);
  return { page, state };
}

describe('extension in Chromium', () => {
  it('leaves an origin that is not enabled alone: native fetch, no device in the vault', async () => {
    const { page, state } = await signInOnFreshPage(stack.acijUrl, user(DEMO_POOL, 'alice'));
    expect(await fetchSource(page)).toBe('function fetch() { [native code] }');
    expect(state.status).toBe('signed-in');
    expect(state.mfaAsked).toBe('yes');
    expect(await localDevices(chromium)).toEqual([]);
    await page.close();
  });

  it('enrolls on the first sign-in (with TOTP), then signs in without MFA; refresh works; the page never sees device secrets', async () => {
    await enableSiteInPopup(chromium, origin(stack.amplifyUrl));
    const bob = user(DEMO_POOL, 'bob');
    const page = await signedOutPage(chromium.context, stack.amplifyUrl);
    expect(await fetchSource(page)).not.toBe('function fetch() { [native code] }');
    await recordPageResponses(page);

    const first = await signInAnsweringMfa(page, bob, stack.totp);
    expect(first).toMatchObject({ status: 'signed-in', mfaAsked: 'yes', user: bob.username });
    const devices = await localDevices(chromium);
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ poolId: DEMO_POOL.id, username: bob.username, status: 'remembered' });
    expect(devices[0]?.origin).toBe(origin(stack.amplifyUrl));
    // Amplify never got NewDeviceMetadata, so it keeps no device of its own.
    expect(first.localDeviceKeys).toEqual([]);

    await page.evaluate(() => window.__demo.signOut());
    const second = await page.evaluate(({ email, password }) => window.__demo.signIn(email, password), bob);
    expect(second).toMatchObject({ status: 'signed-in', mfaAsked: 'no' });
    const refreshed = await page.evaluate(() => window.__demo.refresh());
    expect(refreshed.refreshCount).toBeGreaterThan(0);
    expect(refreshed.error).toBe('');

    const secrets = await vaultSecrets(chromium);
    const seen = (await seenResponses(page)).join('\n');
    const storage = await pageStorageDump(page);
    expect(seen).toContain('AuthenticationResult');
    expect(seen).not.toContain('NewDeviceMetadata');
    for (const s of secrets) {
      for (const secret of [s.devicePassword, s.deviceGroupKey]) {
        expect(seen).not.toContain(secret);
        expect(storage).not.toContain(secret);
      }
    }
    await page.close();
  });

  it('passes non-Cognito traffic through untouched and carries XHR Cognito calls too', async () => {
    const { page } = await openDemoPage(chromium.context, stack.amplifyUrl);
    const outcome = await page.evaluate(async (emulatorUrl) => {
      const direct = await fetch('/config.json');
      const viaRequest = await fetch(new Request('/config.json'));
      const reader = (await fetch('/config.json')).body!.getReader();
      const firstChunk = await reader.read();
      const controller = new AbortController();
      const aborted = fetch('/config.json', { signal: controller.signal });
      controller.abort();
      const abortError = await aborted.then(
        () => 'resolved',
        (e: Error) => e.name,
      );
      const networkError = await fetch('http://127.0.0.1:1/').then(
        () => 'resolved',
        (e: Error) => e.constructor.name,
      );
      // A Cognito call the device flows do not join goes out natively (a real Response has its URL).
      const getUser = await fetch(`${emulatorUrl}/`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': 'AWSCognitoIdentityProviderService.GetUser',
        },
        body: JSON.stringify({ AccessToken: 'x' }),
      });
      const xhr = await new Promise<{ status: number; text: string; url: string; events: string[] }>(
        (resolve) => {
          const x = new XMLHttpRequest();
          const events: string[] = [];
          x.open('POST', `${emulatorUrl}/`);
          x.setRequestHeader('Content-Type', 'application/x-amz-json-1.1');
          x.setRequestHeader('X-Amz-Target', 'AWSCognitoIdentityProviderService.InitiateAuth');
          x.onreadystatechange = () => events.push(`rs${x.readyState}`);
          x.onload = () => events.push('load');
          x.onloadend = () => resolve({ status: x.status, text: x.responseText, url: x.responseURL, events });
          x.send(
            JSON.stringify({
              AuthFlow: 'USER_SRP_AUTH',
              ClientId: 'democlient000000000000000a',
              AuthParameters: { USERNAME: 'alice@example.com', SRP_A: 'abcdef0123456789' },
            }),
          );
        },
      );
      return {
        directUrl: direct.url,
        directType: direct.type,
        requestOk: viaRequest.ok,
        streamed: firstChunk.value instanceof Uint8Array,
        abortError,
        networkError,
        getUserUrl: getUser.url,
        getUserStatus: getUser.status,
        xhr,
      };
    }, stack.emulatorUrl);
    expect(outcome.directUrl).toBe(new URL('/config.json', stack.amplifyUrl).href);
    expect(outcome.directType).toBe('basic');
    expect(outcome.requestOk).toBe(true);
    expect(outcome.streamed).toBe(true);
    expect(outcome.abortError).toBe('AbortError');
    expect(outcome.networkError).toBe('TypeError');
    expect(outcome.getUserUrl).toBe(`${stack.emulatorUrl}/`);
    expect(outcome.getUserStatus).toBe(400);
    expect(outcome.xhr.status).toBe(200);
    expect(JSON.parse(outcome.xhr.text).ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(outcome.xhr.url).toBe(`${stack.emulatorUrl}/`);
    expect(outcome.xhr.events).toEqual(expect.arrayContaining(['rs4', 'load']));
    await page.close();
  });

  it('recovers when the device was forgotten elsewhere: MFA again without an error, then a fresh enrollment', async () => {
    const bob = user(DEMO_POOL, 'bob');
    const [before] = (await localDevices(chromium)).filter((d) => d.username === bob.username);
    expect(before).toBeDefined();
    const admin = new CognitoIdentityProviderClient({
      endpoint: stack.emulatorUrl,
      region: DEMO_POOL.region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await admin.send(
      new AdminForgetDeviceCommand({
        UserPoolId: DEMO_POOL.id,
        Username: bob.username,
        DeviceKey: before!.deviceKey,
      }),
    );
    const { page, state } = await signInOnFreshPage(stack.amplifyUrl, bob);
    expect(state).toMatchObject({ status: 'signed-in', mfaAsked: 'yes', error: '' });
    const [after] = (await localDevices(chromium)).filter((d) => d.username === bob.username);
    expect(after?.deviceKey).toBeDefined();
    expect(after?.deviceKey).not.toBe(before!.deviceKey);
    await page.evaluate(() => window.__demo.signOut());
    expect(
      await page.evaluate(({ email, password }) => window.__demo.signIn(email, password), bob),
    ).toMatchObject({
      mfaAsked: 'no',
    });
    await page.close();
  });

  it('completes every step when the service worker is stopped before it', async () => {
    const carol = user(DEMO_POOL, 'carol');
    const page = await signedOutPage(chromium.context, stack.amplifyUrl);
    await chromium.stopWorker();
    expect(
      (await page.evaluate(({ email, password }) => window.__demo.signIn(email, password), carol)).status,
    ).toBe('mfa-required');
    await chromium.stopWorker();
    const code = stack.totp(carol.totpSecret);
    expect(await page.evaluate((c) => window.__demo.confirmMfa(c), code)).toMatchObject({
      status: 'signed-in',
    });
    await chromium.stopWorker();
    await page.evaluate(() => window.__demo.signOut());
    await chromium.stopWorker();
    expect(
      await page.evaluate(({ email, password }) => window.__demo.signIn(email, password), carol),
    ).toMatchObject({
      status: 'signed-in',
      mfaAsked: 'no',
    });
    await chromium.stopWorker();
    expect((await page.evaluate(() => window.__demo.refresh())).error).toBe('');
    await page.close();
  });

  it('works the same on the amazon-cognito-identity-js site, in a tab that was open before the site was enabled', async () => {
    const dave = user(DEMO_POOL, 'dave');
    const page = await signedOutPage(chromium.context, stack.acijUrl);
    expect(await fetchSource(page)).toBe('function fetch() { [native code] }');
    await enableSiteInPopup(chromium, origin(stack.acijUrl));
    // No reload: enabling injects the scripts into the site's open tabs.
    expect(await fetchSource(page)).not.toBe('function fetch() { [native code] }');
    // alice's own ACIJ device from the first test (site not enabled then) stays; dave gets none in the page.
    const keysBefore = (await page.evaluate(() => window.__demo.state())).localDeviceKeys;
    const state = await signInAnsweringMfa(page, dave, stack.totp);
    expect(state).toMatchObject({ status: 'signed-in', mfaAsked: 'yes' });
    expect(state.localDeviceKeys).toEqual(keysBefore);
    expect((await localDevices(chromium)).some((d) => d.username === dave.username)).toBe(true);
    await page.evaluate(() => window.__demo.signOut());
    expect(
      await page.evaluate(({ email, password }) => window.__demo.signIn(email, password), dave),
    ).toMatchObject({
      status: 'signed-in',
      mfaAsked: 'no',
    });
    await page.close();
  });

  it('on an opt-in pool, policy "ask" keeps MFA until the person says remember; policy "always" remembers at once', async () => {
    const optinUrl = `${stack.amplifyUrl}?pool=optin`;
    const siteOrigin = origin(stack.amplifyUrl);
    await askBackground(chromium, { type: 'site.setPolicy', origin: siteOrigin, policy: 'ask' });
    const erin = user(OPTIN_POOL, 'erin');
    const { page, state } = await signInOnFreshPage(optinUrl, erin);
    expect(state.mfaAsked).toBe('yes');
    const [pending] = (await localDevices(chromium)).filter((d) => d.username === erin.username);
    expect(pending?.status).toBe('pending');
    await page.evaluate(() => window.__demo.signOut());
    expect((await signInAnsweringMfa(page, erin, stack.totp)).mfaAsked).toBe('yes');
    await askBackground(chromium, {
      type: 'devices.setRemembered',
      origin: pending!.origin,
      poolId: OPTIN_POOL.id,
      username: erin.username,
      deviceKey: pending!.deviceKey,
      remembered: true,
    });
    await page.evaluate(() => window.__demo.signOut());
    expect((await signInAnsweringMfa(page, erin, stack.totp)).mfaAsked).toBe('no');

    await page.evaluate(() => window.__demo.signOut());
    await askBackground(chromium, { type: 'site.setPolicy', origin: siteOrigin, policy: 'always' });
    const frank = user(OPTIN_POOL, 'frank');
    expect((await signInAnsweringMfa(page, frank, stack.totp)).mfaAsked).toBe('yes');
    const [remembered] = (await localDevices(chromium)).filter((d) => d.username === frank.username);
    expect(remembered?.status).toBe('remembered');
    await page.evaluate(() => window.__demo.signOut());
    expect((await signInAnsweringMfa(page, frank, stack.totp)).mfaAsked).toBe('no');
    await page.close();
  });

  it('keeps the device and the site across browser restarts; a page loaded as the browser starts gets the hook', async () => {
    // Chromium reads registered scripts back, and delivers the fresh worker's first tab events,
    // only some time after it starts: about half the pages loaded at once missed the scripts, and
    // one in four was also missed by the tab listener (before the start-up sweep). Several
    // restarts make a regression here show up in one run.
    const restarts = 5;
    const bob = user(DEMO_POOL, 'bob');
    // Its own preconditions (the site enabled, bob's device remembered), so the case passes alone
    // (`-t "browser restarts"`) as well as after the tests above that leave the same state.
    await ensureSiteEnabled(chromium, origin(stack.amplifyUrl));
    const before = await signInOnFreshPage(stack.amplifyUrl, bob);
    expect(before.state.status).toBe('signed-in');
    await before.page.evaluate(() => window.__demo.signOut());
    await before.page.close();
    expect(
      (await localDevices(chromium)).some((d) => d.username === bob.username && d.status === 'remembered'),
    ).toBe(true);
    for (let i = 0; i < restarts; i++) {
      await chromium.restart();
      const page = await chromium.context.newPage();
      await page.goto(stack.amplifyUrl);
      // From the registered scripts, or injected by the background once the page has loaded.
      await page.waitForFunction(
        () => !Function.prototype.toString.call(window.fetch).includes('fetch()'),
        null,
        { timeout: 30_000 },
      );
      if (i === restarts - 1) {
        const state = await page.evaluate(() => window.__demo.ready);
        if (state.status === 'signed-in') await page.evaluate(() => window.__demo.signOut());
        expect(await signInAnsweringMfa(page, bob, stack.totp)).toMatchObject({
          status: 'signed-in',
          mfaAsked: 'no',
        });
      }
      await page.close();
    }
    console.log(`[restart] ${restarts}/${restarts} pages loaded at browser start got the hook`);
  });
});
