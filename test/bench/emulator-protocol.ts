// The benchmark's Cognito client: raw JSON 1.1 over kept-alive sockets (keep-alive-http.ts: cheaper per
// call than fetch or node:http, so the client's CPU goes to SRP, not to HTTP), and the two flows it drives:
// enrolling a device and a complete remembered-device sign-in, with proofs from src/srp.
import {
  computePasswordClaim,
  createClientEphemeral,
  createDeviceVerifier,
  userPoolName,
} from '../../src/srp/index.ts';
import { totpNow } from '../support/totp.ts';
import { loadClaim, loadEphemeral } from './emulator-load-srp.ts';
import { KeepAliveHttpClient } from './keep-alive-http.ts';

/**
 * Which SRP the client computes its proofs with: 'openssl' (default: a cheap load generator, see
 * emulator-load-srp.ts) or 'this' (src/srp, the extension's own, to see the client's cost).
 */
export const CLIENT_SRP: 'openssl' | 'this' = process.env.BENCH_CLIENT_SRP === 'this' ? 'this' : 'openssl';
const newEphemeral = CLIENT_SRP === 'this' ? createClientEphemeral : loadEphemeral;
const claimFor = CLIENT_SRP === 'this' ? computePasswordClaim : loadClaim;

export type Json = Record<string, unknown>;

export class CognitoCallError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(`${operation}: ${type}: ${message}`);
  }
}

export class RawCognitoClient {
  private readonly http: KeepAliveHttpClient;

  constructor(endpoint: string, maxSockets: number) {
    this.http = new KeepAliveHttpClient(endpoint, maxSockets);
  }

  async call(operation: string, body: Json): Promise<Json> {
    const res = await this.http.post(
      {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
      },
      Buffer.from(JSON.stringify(body)),
    );
    const text = res.body.toString('utf8');
    let parsed: Json = {};
    try {
      parsed = text ? (JSON.parse(text) as Json) : {};
    } catch {
      parsed = { message: text.slice(0, 200) };
    }
    if (res.status === 200) return parsed;
    const type =
      String(parsed.__type ?? 'HTTP')
        .split('#')
        .pop() ?? 'HTTP';
    throw new CognitoCallError(operation, res.status, type, String(parsed.message ?? ''));
  }

  close(): void {
    this.http.close();
  }
}

export interface BenchPool {
  poolId: string;
  clientId: string;
  password: string;
}

export interface EnrolledDevice {
  username: string;
  deviceKey: string;
  groupKey: string;
  devicePassword: string;
}

function params(resp: Json, expected: string): Record<string, string> {
  if (resp.ChallengeName !== expected) {
    throw new Error(`expected ${expected}, got ${String(resp.ChallengeName ?? 'tokens')}`);
  }
  return (resp.ChallengeParameters ?? {}) as Record<string, string>;
}

/** The password step of a sign-in: USER_SRP_AUTH, or USER_AUTH with PREFERRED_CHALLENGE PASSWORD_SRP. */
export type PasswordFlow = 'USER_SRP_AUTH' | 'USER_AUTH';

/** USER_SRP_AUTH (or USER_AUTH PASSWORD_SRP) through PASSWORD_VERIFIER; returns the server's next answer. */
async function userSrp(
  client: RawCognitoClient,
  pool: BenchPool,
  username: string,
  deviceKey?: string,
  flow: PasswordFlow = 'USER_SRP_AUTH',
) {
  const ephemeral = newEphemeral();
  const init = await client.call('InitiateAuth', {
    AuthFlow: flow,
    ClientId: pool.clientId,
    AuthParameters: {
      USERNAME: username,
      SRP_A: ephemeral.AHex,
      ...(flow === 'USER_AUTH' ? { PREFERRED_CHALLENGE: 'PASSWORD_SRP' } : {}),
      ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}),
    },
  });
  const p = params(init, 'PASSWORD_VERIFIER');
  const userId = p.USER_ID_FOR_SRP ?? username;
  const claim = await claimFor({
    ephemeral,
    srpB: p.SRP_B ?? '',
    salt: p.SALT ?? '',
    secretBlock: p.SECRET_BLOCK ?? '',
    namePart1: userPoolName(pool.poolId),
    namePart2: userId,
    secret: pool.password,
  });
  const answer = await client.call('RespondToAuthChallenge', {
    ClientId: pool.clientId,
    ChallengeName: 'PASSWORD_VERIFIER',
    Session: init.Session,
    ChallengeResponses: {
      USERNAME: userId,
      PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK,
      TIMESTAMP: claim.timestamp,
      PASSWORD_CLAIM_SIGNATURE: claim.signature,
      ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}),
    },
  });
  return { answer, userId };
}

/** First sign-in with TOTP, then ConfirmDevice with a verifier from src/srp. */
export async function enrollDevice(
  client: RawCognitoClient,
  pool: BenchPool,
  username: string,
  totpSecret: string,
): Promise<EnrolledDevice> {
  const { answer, userId } = await userSrp(client, pool, username);
  params(answer, 'SOFTWARE_TOKEN_MFA');
  const code = totpNow(totpSecret);
  const done = await client.call('RespondToAuthChallenge', {
    ClientId: pool.clientId,
    ChallengeName: 'SOFTWARE_TOKEN_MFA',
    Session: answer.Session,
    ChallengeResponses: { USERNAME: userId, SOFTWARE_TOKEN_MFA_CODE: code },
  });
  const result = done.AuthenticationResult as Json | undefined;
  const meta = result?.NewDeviceMetadata as { DeviceKey?: string; DeviceGroupKey?: string } | undefined;
  if (!meta?.DeviceKey || !meta.DeviceGroupKey) throw new Error('no NewDeviceMetadata after MFA');
  const verifier = await createDeviceVerifier(meta.DeviceGroupKey, meta.DeviceKey);
  await client.call('ConfirmDevice', {
    AccessToken: result?.AccessToken,
    DeviceKey: meta.DeviceKey,
    DeviceSecretVerifierConfig: verifier.verifierConfig,
    DeviceName: 'bench device',
  });
  return {
    username: userId,
    deviceKey: meta.DeviceKey,
    groupKey: meta.DeviceGroupKey,
    devicePassword: verifier.devicePassword,
  };
}

/**
 * A complete remembered-device sign-in, every proof computed here, nothing precomputed:
 * USER_SRP_AUTH → PASSWORD_VERIFIER → DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER → tokens.
 */
export async function deviceSignIn(
  client: RawCognitoClient,
  pool: BenchPool,
  device: EnrolledDevice,
  flow: PasswordFlow = 'USER_SRP_AUTH',
): Promise<Json> {
  const { answer, userId } = await userSrp(client, pool, device.username, device.deviceKey, flow);
  params(answer, 'DEVICE_SRP_AUTH');
  const ephemeral = newEphemeral();
  const challenge = await client.call('RespondToAuthChallenge', {
    ClientId: pool.clientId,
    ChallengeName: 'DEVICE_SRP_AUTH',
    Session: answer.Session,
    ChallengeResponses: { USERNAME: userId, DEVICE_KEY: device.deviceKey, SRP_A: ephemeral.AHex },
  });
  const p = params(challenge, 'DEVICE_PASSWORD_VERIFIER');
  const claim = await claimFor({
    ephemeral,
    srpB: p.SRP_B ?? '',
    salt: p.SALT ?? '',
    secretBlock: p.SECRET_BLOCK ?? '',
    namePart1: device.groupKey,
    namePart2: device.deviceKey,
    secret: device.devicePassword,
  });
  const done = await client.call('RespondToAuthChallenge', {
    ClientId: pool.clientId,
    ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
    Session: challenge.Session,
    ChallengeResponses: {
      USERNAME: p.USERNAME ?? userId,
      PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK,
      TIMESTAMP: claim.timestamp,
      PASSWORD_CLAIM_SIGNATURE: claim.signature,
      DEVICE_KEY: device.deviceKey,
    },
  });
  const result = done.AuthenticationResult as Json | undefined;
  if (done.ChallengeName || typeof result?.AccessToken !== 'string') {
    throw new Error(`expected tokens, got ${String(done.ChallengeName ?? 'no AccessToken')}`);
  }
  if (result.NewDeviceMetadata) throw new Error('remembered device sign-in returned NewDeviceMetadata');
  return result;
}
