// The loopback world e2e tests run against: the Cognito emulator seeded with demo/seed.json and the
// two demo sites (Amplify v6, amazon-cognito-identity-js), each on its own origin.
import { DEMO_SEED_PATH } from '../../../demo/fixtures.ts';
import { startDemoSites } from '../../../demo/server.ts';
import { type EmulatorOptions, startEmulator } from '../../../emulator/index.ts';

export interface Stack {
  /** Base URL of the emulator (Cognito endpoint and /_emulator/* control routes), no trailing slash. */
  emulatorUrl: string;
  /** http://127.0.0.1:<port>/ — add `?pool=optin` for the opt-in pool. */
  amplifyUrl: string;
  acijUrl: string;
  close(): Promise<void>;
}

/**
 * Emulator options pass through (dataFile to survive an emulator restart, a different seed...).
 * The demo pages' TOTP listing uses the real clock: keep `now` unset when people or pages read codes.
 */
export async function startStack(emulatorOptions: EmulatorOptions = {}): Promise<Stack> {
  const emulator = await startEmulator({ port: 0, seed: DEMO_SEED_PATH, quiet: true, ...emulatorOptions });
  try {
    const sites = await startDemoSites({ emulatorUrl: emulator.url });
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
