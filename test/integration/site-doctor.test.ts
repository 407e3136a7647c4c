// The site doctor against what really happens: each finding is produced by a sign-in carried by the
// background (test/support/page-simulator.ts) to the loopback emulator, with the pool configured to
// cause it, then the doctor reads the vault the sign-in left behind.
import { AdminForgetDeviceCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import type { CallContext } from '../../background/cognito-call/context.ts';
import { diagnose } from '../../background/doctor/diagnose.ts';
import { observationsFor } from '../../background/doctor/observe.ts';
import { type SeedPool, startEmulator } from '../../emulator/index.ts';
import type { Diagnosis } from '../../src/messages/index.ts';
import { latestOutboxCode } from '../support/cognito-fixtures.ts';
import { useSeededEmulator } from '../support/emulator-fixture.ts';
import { backgroundFor, PageSimulator } from '../support/page-simulator.ts';
import { DEVICES_ALWAYS, DEVICES_OPT_IN, PageUsers, srpPool } from '../support/seed-builders.ts';

const ORIGIN = 'https://doctor.example';

const TRACK = 'us-east-1_DocTrack1';
const OFF = 'us-east-1_DocOff1';
const NOSKIP = 'us-east-1_DocNoSkip1';
const OPTIN = 'us-east-1_DocOptIn1';
// Email codes: a remembered device skips SMS and TOTP, not EMAIL_OTP (emulator/README.md, EmulatorOptions).
const EMAIL = 'us-east-1_DocEmail1';
const clientOf = (pool: string) => `docclient${pool.slice(-6).toLowerCase()}00000000000`;

const people = new PageUsers((name) => name);
const user = (name: string) => people.get(name);

const pool = (
  id: string,
  names: string[],
  device?: SeedPool['DeviceConfiguration'],
  extra: Partial<SeedPool> = {},
) =>
  srpPool(id, clientOf(id), people.seed(names), {
    ...(device ? { DeviceConfiguration: device } : {}),
    ...extra,
  });

const emulator = useSeededEmulator(
  [
    pool(TRACK, ['rita', 'fred', 'carl', 'gail'], DEVICES_ALWAYS),
    pool(OFF, ['otto']),
    pool(
      NOSKIP,
      ['nina'],
      { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false },
      { EmulatorOptions: { deviceSrpWithoutChallengeRequired: true } },
    ),
    pool(EMAIL, [], DEVICES_ALWAYS, {
      Users: [{ ...people.seed(['emma'], false)[0]!, EmailMfa: true }],
    }),
    pool(OPTIN, ['opal', 'pete'], DEVICES_OPT_IN),
  ],
  { timestampSkewSeconds: 24 * 3600 },
);
const totp = (secret: string) => emulator.totp.code(secret);

async function page(poolId: string, ctx?: CallContext): Promise<PageSimulator> {
  return new PageSimulator(
    ctx ?? (await backgroundFor(ORIGIN)),
    `${emulator.url}/`,
    poolId,
    clientOf(poolId),
    totp,
  );
}
/**
 * The doctor's findings from the vault the sign-ins left, checked to be the same with every logged
 * entry's words replaced: the words are for people, and rewording a carrier's log line must not change
 * what the doctor finds (the finding's detail carries the words along, so only they may differ).
 */
async function doctor(p: PageSimulator): Promise<Diagnosis[]> {
  const seen = await observationsFor(p.ctx.vault, ORIGIN);
  const found = diagnose(seen);
  const reworded = seen.activity.map((a) => (a.detail === undefined ? a : { ...a, detail: 'Reworded' }));
  const withoutWords = ({ detail: _, ...finding }: Diagnosis) => finding;
  expect(diagnose({ ...seen, activity: reworded }).map(withoutWords)).toEqual(found.map(withoutWords));
  return found;
}
/** This site's logged entries of one kind, newest first. */
const logged = async (p: PageSimulator, kind: string) =>
  (await p.ctx.vault.listActivity()).filter((a) => a.origin === ORIGIN && a.kind === kind);
const admin = () => emulator.sdk;

describe('site doctor, from sign-ins against the emulator', () => {
  it('has nothing to explain once the remembered device skipped the code', async () => {
    const p = await page(TRACK);
    expect((await p.signIn(user('gail'))).mfaAsked).toBe(true);
    expect((await p.signIn(user('gail'))).mfaAsked).toBe(false);
    expect(await doctor(p)).toEqual([]);
  });

  it('sees no Cognito calls when the sign-in happens outside the page (a server, the hosted UI)', async () => {
    const p = await page(TRACK);
    // The app's server starts the sign-in itself: the page, and so the extension, never sees it.
    const res = await fetch(`${emulator.url}/`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({
        AuthFlow: 'USER_SRP_AUTH',
        ClientId: clientOf(TRACK),
        AuthParameters: { USERNAME: 'gail', SRP_A: 'ab'.repeat(192) },
      }),
    });
    expect(res.status).toBe(200);
    expect((await doctor(p)).map((d) => d.code)).toEqual(['no-cognito-calls']);
  });

  it('finds device tracking off: the pool answered with tokens and no device', async () => {
    const p = await page(OFF);
    const signIn = await p.signIn(user('otto'));
    expect(signIn.result.status).toBe(200);
    expect(await p.ctx.vault.listDevices()).toEqual([]);
    expect(await doctor(p)).toEqual([
      expect.objectContaining({ code: 'device-tracking-off', poolId: OFF, username: 'otto' }),
    ]);
    // A second sign-in adds no second line to the log, and the finding stays.
    await p.signIn(user('otto'));
    const lines = (await p.ctx.vault.listActivity()).filter((a) => a.kind === 'no-device-issued');
    expect(lines).toHaveLength(1);
    expect((await doctor(p)).map((d) => d.code)).toEqual(['device-tracking-off']);
  });

  it('finds the code asked although the device was presented (ChallengeRequiredOnNewDevice off)', async () => {
    const p = await page(NOSKIP);
    await p.signIn(user('nina'));
    expect((await p.signIn(user('nina'))).mfaAsked).toBe(true);
    expect(await doctor(p)).toEqual([
      expect.objectContaining({
        code: 'mfa-despite-device',
        username: 'nina',
        detail: 'SOFTWARE_TOKEN_MFA',
      }),
    ]);
  });

  it('finds the code asked although the device was presented (an email code the pool does not skip)', async () => {
    const p = await page(EMAIL);
    const signInWithEmailCode = async () => {
      const { result } = await p.signIn(user('emma'));
      expect(result.body.ChallengeName).toBe('EMAIL_OTP');
      const answered = await p.call('RespondToAuthChallenge', {
        ChallengeName: 'EMAIL_OTP',
        ClientId: clientOf(EMAIL),
        Session: result.body.Session,
        ChallengeResponses: {
          USERNAME: 'emma',
          EMAIL_OTP_CODE: await latestOutboxCode(emulator.url, EMAIL, 'emma'),
        },
      });
      expect(answered.status).toBe(200);
    };
    await signInWithEmailCode();
    expect((await p.ctx.vault.getDevice(EMAIL, 'emma', ORIGIN))?.status).toBe('remembered');
    expect(await doctor(p)).toEqual([]);
    await signInWithEmailCode();
    expect(await doctor(p)).toEqual([
      expect.objectContaining({ code: 'mfa-despite-device', username: 'emma', detail: 'EMAIL_OTP' }),
    ]);
  });

  it('on an opt-in pool says the device waits for the person’s answer, or was not remembered', async () => {
    const p = await page(OPTIN);
    await p.signIn(user('opal'));
    expect((await p.signIn(user('opal'))).mfaAsked).toBe(true);
    expect((await doctor(p)).map((d) => [d.code, d.username])).toEqual([['waiting-for-answer', 'opal']]);

    await p.ctx.vault.setPolicy(ORIGIN, 'never');
    await p.signIn(user('pete'));
    expect((await doctor(p)).map((d) => [d.code, d.username])).toEqual([
      ['waiting-for-answer', 'opal'],
      ['device-not-remembered', 'pete'],
    ]);
  });

  it('finds an app client that called another endpoint than the one it was bound to', async () => {
    const p = await page(TRACK);
    await p.signIn(user('carl'));
    const other = await startEmulator({ port: 0, quiet: true, seed: { pools: [pool(TRACK, [])] } });
    try {
      const moved = new PageSimulator(p.ctx, `${other.url}/`, TRACK, clientOf(TRACK), totp);
      await moved.signIn(user('carl'));
    } finally {
      await other.close();
    }
    expect((await doctor(p)).map((d) => d.code)).toEqual(['endpoint-conflict']);
    // The carrier's entry says so in its reason, not only in its words.
    expect(await logged(p, 'error')).toEqual([expect.objectContaining({ reason: 'endpoint-conflict' })]);
  });

  it('finds a device the pool refused', async () => {
    const p = await page(TRACK);
    await p.signIn(user('rita'));
    const record = (await p.ctx.vault.getDevice(TRACK, 'rita', ORIGIN))!;
    await p.ctx.vault.putDevice({ ...record, devicePassword: `${record.devicePassword.slice(0, -4)}AAAA` });
    await p.signIn(user('rita'));
    expect((await doctor(p)).map((d) => [d.code, d.username])).toEqual([['device-rejected', 'rita']]);
    expect(await logged(p, 'error')).toEqual([
      expect.objectContaining({ reason: 'device-refused', username: 'rita' }),
    ]);
  });

  it('finds a device forgotten elsewhere, replaced at the sign-in that asked for the code', async () => {
    const p = await page(TRACK);
    await p.signIn(user('fred'));
    const before = (await p.ctx.vault.getDevice(TRACK, 'fred', ORIGIN))!;
    await admin().send(
      new AdminForgetDeviceCommand({ UserPoolId: TRACK, Username: 'fred', DeviceKey: before.deviceKey }),
    );
    expect((await p.signIn(user('fred'))).mfaAsked).toBe(true);
    expect((await doctor(p)).map((d) => [d.code, d.username])).toEqual([
      ['device-forgotten-elsewhere', 'fred'],
    ]);
    // The next sign-in skips the code with the new device: nothing left to explain.
    expect((await p.signIn(user('fred'))).mfaAsked).toBe(false);
    expect(await doctor(p)).toEqual([]);
  });
});
