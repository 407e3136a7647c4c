// The extension's flows as a page and the popup drive them, each split into prepare (no faults),
// act (with a planned fault or worker stop at one step), recover (what a person does next: try
// again) and verify (the invariants: it completes, the vault and Cognito agree, no secret leaked).
import { expect } from 'vitest';
import type { DeviceRecord } from '../../../background/vault/schema.ts';
import type { RemoteDeviceView } from '../../../src/messages/index.ts';
import type { CallResult } from '../../support/page-simulator.ts';
import {
  CarrierError,
  DELAY_MS,
  MFA_CLIENT,
  MFA_POOL,
  OPTIN_CLIENT,
  OPTIN_POOL,
  type Plan,
  type RoutedPage,
  type User,
  type World,
} from './world.ts';

export const MFA_ORIGIN = 'https://app.example';
export const OPTIN_ORIGIN = 'https://optin.example';

/** Starts `world` with the two sites the flows run on enabled, the opt-in one remembering always. */
export async function startWorldForFlows(world: World): Promise<void> {
  await world.start();
  for (const origin of [MFA_ORIGIN, OPTIN_ORIGIN]) {
    expect(await world.popup({ type: 'site.enable', origin })).toMatchObject({ ok: true });
  }
  await world.popup({ type: 'site.setPolicy', origin: OPTIN_ORIGIN, policy: 'always' });
}

export type Outcome = 'completed' | 'cognito-error' | 'carrier-error' | 'popup-error' | 'mfa-fallback';

interface State {
  user: User;
  page: RoutedPage;
  poolId: string;
  refreshToken?: string;
}

export interface Flow {
  name: string;
  steps: string[];
  prepare(w: World): Promise<State>;
  act(w: World, s: State): Promise<Outcome>;
  verify(w: World, s: State): Promise<void>;
}

/** Runs the flow's act with `plan` armed (a fault or a worker stop) and checks the flow reached its step. */
export async function actWith(w: World, flow: Flow, state: State, plan: Plan): Promise<Outcome> {
  w.fired = false;
  w.arm(plan);
  const outcome = await flow.act(w, state);
  w.disarm();
  expect(w.fired, `the flow never reached ${plan.step}`).toBe(true);
  return outcome;
}

/** A page-visible failure must be clear: Cognito's own error type, or the carrier's message. */
async function signInOutcome(
  run: () => Promise<{ mfaAsked: boolean; result: CallResult }>,
): Promise<Outcome> {
  try {
    const { result } = await run();
    if (result.status === 200 && result.body.AuthenticationResult) return 'completed';
    expect(result.status).toBeGreaterThanOrEqual(400);
    expect(String(result.body.__type ?? '')).toMatch(/Exception$/);
    return 'cognito-error';
  } catch (error) {
    if (!(error instanceof CarrierError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
    return 'carrier-error';
  }
}

/** Try again, as a person would, until the flow completes (a few times at most). */
async function retry(work: () => Promise<Outcome>): Promise<void> {
  for (let i = 0; i < 3; i++) {
    if ((await work()) === 'completed') return;
    await new Promise((r) => setTimeout(r, DELAY_MS));
  }
  throw new Error('did not complete after 3 retries');
}

const tokens = (r: CallResult) =>
  r.body.AuthenticationResult as { AccessToken: string; RefreshToken?: string };

/** This browser's device of the user in the pool (the flows use one site per pool): never two. */
async function deviceOf(w: World, poolId: string, username: string): Promise<DeviceRecord | undefined> {
  const records = (await (await w.vault()).listDevices()).filter(
    (d) => d.poolId === poolId && d.username === username,
  );
  expect(records.length).toBeLessThanOrEqual(1);
  return records[0];
}

/** The vault's record and Cognito's device list agree: one device for this user and browser, remembered. */
export async function expectOneDevice(
  w: World,
  poolId: string,
  user: User,
  status = 'remembered',
): Promise<string> {
  const record = await deviceOf(w, poolId, user.username);
  expect(record?.status).toBe(status);
  expect(await w.cognitoDevices(poolId, user.username)).toEqual([record?.deviceKey]);
  return record?.deviceKey ?? '';
}

async function signedInThenRemembered(w: World, s: State): Promise<void> {
  await retry(() => signInOutcome(() => s.page.signIn(s.user)));
  const again = await s.page.signIn(s.user);
  expect(again.result.status).toBe(200);
  expect(again.mfaAsked).toBe(false);
  await expectOneDevice(w, s.poolId, s.user);
}

function mfaState(w: World): State {
  return { user: w.user('mfa'), page: w.page(MFA_ORIGIN, MFA_POOL, MFA_CLIENT), poolId: MFA_POOL };
}

async function enrolled(w: World): Promise<State> {
  const s = mfaState(w);
  const first = await s.page.signIn(s.user);
  expect(first.result.status).toBe(200);
  const refresh = tokens(first.result).RefreshToken;
  return refresh ? { ...s, refreshToken: refresh } : s;
}

async function popupOutcome(w: World, request: object): Promise<Outcome> {
  const reply = await w.popup(request);
  if (reply.ok) return 'completed';
  expect(reply.error.code.length).toBeGreaterThan(0);
  expect(reply.error.message.length).toBeGreaterThan(0);
  return 'popup-error';
}

async function ownKey(w: World, s: State): Promise<string> {
  return (await deviceOf(w, s.poolId, s.user.username))?.deviceKey ?? '';
}

export const FLOWS: Flow[] = [
  {
    name: 'first sign-in + enrollment',
    steps: ['InitiateAuth', 'PASSWORD_VERIFIER', 'SOFTWARE_TOKEN_MFA', 'ConfirmDevice'],
    prepare: async (w) => mfaState(w),
    act: (_w, s) => signInOutcome(() => s.page.signIn(s.user)),
    verify: signedInThenRemembered,
  },
  {
    name: 'device sign-in (injection + device challenge)',
    steps: ['InitiateAuth', 'PASSWORD_VERIFIER', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER'],
    prepare: enrolled,
    act: (_w, s) => signInOutcome(() => s.page.signIn(s.user)),
    verify: signedInThenRemembered,
  },
  {
    name: 'refresh with the device key',
    steps: ['refresh'],
    prepare: enrolled,
    act: (_w, s) =>
      signInOutcome(async () => ({ mfaAsked: false, result: await s.page.refresh(s.refreshToken ?? '') })),
    verify: async (w, s) => {
      await retry(() =>
        signInOutcome(async () => ({ mfaAsked: false, result: await s.page.refresh(s.refreshToken ?? '') })),
      );
      await expectOneDevice(w, s.poolId, s.user);
    },
  },
  {
    name: 'opt-in pool enrollment, policy always',
    steps: ['InitiateAuth', 'PASSWORD_VERIFIER', 'SOFTWARE_TOKEN_MFA', 'ConfirmDevice', 'UpdateDeviceStatus'],
    prepare: async (w) => ({
      user: w.user('optin'),
      page: w.page(OPTIN_ORIGIN, OPTIN_POOL, OPTIN_CLIENT),
      poolId: OPTIN_POOL,
    }),
    act: (_w, s) => signInOutcome(() => s.page.signIn(s.user)),
    verify: async (w, s) => {
      await retry(() => signInOutcome(() => s.page.signIn(s.user)));
      const record = await deviceOf(w, s.poolId, s.user.username);
      // A failed UpdateDeviceStatus leaves the device waiting for the person (pending), never half-remembered.
      expect(['remembered', 'pending']).toContain(record?.status);
      // Cognito lists remembered devices only: the vault's, and no other.
      const listed = await w.cognitoDevices(s.poolId, s.user.username);
      expect(listed).toEqual(
        record?.status === 'remembered' ? [record.deviceKey] : listed.length ? [record?.deviceKey] : [],
      );
      if (record?.status === 'remembered') expect((await s.page.signIn(s.user)).mfaAsked).toBe(false);
    },
  },
  {
    name: 'popup: list the account’s devices',
    steps: ['ListDevices'],
    prepare: enrolled,
    act: (w, s) =>
      popupOutcome(w, {
        type: 'devices.list',
        origin: MFA_ORIGIN,
        poolId: s.poolId,
        username: s.user.username,
      }),
    verify: async (w, s) => {
      await retry(() =>
        popupOutcome(w, {
          type: 'devices.list',
          origin: MFA_ORIGIN,
          poolId: s.poolId,
          username: s.user.username,
        }),
      );
      const reply = await w.popup<RemoteDeviceView[]>({
        type: 'devices.list',
        origin: MFA_ORIGIN,
        poolId: s.poolId,
        username: s.user.username,
      });
      expect(reply.ok && reply.value.filter((d) => d.thisBrowser).length).toBe(1);
      await expectOneDevice(w, s.poolId, s.user);
    },
  },
  {
    name: 'popup: don’t remember this browser',
    steps: ['UpdateDeviceStatus'],
    prepare: enrolled,
    act: async (w, s) =>
      popupOutcome(w, {
        type: 'devices.setRemembered',
        origin: MFA_ORIGIN,
        poolId: s.poolId,
        username: s.user.username,
        deviceKey: await ownKey(w, s),
        remembered: false,
      }),
    verify: async (w, s) => {
      const deviceKey = await ownKey(w, s);
      await retry(() =>
        popupOutcome(w, {
          type: 'devices.setRemembered',
          origin: MFA_ORIGIN,
          poolId: s.poolId,
          username: s.user.username,
          deviceKey,
          remembered: false,
        }),
      );
      const record = await deviceOf(w, s.poolId, s.user.username);
      expect(record?.status).toBe('not_remembered');
      // Cognito lists remembered devices only; a not-remembered one must at least not have a twin.
      const listed = await w.cognitoDevices(s.poolId, s.user.username);
      expect(listed.filter((k) => k !== record?.deviceKey)).toEqual([]);
    },
  },
  {
    name: 'popup: forget this browser',
    steps: ['ForgetDevice'],
    prepare: enrolled,
    act: async (w, s) =>
      popupOutcome(w, {
        type: 'devices.forget',
        origin: MFA_ORIGIN,
        poolId: s.poolId,
        username: s.user.username,
        deviceKey: await ownKey(w, s),
      }),
    verify: async (w, s) => {
      const deviceKey = await ownKey(w, s);
      if (deviceKey) {
        // The person retries. Whether or not the first attempt reached Cognito, the retry completes
        // (a device Cognito already forgot counts as forgotten) and the local record goes with it.
        expect(
          await popupOutcome(w, {
            type: 'devices.forget',
            origin: MFA_ORIGIN,
            poolId: s.poolId,
            username: s.user.username,
            deviceKey,
          }),
        ).toBe('completed');
        expect(await ownKey(w, s)).toBe('');
      }
      expect(await w.cognitoDevices(s.poolId, s.user.username)).toEqual([]);
      const next = await s.page.signIn(s.user);
      expect(next.result.status).toBe(200);
      expect(next.mfaAsked).toBe(true);
      await expectOneDevice(w, s.poolId, s.user);
    },
  },
];

/** Nothing a page received, nothing logged and no activity entry holds a device secret of the vault. */
export async function expectNoSecretLeak(w: World, pages: RoutedPage[]): Promise<number> {
  const devices = await (await w.vault()).listDevices();
  const secrets = devices.flatMap((d) => [d.devicePassword, d.deviceGroupKey]);
  const activity = JSON.stringify(await (await w.vault()).listActivity(500));
  const seen = pages.flatMap((p) => p.seen).join('\n');
  const logged = w.logged.join('\n');
  for (const secret of secrets) {
    expect(seen.includes(secret), 'a device secret reached a page').toBe(false);
    expect(logged.includes(secret), 'a device secret was logged').toBe(false);
    expect(activity.includes(secret), 'a device secret is in the activity log').toBe(false);
  }
  return secrets.length;
}
