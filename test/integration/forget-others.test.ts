import { describe, expect, it } from 'vitest';
import { forgetEach } from '../../background/handlers/forget-others.ts';
import { createCognitoClient } from '../../src/cognito/index.ts';
import { injectFault } from '../support/cognito-fixtures.ts';
import { useSeededEmulator } from '../support/emulator-fixture.ts';
import { backgroundFor, memoryTokenStore, PageSimulator } from '../support/page-simulator.ts';
import { DEVICES_ALWAYS, pageUser, srpPool } from '../support/seed-builders.ts';

const POOL = 'us-east-1_Forget1';
const CLIENT = 'forgetclient00000000000001';
const ORIGIN = 'https://laptops.example';
const user = pageUser('lena', 'lena');

const emulator = useSeededEmulator(
  [
    srpPool(POOL, CLIENT, [{ Username: 'lena', Password: user.password, TotpSecret: user.totpSecret }], {
      DeviceConfiguration: DEVICES_ALWAYS,
    }),
  ],
  { timestampSkewSeconds: 24 * 3600 },
);

/** A browser that signed in once: its vault holds its device, its token store the access token. */
async function browser() {
  const tokens = memoryTokenStore();
  const ctx = { ...(await backgroundFor(ORIGIN)), tokens };
  const p = new PageSimulator(ctx, `${emulator.url}/`, POOL, CLIENT, (s) => emulator.totp.code(s));
  expect((await p.signIn(user)).result.status).toBe(200);
  const device = (await ctx.vault.getDevice(POOL, 'lena', ORIGIN))!;
  const token = (await tokens.get(ORIGIN, POOL, 'lena'))!;
  return { deviceKey: device.deviceKey, accessToken: token.accessToken };
}

describe('forget my other devices', () => {
  it('forgets every confirmed device but this browser’s, and reports the one that failed', async () => {
    const here = await browser();
    const lost = await browser();
    const old = await browser();
    const client = createCognitoClient({ endpoint: emulator.url });
    const listed = async () => (await client.listAllDevices(here.accessToken)).map((d) => d.DeviceKey).sort();
    expect(await listed()).toEqual([here.deviceKey, lost.deviceKey, old.deviceKey].sort());

    await injectFault(emulator.url, {
      operation: 'ForgetDevice',
      kind: 'error',
      errorType: 'TooManyRequestsException',
      message: 'Rate exceeded',
      times: 1,
    });
    const outcomes = await forgetEach(
      client,
      here.accessToken,
      [lost.deviceKey, old.deviceKey, here.deviceKey],
      new Set([here.deviceKey]),
    );
    expect(outcomes).toEqual([
      { deviceKey: lost.deviceKey, forgotten: false, error: 'Rate exceeded' },
      { deviceKey: old.deviceKey, forgotten: true },
      { deviceKey: here.deviceKey, forgotten: false, error: 'This browser’s own device is kept.' },
    ]);
    expect(await listed()).toEqual([here.deviceKey, lost.deviceKey].sort());

    // Trying again finishes the job; a device already gone counts as forgotten.
    const again = await forgetEach(client, here.accessToken, [lost.deviceKey, old.deviceKey], new Set());
    expect(again.every((o) => o.forgotten)).toBe(true);
    expect(await listed()).toEqual([here.deviceKey]);
  });
});
