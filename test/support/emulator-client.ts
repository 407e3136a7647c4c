import {
  computePasswordClaim,
  createClientEphemeral,
  createDeviceVerifier,
  formatTimestamp,
  userPoolName,
} from '../../src/srp/index.ts';

/**
 * A small wire client for the emulator's own tests and for trying it by hand: raw JSON 1.1 calls and
 * the SRP steps done with src/srp. Not a general Cognito client (that is src/cognito).
 */
/** Answers as the tests read them: checked by assertions, not by types. */
// biome-ignore lint/suspicious/noExplicitAny: test helper; the tests assert on the shapes
export type Loose = any;

export interface CallResult {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export class EmulatorClient {
  constructor(readonly url: string) {}

  async raw(
    operation: string,
    body: unknown,
    init: { headers?: Record<string, string> } = {},
  ): Promise<CallResult> {
    const res = await fetch(`${this.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
        ...init.headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }

  /** The operation's answer; throws an Error named for the Cognito error otherwise. */
  async call(operation: string, body: unknown): Promise<Loose> {
    const r = await this.raw(operation, body);
    if (r.status !== 200) {
      const err = new Error(String(r.body.message));
      err.name = String(r.body.__type);
      throw err;
    }
    return r.body;
  }
}

/** Calls fn and returns the Cognito error it fails with (name + message), or throws if it succeeds. */
export async function cognitoError(fn: () => Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await fn();
  } catch (err) {
    return { name: (err as Error).name, message: (err as Error).message };
  }
  throw new Error('expected a Cognito error');
}

export interface SrpStart {
  challenge: Loose;
  ephemeral: ReturnType<typeof createClientEphemeral>;
}

/** InitiateAuth USER_SRP_AUTH. */
export async function startSrp(
  c: EmulatorClient,
  clientId: string,
  username: string,
  extra: Record<string, string> = {},
): Promise<SrpStart> {
  const ephemeral = createClientEphemeral();
  const challenge = await c.call('InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: username, SRP_A: ephemeral.AHex, ...extra },
  });
  return { challenge, ephemeral };
}

/** The ChallengeResponses of PASSWORD_VERIFIER for a password. */
export async function passwordVerifierResponses(
  poolId: string,
  start: SrpStart,
  password: string,
  opts: { timestamp?: string; now?: number } = {},
): Promise<Record<string, string>> {
  const p = start.challenge.ChallengeParameters as Record<string, string>;
  const claim = await computePasswordClaim({
    ephemeral: start.ephemeral,
    srpB: p.SRP_B!,
    salt: p.SALT!,
    secretBlock: p.SECRET_BLOCK!,
    namePart1: userPoolName(poolId),
    namePart2: p.USER_ID_FOR_SRP!,
    secret: password,
    timestamp: opts.timestamp ?? formatTimestamp(new Date(opts.now ?? Date.now())),
  });
  return {
    USERNAME: p.USER_ID_FOR_SRP!,
    PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!,
    TIMESTAMP: claim.timestamp,
    PASSWORD_CLAIM_SIGNATURE: claim.signature,
  };
}

/** USER_SRP_AUTH through PASSWORD_VERIFIER; returns the answer to PASSWORD_VERIFIER. */
export async function srpSignIn(
  c: EmulatorClient,
  poolId: string,
  clientId: string,
  username: string,
  password: string,
  deviceKey?: string,
): Promise<Loose> {
  const start = await startSrp(c, clientId, username, deviceKey ? { DEVICE_KEY: deviceKey } : {});
  const responses = await passwordVerifierResponses(poolId, start, password);
  return c.call('RespondToAuthChallenge', {
    ClientId: clientId,
    ChallengeName: 'PASSWORD_VERIFIER',
    Session: start.challenge.Session,
    ChallengeResponses: { ...responses, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
  });
}

export interface RememberedDevice {
  deviceKey: string;
  groupKey: string;
  devicePassword: string;
}

/** ConfirmDevice for NewDeviceMetadata, as the official clients do it. */
export async function confirmDevice(
  c: EmulatorClient,
  accessToken: string,
  meta: { DeviceKey: string; DeviceGroupKey: string },
  name = 'Test browser',
): Promise<RememberedDevice & { userConfirmationNecessary: boolean }> {
  const verifier = await createDeviceVerifier(meta.DeviceGroupKey, meta.DeviceKey);
  const out = await c.call('ConfirmDevice', {
    AccessToken: accessToken,
    DeviceKey: meta.DeviceKey,
    DeviceSecretVerifierConfig: verifier.verifierConfig,
    DeviceName: name,
  });
  return {
    deviceKey: meta.DeviceKey,
    groupKey: meta.DeviceGroupKey,
    devicePassword: verifier.devicePassword,
    userConfirmationNecessary: out.UserConfirmationNecessary,
  };
}

/** DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER for a DEVICE_SRP_AUTH challenge answer. */
export async function answerDeviceChallenge(
  c: EmulatorClient,
  clientId: string,
  session: string,
  username: string,
  device: RememberedDevice,
): Promise<Loose> {
  const ephemeral = createClientEphemeral();
  const dpv = await c.call('RespondToAuthChallenge', {
    ClientId: clientId,
    ChallengeName: 'DEVICE_SRP_AUTH',
    Session: session,
    ChallengeResponses: { USERNAME: username, DEVICE_KEY: device.deviceKey, SRP_A: ephemeral.AHex },
  });
  const p = dpv.ChallengeParameters as Record<string, string>;
  const claim = await computePasswordClaim({
    ephemeral,
    srpB: p.SRP_B!,
    salt: p.SALT!,
    secretBlock: p.SECRET_BLOCK!,
    namePart1: device.groupKey,
    namePart2: device.deviceKey,
    secret: device.devicePassword,
  });
  return c.call('RespondToAuthChallenge', {
    ClientId: clientId,
    ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
    Session: dpv.Session,
    ChallengeResponses: {
      USERNAME: username,
      DEVICE_KEY: device.deviceKey,
      PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!,
      TIMESTAMP: claim.timestamp,
      PASSWORD_CLAIM_SIGNATURE: claim.signature,
    },
  });
}
