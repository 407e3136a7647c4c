// Trust lifetime ("remember this browser for N days") against the real emulator over loopback, on a
// test clock shared by the background (CallContext.now) and the emulator (its `now` option): days pass
// without sleeping. The page's library is simulated with src/srp (test/support/page-simulator.ts).
import { AdminListDevicesCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { trustEndedDetail } from '../../background/cognito-call/enroll-device.ts';
import { diagnose } from '../../background/doctor/diagnose.ts';
import { observationsFor } from '../../background/doctor/observe.ts';
import { useSeededEmulator } from '../support/emulator-fixture.ts';
import { backgroundFor, PageSimulator } from '../support/page-simulator.ts';
import { DEVICES_ALWAYS, pageUser, srpPool } from '../support/seed-builders.ts';

const POOL = 'us-east-1_TrustPool1';
const CLIENT = 'trustclient000000000000001';
const ORIGIN = 'https://trust.example';
const DAY = 24 * 60 * 60 * 1000;

const names = ['amy', 'bob', 'cal', 'deb'];
const users = new Map(names.map((n) => [n, pageUser(n, n)]));
const user = (n: string) => users.get(n)!;

const emulator = useSeededEmulator(
  [
    srpPool(
      POOL,
      CLIENT,
      names.map((n) => ({ Username: n, Password: user(n).password, TotpSecret: user(n).totpSecret })),
      { DeviceConfiguration: DEVICES_ALWAYS },
    ),
  ],
  // The pages' SRP timestamps come from the real clock while the emulator's runs years ahead.
  { timestampSkewSeconds: 5 * 365 * 24 * 3600 },
);

/** A background on the test clock with the site enabled and its trust lifetime set. */
async function page(trustDays?: number) {
  const ctx = { ...(await backgroundFor(ORIGIN)), now: emulator.clock.now };
  if (trustDays !== undefined) await ctx.vault.setTrustDays(ORIGIN, trustDays);
  return new PageSimulator(ctx, `${emulator.url}/`, POOL, CLIENT, (s) => emulator.totp.code(s));
}

async function cognitoDevices(username: string): Promise<string[]> {
  const listed = await emulator.sdk.send(
    new AdminListDevicesCommand({ UserPoolId: POOL, Username: username }),
  );
  return (listed.Devices ?? []).map((d) => d.DeviceKey!).sort();
}

describe('trust lifetime', () => {
  it('skips the code within the term; at its end asks for it, forgets the old device and enrolls afresh', async () => {
    const p = await page(30);
    expect((await p.signIn(user('amy'))).mfaAsked).toBe(true);
    const first = (await p.ctx.vault.getDevice(POOL, 'amy', ORIGIN))!;

    emulator.clock.advanceTo(first.createdAt + 30 * DAY - 60_000);
    expect((await p.signIn(user('amy'))).mfaAsked).toBe(false);
    expect(
      diagnose(await observationsFor(p.ctx.vault, ORIGIN, p.ctx.now())).map((d) => d.code),
    ).not.toContain('trust-ended');

    emulator.clock.advanceTo(first.createdAt + 30 * DAY);
    // Before the next sign-in, the doctor already says why the code will be asked.
    const due = diagnose(await observationsFor(p.ctx.vault, ORIGIN, p.ctx.now()));
    expect(due).toContainEqual(
      expect.objectContaining({ code: 'trust-ended', poolId: POOL, username: 'amy', detail: '30' }),
    );

    const again = await p.signIn(user('amy'));
    expect(again.mfaAsked).toBe(true);
    expect(again.result.status).toBe(200);
    const second = (await p.ctx.vault.getDevice(POOL, 'amy', ORIGIN))!;
    expect(second.deviceKey).not.toBe(first.deviceKey);
    expect(second.status).toBe('remembered');
    // The old device was forgotten in Cognito with the new session's token: only the new one is listed.
    expect(await cognitoDevices('amy')).toEqual([second.deviceKey]);
    const log = await p.ctx.vault.listActivity();
    expect(log).toContainEqual(
      expect.objectContaining({
        kind: 'trust-ended',
        trustDays: 30,
        username: 'amy',
        detail: trustEndedDetail(30),
      }),
    );
    expect(trustEndedDetail(30)).toBe(
      'Trust for this browser ended after 30 days: the code was asked and the browser enrolled again',
    );
    // The doctor explains the code that was just asked (from the log), once.
    const after = diagnose(await observationsFor(p.ctx.vault, ORIGIN, p.ctx.now()));
    expect(after.filter((d) => d.code === 'trust-ended')).toHaveLength(1);

    // The term starts again from the new enrolment.
    expect((await p.signIn(user('amy'))).mfaAsked).toBe(false);
    expect(
      diagnose(await observationsFor(p.ctx.vault, ORIGIN, p.ctx.now())).map((d) => d.code),
    ).not.toContain('trust-ended');
  });

  it('counts from enrolment, not last use: a device used every day still ends on time', async () => {
    const p = await page(3);
    await p.signIn(user('bob'));
    const first = (await p.ctx.vault.getDevice(POOL, 'bob', ORIGIN))!;
    for (const day of [1, 2]) {
      emulator.clock.advanceTo(first.createdAt + day * DAY);
      expect((await p.signIn(user('bob'))).mfaAsked).toBe(false);
    }
    emulator.clock.advanceTo(first.createdAt + 3 * DAY);
    expect((await p.signIn(user('bob'))).mfaAsked).toBe(true);
  });

  it('keeps refreshing tokens issued to the device after the term: Cognito binds them to it', async () => {
    const p = await page(1);
    const signedIn = await p.signIn(user('cal'));
    const refreshToken = (signedIn.result.body.AuthenticationResult as { RefreshToken: string }).RefreshToken;
    const device = (await p.ctx.vault.getDevice(POOL, 'cal', ORIGIN))!;
    emulator.clock.advanceTo(device.createdAt + 2 * DAY);
    const refreshed = await p.refresh(refreshToken);
    expect(refreshed.status).toBe(200);
  });

  it('without a term (the default) the device is presented however long ago it was enrolled', async () => {
    const p = await page();
    await p.signIn(user('deb'));
    const device = (await p.ctx.vault.getDevice(POOL, 'deb', ORIGIN))!;
    emulator.clock.advanceTo(device.createdAt + 3 * 365 * DAY - DAY);
    expect((await p.signIn(user('deb'))).mfaAsked).toBe(false);
  });
});
