// `npx tsx demo/serve.ts`: the emulator (seeded with demo/seed.json) and both demo sites, until Ctrl-C.
// Build the sites first: npm run build:demo. Fixed ports (DEMO_PORT_BASE, default 8500, 8501, 8502) keep
// the origins, and so the extension's enabled sites and each site's storage, the same across runs.
import { startEmulator } from '../emulator/index.ts';
import { DEMO_SEED_PATH } from './fixtures.ts';
import { startDemoSites } from './server.ts';

const base = Number(process.env.DEMO_PORT_BASE ?? 8500);
const emulator = await startEmulator({ port: base, seed: DEMO_SEED_PATH, quiet: true });
const sites = await startDemoSites({ emulatorUrl: emulator.url, amplifyPort: base + 1, acijPort: base + 2 });
console.log(`Cognito emulator      ${emulator.url}`);
console.log(`Amplify v6 demo       ${sites.amplifyUrl}   (opt-in pool: ${sites.amplifyUrl}?pool=optin)`);
console.log(`identity-js demo      ${sites.acijUrl}   (opt-in pool: ${sites.acijUrl}?pool=optin)`);
console.log('Users: alice@example.com / Alice-Passw0rd! (codes are on the page). Ctrl-C stops.');

process.once('SIGINT', () => {
  void sites
    .close()
    .then(() => emulator.close())
    .then(() => process.exit(0));
});
