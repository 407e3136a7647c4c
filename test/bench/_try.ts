import { performance } from 'node:perf_hooks';

const t = performance.now();
const mods = [
  'jose',
  '../../emulator/store/sqlite.ts',
  '../../src/srp/index.ts',
  '../../emulator/srp-node.ts',
  '../../emulator/http/server.ts',
  '../../emulator/index.ts',
];
(async () => {
  for (const m of mods) {
    const a = performance.now();
    await import(m);
    console.log(m, Math.round(performance.now() - a));
  }
  console.log('total', Math.round(performance.now() - t));
  const { startEmulator } = await import('../../emulator/index.ts');
  const a = performance.now();
  const emu = await startEmulator({ quiet: true });
  const b = performance.now();
  const r = await fetch(`${emu.url}/`, {
    method: 'POST',
    headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools' },
    body: '{"MaxResults":1}',
  });
  await r.text();
  const c = performance.now();
  const r2 = await fetch(`${emu.url}/`, {
    method: 'POST',
    headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools' },
    body: '{"MaxResults":1}',
  });
  await r2.text();
  console.log({ start: b - a, first: c - b, second: performance.now() - c });
  await emu.close();
})();
