// The loopback world the demo, the tests and the scripts run against: the Cognito emulator seeded
// with dev/demo-sites/seed.json and the two demo sites (Amplify v6, amazon-cognito-identity-js), each site on
// its own origin. Started here and nowhere else.

import { type EmulatorOptions, startEmulator } from '../emulator/index.ts';
import { TestClock, TotpCodes } from './clock.ts';
import { DEMO_SEED_PATH } from './demo-sites/fixtures.ts';
import { startDemoSites } from './demo-sites/server.ts';
import { SetupError } from './setup-error.ts';

export interface DemoStack {
  /** Base URL of the emulator (Cognito endpoint and /_emulator/* control routes), no trailing slash. */
  emulatorUrl: string;
  /** http://127.0.0.1:<port>/ — add `?pool=optin` for the opt-in pool. */
  amplifyUrl: string;
  acijUrl: string;
  close(): Promise<void>;
}

export interface Stack extends DemoStack {
  /**
   * A TOTP code for a demo user that this stack's emulator accepts and has not seen: the emulator runs
   * on a test clock that moves to the next 30 s window instead of the test waiting for it.
   */
  totp(secretBase32: string): string;
}

async function startWorld(emulatorOptions: EmulatorOptions, portBase: number): Promise<DemoStack> {
  const emulator = await startEmulator({
    seed: DEMO_SEED_PATH,
    quiet: true,
    ...emulatorOptions,
    port: portBase,
  });
  try {
    const sites = await startDemoSites({
      emulatorUrl: emulator.url,
      amplifyPort: portBase && portBase + 1,
      acijPort: portBase && portBase + 2,
    });
    return {
      emulatorUrl: emulator.url,
      amplifyUrl: sites.amplifyUrl,
      acijUrl: sites.acijUrl,
      async close() {
        await sites.close();
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

/**
 * For tests and scripts: ephemeral ports and a test clock. Emulator options pass through (dataFile to
 * survive an emulator restart, a different seed...). Take codes from `stack.totp`, not from the real
 * clock: once it has moved the emulator's clock on, real-time codes (the demo pages' listing,
 * freshTotp) no longer match. TIMESTAMP skew is widened accordingly, as pages sign with the real time.
 */
export async function startStack(emulatorOptions: EmulatorOptions = {}): Promise<Stack> {
  const clock = new TestClock();
  const codes = new TotpCodes(clock);
  const world = await startWorld({ now: clock.now, timestampSkewSeconds: 24 * 3600, ...emulatorOptions }, 0);
  return { ...world, totp: (secret) => codes.code(secret) };
}

/**
 * For people: real time, so the codes an authenticator app (or the page's list) shows are accepted.
 * With `portBase` the emulator listens on it and the sites on +1 and +2, so the origins (and with
 * them the extension's enabled sites and each site's storage) stay the same across runs.
 */
export async function startDemoStack(portBase = 0): Promise<DemoStack> {
  try {
    return await startWorld({}, portBase);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new SetupError(
        `Port ${portBase}, ${portBase + 1} or ${portBase + 2} is in use (another npm start?). Stop it, or move the demo: DEMO_PORT_BASE=9500 npm start`,
      );
    throw error;
  }
}
