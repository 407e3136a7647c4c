import type { RequestContext } from '../../context.ts';
import { deliverCode } from '../../domain/delivery.ts';
import { mfaSettingList } from '../../domain/users.ts';
import { type CognitoError, deviceNotFound, invalidParameter } from '../../http/errors.ts';
import { newCode, newDeviceGroupKey, newDeviceKey } from '../../ids.ts';
import type { AuthSession, ChallengeName, SignInState } from '../../sessions.ts';
import type { ClientRecord, DeviceRecord, MfaMethod, PoolRecord, UserRecord } from '../../store/records.ts';
import { postAuthentication, preTokenGeneration } from '../../triggers/token-triggers.ts';
import type { Json } from '../../validate.ts';

/** Everything a sign-in step works on. */
export interface SignIn {
  rc: RequestContext;
  pool: PoolRecord;
  client: ClientRecord;
  user: UserRecord;
  state: SignInState;
  /** ClientMetadata of the current request, for the Lambda triggers. */
  clientMetadata?: Record<string, string>;
}

/** The start of a USER_AUTH or CUSTOM_AUTH sign-in, whose user may be unknown (PreventUserExistenceErrors). */
export type SignInStart = Omit<SignIn, 'user'> & { user: UserRecord | undefined };

export const missing = (name: string): CognitoError => invalidParameter(`Missing required parameter ${name}`);

// Flows whose API reference lists DEVICE_KEY among the AuthParameters / ChallengeResponses.
const DEVICE_FLOWS = new Set(['USER_SRP_AUTH', 'USER_AUTH', 'CUSTOM_AUTH']);

/** Whether DEVICE_KEY counts in this flow (USER_PASSWORD_AUTH's device support is a pool option). */
export function flowTracksDevices(pool: PoolRecord, flow: string): boolean {
  if (!pool.deviceConfiguration) return false;
  return DEVICE_FLOWS.has(flow) || pool.emulator.userPasswordAuthDeviceTracking;
}

/**
 * Checks a DEVICE_KEY the client sent, before any session is consumed (both official clients resend the
 * same request without it after "Device does not exist."). Returns the device when it is confirmed;
 * an unconfirmed one counts as no device.
 */
export function checkDeviceKey(
  pool: PoolRecord,
  user: UserRecord,
  key: string,
  rc: RequestContext,
): DeviceRecord | undefined {
  const device = rc.emu.store.getDevice(key);
  if (!device || device.poolId !== pool.id) throw deviceNotFound();
  if (device.username !== user.username) throw invalidParameter('Invalid device key given.');
  return device.confirmed ? device : undefined;
}

/** Starts the next challenge of a sign-in on a fresh session. */
export function challenge(
  s: SignIn,
  name: ChallengeName,
  parameters: Record<string, string>,
  extra: Partial<Pick<AuthSession, 'srp' | 'code' | 'attemptsLeft'>> = {},
): Json {
  const session = s.rc.emu.sessions.create(
    {
      poolId: s.pool.id,
      clientId: s.client.id,
      username: s.user.username,
      challenge: name,
      state: { ...s.state },
      ...extra,
    },
    s.client.authSessionValidity,
  );
  return { ChallengeName: name, Session: session.id, ChallengeParameters: parameters };
}

function deviceSrpApplies(pool: PoolRecord, device: DeviceRecord): boolean {
  if (!device.confirmed || !device.verifierHex || device.status !== 'remembered') return false;
  const dc = pool.deviceConfiguration;
  if (!dc) return false;
  return dc.ChallengeRequiredOnNewDevice === true || pool.emulator.deviceSrpWithoutChallengeRequired;
}

type MfaStep = MfaMethod | 'SELECT' | 'SETUP' | undefined;

/** Which second factor the user faces, per pool MfaConfiguration and the user's settings. */
export function pickMfa(pool: PoolRecord, user: UserRecord): MfaStep {
  if (pool.mfaConfiguration === 'OFF') return undefined;
  const usable = usableMfa(pool, user);
  if (user.mfa.preferred && usable.includes(user.mfa.preferred)) return user.mfa.preferred;
  if (usable.length === 1) return usable[0];
  if (usable.length > 1) return 'SELECT';
  if (pool.mfaConfiguration !== 'ON') return undefined;
  // Required but nothing set up: SMS when the user has a phone number (as Cognito does), else TOTP setup.
  if (pool.smsMfaEnabled && user.attributes.phone_number) return 'SMS_MFA';
  if (pool.softwareTokenMfaEnabled) return 'SETUP';
  if (pool.emailMfaEnabled && user.attributes.email) return 'EMAIL_OTP';
  return undefined;
}

export function usableMfa(pool: PoolRecord, user: UserRecord): MfaMethod[] {
  return mfaSettingList(user).filter((m) =>
    m === 'SMS_MFA'
      ? pool.smsMfaEnabled && !!user.attributes.phone_number
      : m === 'SOFTWARE_TOKEN_MFA'
        ? pool.softwareTokenMfaEnabled && !!user.totpSecret
        : pool.emailMfaEnabled && !!user.attributes.email,
  );
}

/** Sends the code (SMS/email) or prepares the TOTP prompt for one MFA method. */
export function mfaChallenge(s: SignIn, method: MfaMethod): Json {
  const params: Record<string, string> = { USER_ID_FOR_SRP: s.user.username };
  if (method === 'SOFTWARE_TOKEN_MFA') return challenge(s, method, params);
  const code = newCode();
  const delivery = deliverCode(s.rc, s.user, 'MFA', code, method === 'SMS_MFA' ? 'SMS' : 'EMAIL');
  if (delivery) {
    params.CODE_DELIVERY_DELIVERY_MEDIUM = String(delivery.DeliveryMedium);
    params.CODE_DELIVERY_DESTINATION = String(delivery.Destination);
  }
  return challenge(s, method, params, { code, attemptsLeft: 3 });
}

/**
 * After the password (or a challenge) is verified: new password, remembered device, MFA, then tokens —
 * in Cognito's order. A verified remembered device skips MFA when the pool says ChallengeRequiredOnNewDevice.
 */
export async function continueSignIn(s: SignIn): Promise<Json> {
  const { pool, user, state } = s;
  if (user.status === 'FORCE_CHANGE_PASSWORD' && !state.passwordChanged) {
    const shown: Record<string, string> = {};
    for (const [k, v] of Object.entries(user.attributes)) {
      if (k !== 'sub' && !k.endsWith('_verified')) shown[k] = v;
    }
    return challenge(s, 'NEW_PASSWORD_REQUIRED', {
      USER_ID_FOR_SRP: user.username,
      requiredAttributes: '[]',
      userAttributes: JSON.stringify(shown),
    });
  }
  const device = state.deviceKey ? s.rc.emu.store.getDevice(state.deviceKey) : undefined;
  if (device && !state.deviceVerified && !state.mfaDone && deviceSrpApplies(pool, device)) {
    return challenge(s, 'DEVICE_SRP_AUTH', { USERNAME: user.username, DEVICE_KEY: device.key });
  }
  // CUSTOM_AUTH: DefineAuthChallenge alone decides the challenges; Cognito adds no MFA of its own.
  if (!state.mfaDone && state.flow !== 'CUSTOM_AUTH') {
    const step = pickMfa(pool, user);
    const skippedByDevice =
      state.deviceVerified === true &&
      pool.deviceConfiguration?.ChallengeRequiredOnNewDevice === true &&
      (step !== 'EMAIL_OTP' || pool.emulator.emailOtpSuppressedByDevice);
    if (step && !skippedByDevice) {
      if (step === 'SELECT') {
        return challenge(s, 'SELECT_MFA_TYPE', {
          USER_ID_FOR_SRP: user.username,
          MFAS_CAN_CHOOSE: JSON.stringify(usableMfa(pool, user)),
        });
      }
      if (step === 'SETUP') {
        return challenge(s, 'MFA_SETUP', {
          USER_ID_FOR_SRP: user.username,
          MFAS_CAN_SETUP: JSON.stringify(['SOFTWARE_TOKEN_MFA']),
        });
      }
      return mfaChallenge(s, step);
    }
  }
  return issueTokens(s, device);
}

/** Tokens; on a sign-in without a known device in a pool that tracks devices, a new device too. */
async function issueTokens(s: SignIn, device: DeviceRecord | undefined): Promise<Json> {
  const { rc, pool, user, state } = s;
  // Triggers first, so a failing one leaves no half-made device behind.
  const makesDevice = !device && flowTracksDevices(pool, state.flow);
  await postAuthentication(rc, pool, s.client, user, makesDevice, s.clientMetadata);
  const idClaims = await preTokenGeneration(
    rc,
    pool,
    s.client,
    user,
    state.deviceVerified ? 'TokenGeneration_AuthenticateDevice' : 'TokenGeneration_Authentication',
    s.clientMetadata,
  );
  const now = rc.emu.nowSeconds();
  let newDevice: DeviceRecord | undefined;
  if (device) {
    device.lastAuthAt = now;
    device.lastIp = rc.ip;
    rc.emu.store.putDevice(device);
  } else if (makesDevice) {
    newDevice = {
      key: newDeviceKey(pool.region),
      groupKey: newDeviceGroupKey(),
      poolId: pool.id,
      username: user.username,
      status: 'not_remembered',
      confirmed: false,
      createdAt: now,
      modifiedAt: now,
      lastAuthAt: now,
      lastIp: rc.ip,
    };
    rc.emu.store.putDevice(newDevice);
  }
  const deviceKey = (device ?? newDevice)?.key;
  const tokens = await rc.emu.tokens.issue({
    pool,
    client: s.client,
    user,
    ...(deviceKey ? { deviceKey } : {}),
    ...(idClaims ? { idClaims } : {}),
  });
  return {
    ChallengeParameters: {},
    AuthenticationResult: {
      ...tokens,
      ...(newDevice
        ? { NewDeviceMetadata: { DeviceKey: newDevice.key, DeviceGroupKey: newDevice.groupKey } }
        : {}),
    },
  };
}
