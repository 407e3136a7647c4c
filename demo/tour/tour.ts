// The guided tour: the whole product story in one browser, against the seeded emulator, each step
// checked, timed, narrated and photographed. `npm start` runs it when there is no display (and CI runs it).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoState } from '../../dev/demo-sites/contract.ts';
import { ALICE, DEMO_POOL, totpNow, totpRemainingMs } from '../../dev/demo-sites/fixtures.ts';
import type { LocalDeviceView, RemoteDeviceView, SiteView } from '../../src/messages/index.ts';
import type { DemoBrowser, PopupTab, SiteTab } from './browsers.ts';

export interface TourOptions {
  /** The demo site to use (Amplify by default), e.g. http://127.0.0.1:8501/ */
  siteUrl: string;
  /** Screenshots go to <outDir>/<browser>-NN-<slug>.png */
  outDir: string;
  /** How to show outDir in the narration (e.g. relative to the repository). */
  shownOutDir?: string;
  log?: (line: string) => void;
}

export interface StepResult {
  title: string;
  ok: boolean;
  ms: number;
  detail: string;
  screenshot?: string;
}

class Unexpected extends Error {}

function expectThat(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Unexpected(message);
}

const describeState = (s: DemoState) =>
  `${s.status}${s.user ? ` as ${s.user}` : ''}${s.status === 'signed-in' && s.mfaAsked ? `, MFA asked: ${s.mfaAsked}` : ''}${s.error ? `, error "${s.error}"` : ''}`;

/** Cognito accepts a TOTP code once: the second MFA of the tour waits for the next code if needed. */
const usedCodes = new Set<string>();
async function freshCode(log: (line: string) => void): Promise<string> {
  let code = totpNow(ALICE.totpSecret);
  if (usedCodes.has(code)) {
    const wait = totpRemainingMs() + 100;
    log(`        (code ${code} was used already: waiting ${(wait / 1000).toFixed(0)} s for the next one)`);
    await new Promise((r) => setTimeout(r, wait));
    code = totpNow(ALICE.totpSecret);
  }
  usedCodes.add(code);
  return code;
}

export interface TourOutcome {
  /** Steps in the tour; a failed step ends it, so results may be fewer. */
  steps: number;
  /** Every step's title, in order, including those a failure kept from running. */
  titles: string[];
  results: StepResult[];
}

export async function runTour(browser: DemoBrowser, options: TourOptions): Promise<TourOutcome> {
  const log = options.log ?? ((line: string) => console.log(line));
  mkdirSync(options.outDir, { recursive: true });
  const origin = new URL(options.siteUrl).origin;
  const user = ALICE;
  const account = { origin, poolId: DEMO_POOL.id, username: user.username };
  const results: StepResult[] = [];
  let site: SiteTab | undefined;
  let popup: PopupTab | undefined;
  let forgottenKey = '';

  const shot = async (tab: SiteTab | PopupTab | undefined, slug: string): Promise<string | undefined> => {
    if (!tab) return undefined;
    const name = `${browser.name}-${String(results.length + 1).padStart(2, '0')}-${slug}.png`;
    await tab.screenshot(join(options.outDir, name));
    return join(options.shownOutDir ?? options.outDir, name);
  };
  const signedInOnce = async (): Promise<DemoState> => {
    if (!site) throw new Unexpected('no site tab');
    return site.demo('signIn', user.email, user.password);
  };
  const vaultDevices = async (): Promise<LocalDeviceView[]> =>
    ((await popup?.send<LocalDeviceView[]>({ type: 'vault.list' })) ?? []).filter(
      (d) => d.poolId === account.poolId && d.username === account.username,
    );

  const steps: { title: string; run: () => Promise<{ detail: string; screenshot?: string }> }[] = [
    {
      title: `Enable ${origin} in the extension (its popup page)`,
      async run() {
        popup = await browser.openPopup(origin);
        const view = await popup.send<SiteView>({ type: 'site.enable', origin });
        expectThat(view.enabled, 'the site did not become enabled');
        await popup.reload();
        return {
          detail: `enabled, remembering policy "${view.policy}"`,
          screenshot: await shot(popup, 'popup-enabled'),
        };
      },
    },
    {
      title: `Sign in as ${user.email}: the pool asks for a TOTP code`,
      async run() {
        site = await browser.openSite(options.siteUrl);
        const state = await signedInOnce();
        expectThat(state.status === 'mfa-required', `expected an MFA prompt, got ${describeState(state)}`);
        return { detail: describeState(state), screenshot: await shot(site, 'mfa-asked') };
      },
    },
    {
      title: 'Answer with the authenticator code',
      async run() {
        if (!site) throw new Unexpected('no site tab');
        const state = await site.demo('confirmMfa', await freshCode(log));
        expectThat(
          state.status === 'signed-in' && state.mfaAsked === 'yes',
          `expected signed in after MFA, got ${describeState(state)}`,
        );
        return { detail: describeState(state), screenshot: await shot(site, 'signed-in-with-mfa') };
      },
    },
    {
      title: 'The extension enrolled this browser as a Cognito device, out of the page’s reach',
      async run() {
        const devices = await vaultDevices();
        const device = devices[0];
        expectThat(
          devices.length === 1 && device !== undefined,
          `expected one device in the vault, found ${devices.length}`,
        );
        expectThat(device.status === 'remembered', `device status is ${device.status}, expected remembered`);
        const page = await site?.demo('state');
        expectThat((page?.localDeviceKeys.length ?? 0) === 0, 'the page kept a device key of its own');
        await popup?.reload();
        return {
          detail: `"${device.deviceName}" ${device.deviceKey}, ${device.status}; the page's localStorage holds no device`,
          screenshot: await shot(popup, 'popup-device-enrolled'),
        };
      },
    },
    {
      title: 'Sign out',
      async run() {
        if (!site) throw new Unexpected('no site tab');
        const state = await site.demo('signOut');
        expectThat(state.status === 'signed-out', `expected signed out, got ${describeState(state)}`);
        return { detail: describeState(state) };
      },
    },
    {
      title: 'Sign in again with the password alone: no MFA',
      async run() {
        const state = await signedInOnce();
        expectThat(
          state.status === 'signed-in' && state.mfaAsked === 'no',
          `expected signed in without MFA, got ${describeState(state)}`,
        );
        return {
          detail: `${describeState(state)}; sign-in took ${Math.round(state.lastSignInMs ?? Number.NaN)} ms`,
          screenshot: await shot(site, 'signed-in-without-mfa'),
        };
      },
    },
    {
      title: 'The popup lists the account’s devices from Cognito',
      async run() {
        if (!popup) throw new Unexpected('no popup');
        const remote = await popup.send<RemoteDeviceView[]>({ type: 'devices.list', ...account });
        const mine = remote.find((d) => d.thisBrowser);
        expectThat(mine !== undefined, `no device marked as this browser among ${remote.length}`);
        forgottenKey = mine.deviceKey;
        await popup.reload();
        return {
          detail: `${remote.length} device(s); this browser: "${mine.name ?? '?'}" ${mine.deviceKey}`,
          screenshot: await shot(popup, 'popup-devices'),
        };
      },
    },
    {
      title: 'Forget this browser’s device from the popup',
      async run() {
        if (!popup) throw new Unexpected('no popup');
        await popup.send({ type: 'devices.forget', ...account, deviceKey: forgottenKey });
        const remote = await popup.send<RemoteDeviceView[]>({ type: 'devices.list', ...account });
        expectThat(
          !remote.some((d) => d.deviceKey === forgottenKey),
          'Cognito still lists the forgotten device',
        );
        expectThat((await vaultDevices()).length === 0, 'the vault still holds the device');
        await popup.reload();
        return {
          detail: `Cognito lists ${remote.length} device(s); the vault holds none for ${user.username}`,
          screenshot: await shot(popup, 'popup-forgotten'),
        };
      },
    },
    {
      title: 'Sign out and in: MFA again, and the browser enrolls afresh',
      async run() {
        if (!site) throw new Unexpected('no site tab');
        await site.demo('signOut');
        const asked = await signedInOnce();
        expectThat(asked.status === 'mfa-required', `expected an MFA prompt, got ${describeState(asked)}`);
        const state = await site.demo('confirmMfa', await freshCode(log));
        expectThat(state.status === 'signed-in', `expected signed in after MFA, got ${describeState(state)}`);
        const devices = await vaultDevices();
        expectThat(
          devices.length === 1 && devices[0]?.deviceKey !== forgottenKey,
          'expected one new device in the vault',
        );
        return {
          detail: `MFA asked again; new device ${devices[0]?.deviceKey}`,
          screenshot: await shot(site, 'mfa-again'),
        };
      },
    },
  ];

  for (const [i, step] of steps.entries()) {
    const started = performance.now();
    const label = `[${i + 1}/${steps.length}] ${step.title}`;
    log(label);
    try {
      const { detail, screenshot } = await step.run();
      const ms = Math.round(performance.now() - started);
      results.push({ title: step.title, ok: true, ms, detail, ...(screenshot ? { screenshot } : {}) });
      log(`   ✓ ${ms} ms  ${detail}${screenshot ? `\n        ${screenshot}` : ''}`);
    } catch (error) {
      const ms = Math.round(performance.now() - started);
      const detail = error instanceof Error ? error.message : String(error);
      const screenshot = await shot(site, 'failed').catch(() => undefined);
      results.push({ title: step.title, ok: false, ms, detail, ...(screenshot ? { screenshot } : {}) });
      log(`   ✗ ${ms} ms  ${detail}${screenshot ? `\n        ${screenshot}` : ''}`);
      // Later steps build on this one: stop rather than report a cascade.
      break;
    }
  }
  return { steps: steps.length, titles: steps.map((s) => s.title), results };
}
