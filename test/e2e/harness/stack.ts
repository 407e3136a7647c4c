// The loopback world e2e tests run against: the Cognito emulator seeded with demo/seed.json and the
// two demo sites (Amplify v6, amazon-cognito-identity-js), each on its own origin.
import { DEMO_SEED_PATH } from '../../../demo/fixtures.ts';
import { startDemoSites } from '../../../demo/server.ts';
import { type EmulatorOptions, startEmulator } from '../../../emulator/index.ts';
import { TestClock, TotpCodes } from '../../support/cognito-fixtures.ts';

export interface Stack {
  /** Base URL of the emulator (Cognito endpoint and /_emulator/* control routes), no trailing slash. */
  emulatorUrl: string;
  /** http://127.0.0.1:<port>/ — add `?pool=optin` for the opt-in pool. */
  amplifyUrl: string;
  acijUrl: string;
  /**
   * A TOTP code for a demo user that this stack's emulator accepts and has not seen: the emulator runs
   * on a test clock that moves to the next 30 s window instead of the test waiting for it.
   */
  totp(secretBase32: string): string;
  close(): Promise<void>;
}

/**
 * Emulator options pass through (dataFile to survive an emulator restart, a different seed...).
 * Take codes from `stack.totp`, not from the real clock: once it has moved the emulator's clock on,
 * real-time codes (the demo pages' listing, freshTotp) no longer match. TIMESTAMP skew is widened
 * accordingly, as pages sign with the real time.
 */
export async function startStack(emulatorOptions: EmulatorOptions = {}): Promise<Stack> {
  const clock = new TestClock();
  const codes = new TotpCodes(clock);
  const emulator = await startEmulator({
    port: 0,
    seed: DEMO_SEED_PATH,
    quiet: true,
    now: clock.now,
    timestampSkewSeconds: 24 * 3600,
    ...emulatorOptions,
  });
  try {
    const sites = await startDemoSites({ emulatorUrl: emulator.url });
    return {
      emulatorUrl: emulator.url,
      amplifyUrl: sites.amplifyUrl,
      acijUrl: sites.acijUrl,
      totp: (secret) => codes.code(secret),
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
