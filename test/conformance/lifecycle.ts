// One cell's lifecycle, checked step by step: the first sign-in asks the second factor; the browser is
// enrolled with the secret out of the page; the next sign-in skips the factor; refresh keeps working;
// a device forgotten elsewhere (AdminForgetDevice) leads to the normal prompt and a fresh enrolment;
// the page never sees NewDeviceMetadata. The first step that goes wrong is the cell's reason.
import {
  AdminForgetDeviceCommand,
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { LocalDeviceView } from '../../src/messages/index.ts';
import { latestOutboxCode } from '../support/cognito-fixtures.ts';
import type { BrowserUnderTest, CellPage } from './browsers.ts';
import {
  type Cell,
  type CellOutcome,
  CUSTOM_CHALLENGE_ANSWER,
  cellUser,
  deviceSkipsFactor,
  keepsAsking,
  notApplicable,
} from './matrix.ts';
import type { ConformanceStep } from './pages/shared/contract.ts';
import { CELL_PASSWORD } from './seed.ts';

export interface World {
  emulatorUrl: string;
  admin: CognitoIdentityProviderClient;
  /** A fresh TOTP code the emulator accepts (its test clock moves on instead of waiting). */
  totp(secret: string): string;
  totpSecret(poolId: string, username: string): string;
  pageUrl(cell: Cell): string;
}

/** A failed check, with the step it failed at. */
class StepFailure extends Error {}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new StepFailure(message);
}

/** CONFORMANCE_DEBUG=1 prints each step with its duration on stderr. */
const debug = process.env.CONFORMANCE_DEBUG === '1';

async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    const result = await work();
    if (debug) process.stderr.write(`  ${name}: ${Date.now() - started} ms\n`);
    return result;
  } catch (error) {
    if (error instanceof StepFailure) throw new StepFailure(`${name}: ${error.message}`);
    // Playwright prefixes what the page threw with "page.evaluate: " (and "Error: " for plain Errors).
    const raw = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    const text = raw.replace(/^page\.evaluate: /, '').replace(/^Error: /, '');
    throw new StepFailure(`${name}: ${text}`);
  }
}

interface SignInResult {
  /** Second factors asked, in order ('TOTP', 'SMS', 'EMAIL', 'CUSTOM'). */
  asked: string[];
}

export async function runCell(browser: BrowserUnderTest, world: World, cell: Cell): Promise<CellOutcome> {
  const base = { client: cell.row.client, flow: cell.row.flow, pool: cell.pool.key, browser: cell.browser };
  const na = notApplicable(cell.row, cell.pool);
  if (na) return { ...base, result: 'n/a', reason: na };
  let page: CellPage | undefined;
  try {
    page = await step('open page', () => browser.openPage(world.pageUrl(cell)));
    const reason = await lifecycle(browser, world, cell, page);
    return { ...base, result: 'pass', reason };
  } catch (error) {
    return { ...base, result: 'fail', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await page?.close().catch(() => {});
  }
}

async function lifecycle(
  browser: BrowserUnderTest,
  world: World,
  cell: Cell,
  page: CellPage,
): Promise<string> {
  const { pool, row } = cell;
  const who = cellUser(cell);
  const canonical = await step('AdminGetUser', async () => {
    const user = await world.admin.send(
      new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: who.login }),
    );
    return user.Username ?? '';
  });
  const origin = new URL(world.pageUrl(cell)).origin;
  const skips = deviceSkipsFactor(row, pool);

  async function answerFor(s: ConformanceStep): Promise<string> {
    switch (s.kind) {
      case 'select':
        check(s.available.includes('PASSWORD_SRP'), `PASSWORD_SRP not offered (${s.available.join(', ')})`);
        return 'PASSWORD_SRP';
      case 'password':
        return CELL_PASSWORD;
      case 'custom':
        return CUSTOM_CHALLENGE_ANSWER;
      case 'code':
        if (s.factor === 'TOTP') return world.totp(world.totpSecret(pool.poolId, who.username));
        return latestOutboxCode(world.emulatorUrl, pool.poolId, canonical);
      default:
        throw new StepFailure(`unexpected step ${JSON.stringify(s)}`);
    }
  }

  async function signIn(): Promise<SignInResult> {
    const asked: string[] = [];
    let s = await page.call('signIn', row.signInFlow, who.login, CELL_PASSWORD);
    for (let round = 0; s.kind !== 'done'; round++) {
      check(round < 8, 'sign-in did not finish in 8 steps');
      if (s.kind === 'code') asked.push(s.factor);
      if (s.kind === 'custom') asked.push('CUSTOM');
      s = await page.call('answer', await answerFor(s));
    }
    return { asked };
  }

  async function deviceOf(): Promise<LocalDeviceView | undefined> {
    const mine = (await browser.localDevices()).filter(
      (d) => d.poolId === pool.poolId && d.username === canonical && d.origin === origin,
    );
    check(mine.length <= 1, `${mine.length} devices in the vault for one user and site`);
    return mine[0];
  }

  /** After a sign-in that asked the factor: the vault holds a device, remembered (opt-in: once the person says so). */
  async function enrolled(): Promise<LocalDeviceView> {
    const device = await deviceOf();
    check(device !== undefined, 'no device in the vault after the sign-in');
    if (pool.remember === 'prompt') {
      check(device.status === 'pending', `device is ${device.status}, expected pending on an opt-in pool`);
      await browser.background({
        type: 'devices.setRemembered',
        origin,
        poolId: pool.poolId,
        username: canonical,
        deviceKey: device.deviceKey,
        remembered: true,
      });
    } else check(device.status === 'remembered', `device is ${device.status}, expected remembered`);
    return device;
  }

  async function pageNeverSawSecrets(): Promise<void> {
    const seen = (await page.call('seen')).join('\n');
    check(seen.includes('AuthenticationResult'), 'the page saw no tokens at all');
    check(!seen.includes('NewDeviceMetadata'), 'the page received NewDeviceMetadata');
    const storage = await page.call('storage');
    for (const secret of await browser.vaultSecrets()) {
      for (const value of [secret.devicePassword, secret.deviceGroupKey]) {
        check(!seen.includes(value) && !storage.includes(value), 'a device secret reached the page');
      }
    }
  }

  /** The tokens of the page's last sign-in are bound to `device` (the access token's device_key). */
  async function boundTo(device: Pick<LocalDeviceView, 'deviceKey'>, what: string): Promise<void> {
    const results = (await page.call('seen')).flatMap((body) => {
      try {
        const parsed = JSON.parse(body) as { AuthenticationResult?: { AccessToken?: string } };
        return parsed.AuthenticationResult?.AccessToken ? [parsed.AuthenticationResult.AccessToken] : [];
      } catch {
        return [];
      }
    });
    const payload = results.at(-1)?.split('.')[1];
    const claims = payload
      ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>)
      : {};
    check(
      claims.device_key === device.deviceKey,
      `${what}: tokens not bound to the vault's device (device_key ${String(claims.device_key)})`,
    );
  }

  const expectSecond = async (
    result: SignInResult,
    device: Pick<LocalDeviceView, 'deviceKey'>,
    what: string,
  ) => {
    if (skips) check(result.asked.length === 0, `${what} asked ${result.asked.join(', ')} again`);
    else check(result.asked.length > 0, `${what} did not ask the ${pool.factor} code AWS keeps asking`);
    await boundTo(device, what);
  };

  if (row.managesDevices) {
    return siteManagesDevices({ signIn, deviceOf, expectSecond, skips });
  }

  // 1. First sign-in: the second factor, then enrolment.
  const first = await step('first sign-in', signIn);
  check(first.asked.length > 0, 'first sign-in: no second factor asked');
  const device = await step('enrolment', enrolled);
  await step('page secrets', pageNeverSawSecrets);

  // 2. Next sign-in: the device stands in for the factor.
  await step('sign-out', () => page.call('signOut', false));
  await expectSecond(await step('second sign-in', signIn), device, 'second sign-in');

  // 3. Refresh, twice (a rotated refresh token must work too).
  const jti1 = await step('refresh', () => page.call('refresh'));
  const jti2 = await step('second refresh', () => page.call('refresh'));
  check(jti1 !== jti2, 'refresh returned the same access token twice');

  if (row.extras.includes('acij-session')) {
    await step('getSession after expiry', async () => {
      await page.call('shiftClock', 2 * 3600_000);
      const jti3 = await page.call('sessionAfterExpiry');
      check(jti3 !== jti2, 'getSession kept the expired access token');
    });
  }
  if (row.extras.includes('amplify-devices') || row.extras.includes('acij-devices')) {
    await step('site lists devices', async () => {
      const listed = await page.call('listDevices');
      check(
        listed.includes(device.deviceKey),
        `the site's device list ${JSON.stringify(listed)} lacks the vault's device`,
      );
    });
  }
  if (row.extras.includes('amplify-devices')) {
    await step("site's rememberDevice()", () => page.call('rememberDevice'));
  }

  // 4. Forgotten elsewhere: the normal prompt, no error, and a fresh enrolment that works.
  await step('AdminForgetDevice', () =>
    world.admin.send(
      new AdminForgetDeviceCommand({
        UserPoolId: pool.poolId,
        Username: canonical,
        DeviceKey: device.deviceKey,
      }),
    ),
  );
  await step('sign-out', () => page.call('signOut', false));
  const afterForget = await step('sign-in after forget', signIn);
  check(afterForget.asked.length > 0, 'sign-in after AdminForgetDevice asked no second factor');
  const renewed = await step('re-enrolment', enrolled);
  check(renewed.deviceKey !== device.deviceKey, 'the forgotten device is still in the vault');
  await step('sign-out', () => page.call('signOut', false));
  await expectSecond(await step('sign-in after re-enrolment', signIn), renewed, 'sign-in after re-enrolment');

  // 5. The site's own device calls, once the extension's device is in place.
  if (row.extras.includes('acij-devices') || row.extras.includes('amplify-devices')) {
    await step("site's forgetDevice", async () => {
      await page.call('forgetDevice', row.extras.includes('acij-devices') ? renewed.deviceKey : undefined);
      const listed = await page.call('listDevices');
      check(!listed.includes(renewed.deviceKey), 'the device is still listed after forgetDevice');
    });
  }
  if (row.extras.includes('amplify-devices')) {
    await step('signOut({ global: true })', () => page.call('signOut', true));
  }
  await step('page secrets at the end', pageNeverSawSecrets);

  const factor = first.asked.join('+');

  /**
   * A site whose own code remembers and forgets devices, once the person chose "This site manages its own
   * devices": the extension keeps no device there and stays out of its sign-ins, and the site's library
   * does the device steps itself, as it would without the extension.
   */
  async function siteManagesDevices(h: {
    signIn: () => Promise<SignInResult>;
    deviceOf: () => Promise<LocalDeviceView | undefined>;
    expectSecond: (r: SignInResult, d: Pick<LocalDeviceView, 'deviceKey'>, what: string) => Promise<void>;
    skips: boolean;
  }): Promise<string> {
    await step('person turns on "This site manages its own devices"', async () => {
      const view = await browser.background<{ managesDevices?: unknown }>({
        type: 'site.setManagesDevices',
        origin,
        managesDevices: true,
      });
      check(view.managesDevices !== undefined, 'the site view does not show the choice');
    });
    const noVaultDevice = () =>
      step('no device in the vault', async () => {
        check((await h.deviceOf()) === undefined, 'the extension kept a device for this site');
      });
    const first = await step('first sign-in', h.signIn);
    check(first.asked.length > 0, 'first sign-in: no second factor asked');
    const pageKey = await step("the site's own device", async () => {
      const seen = (await page.call('seen')).join('\n');
      const key = /"NewDeviceMetadata":\{[^}]*"DeviceKey":"([^"]+)"/.exec(seen)?.[1];
      check(key !== undefined, 'the page never received its NewDeviceMetadata');
      return key;
    });
    await step("site's rememberDevice()", () => page.call('rememberDevice'));
    await step('site lists devices', async () => {
      const listed = await page.call('listDevices');
      check(listed.includes(pageKey), `the site's device list ${JSON.stringify(listed)} lacks its device`);
    });
    await noVaultDevice();
    await step('sign-out', () => page.call('signOut', false));
    await h.expectSecond(await step('second sign-in', h.signIn), { deviceKey: pageKey }, 'second sign-in');
    const jti1 = await step('refresh', () => page.call('refresh'));
    const jti2 = await step('second refresh', () => page.call('refresh'));
    check(jti1 !== jti2, 'refresh returned the same access token twice');
    await step("site's forgetDevice()", async () => {
      await page.call('forgetDevice');
      const listed = await page.call('listDevices');
      check(!listed.includes(pageKey), 'the device is still listed after forgetDevice');
    });
    await step('sign-out', () => page.call('signOut', false));
    const again = await step('sign-in after forgetDevice', h.signIn);
    check(again.asked.length > 0, 'sign-in after forgetDevice asked no second factor');
    await noVaultDevice();
    await step('signOut({ global: true })', () => page.call('signOut', true));
    const factor = first.asked.join('+');
    return (
      'the person chose "This site manages its own devices" (the site\'s code remembers and forgets devices, ' +
      `which needs the NewDeviceMetadata the extension would hide): asked ${factor}, Amplify's own ` +
      `rememberDevice / fetchDevices / forgetDevice work, ${h.skips ? 'its own device skipped the factor next time' : `the factor is asked each time as Cognito does (${keepsAsking(row, pool)})`}; ` +
      'refresh ok; the extension kept no device and stayed out'
    );
  }

  return skips
    ? `asked ${factor} once, enrolled, skipped it next time; refresh ok; re-enrolled after AdminForgetDevice`
    : `asked ${factor} each time as Cognito does (${keepsAsking(row, pool)}); the device is enrolled and its tokens bound to it; refresh ok; re-enrolled`;
}
