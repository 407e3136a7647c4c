// `npx tsx demo/serve.ts`: the emulator (seeded with dev/demo-sites/seed.json) and both demo sites, until Ctrl-C.
// Build the sites first: npm run build:demo. Fixed ports (DEMO_PORT_BASE, default 8500, 8501, 8502) keep
// the origins, and so the extension's enabled sites and each site's storage, the same across runs.
import { startDemoStack } from '../dev/stack.ts';

const sites = await startDemoStack(Number(process.env.DEMO_PORT_BASE ?? 8500));
console.log(`Cognito emulator      ${sites.emulatorUrl}`);
console.log(`Amplify v6 demo       ${sites.amplifyUrl}   (opt-in pool: ${sites.amplifyUrl}?pool=optin)`);
console.log(`identity-js demo      ${sites.acijUrl}   (opt-in pool: ${sites.acijUrl}?pool=optin)`);
console.log('Users: alice@example.com / Alice-Passw0rd! (codes are on the page). Ctrl-C stops.');

process.once('SIGINT', () => {
  void sites.close().then(() => process.exit(0));
});
