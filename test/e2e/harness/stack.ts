// The loopback world e2e tests run against: the Cognito emulator seeded with demo/seed.json and the
// two demo sites (Amplify v6, amazon-cognito-identity-js), each on its own origin.
import { DEMO_SEED_PATH } from '../../../demo/fixtures.ts';
import { startDemoSites } from '../../../demo/server.ts';
import { startEmulator } from '../../../emulator/index.ts';

export interface Stack {
  /** Base URL of the emulator (Cognito endpoint), e.g. http://127.0.0.1:<port> */
  emulatorUrl: string;
  /** http://127.0.0.1:<port>/ — add `?pool=optin` for the opt-in pool. */
  amplifyUrl: string;
  acijUrl: string;
  close(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const emulator = await startEmulator({ port: 0, seed: DEMO_SEED_PATH, quiet: true });
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
