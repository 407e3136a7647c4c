import { type ClientEphemeral, computePasswordClaim } from '../../src/srp/index.ts';
import type { DeviceRecord } from '../vault/schema.ts';
import type { CallContext } from './context.ts';
import { errorCode, parseJsonObject, type RawResponse, rawCognitoCall } from './raw-call.ts';

export type DeviceChallengeOutcome =
  /** The final response (tokens, or Cognito's error) the page receives for its own request. */
  { response: RawResponse; verified: boolean };

function challengeParams(res: RawResponse): { session?: string; params: Record<string, unknown> } {
  const body = parseJsonObject(res.text);
  const params = body?.ChallengeParameters;
  const session = typeof body?.Session === 'string' ? body.Session : undefined;
  return {
    ...(session ? { session } : {}),
    params: typeof params === 'object' && params !== null ? (params as Record<string, unknown>) : {},
  };
}

/**
 * Flow 2: Cognito asked for DEVICE_SRP_AUTH on a sign-in the vault's device key joined. Runs
 * DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER here, in the background, so the device password and
 * group key never reach the page; the page gets the final answer. `ephemeral` was computed while
 * the previous request was in flight.
 */
export async function answerDeviceChallenge(
  ctx: CallContext,
  endpoint: string,
  clientId: string,
  device: DeviceRecord,
  challenge: RawResponse,
  ephemeral: ClientEphemeral,
  secretHash: string | undefined,
): Promise<DeviceChallengeOutcome> {
  const first = challengeParams(challenge);
  const username = typeof first.params.USERNAME === 'string' ? first.params.USERNAME : device.username;
  const withSecret = (r: Record<string, string>) => (secretHash ? { ...r, SECRET_HASH: secretHash } : r);

  const srpResponse = await rawCognitoCall(
    ctx.fetch,
    endpoint,
    'RespondToAuthChallenge',
    JSON.stringify({
      ChallengeName: 'DEVICE_SRP_AUTH',
      ClientId: clientId,
      Session: first.session,
      ChallengeResponses: withSecret({
        USERNAME: username,
        DEVICE_KEY: device.deviceKey,
        SRP_A: ephemeral.AHex,
      }),
    }),
  );
  const second = challengeParams(srpResponse);
  const { SRP_B, SALT, SECRET_BLOCK } = second.params;
  if (
    srpResponse.status !== 200 ||
    typeof SRP_B !== 'string' ||
    typeof SALT !== 'string' ||
    typeof SECRET_BLOCK !== 'string'
  ) {
    return { response: srpResponse, verified: false };
  }
  const claim = await computePasswordClaim({
    ephemeral,
    srpB: SRP_B,
    salt: SALT,
    secretBlock: SECRET_BLOCK,
    namePart1: device.deviceGroupKey,
    namePart2: device.deviceKey,
    secret: device.devicePassword,
  });
  const verifierResponse = await rawCognitoCall(
    ctx.fetch,
    endpoint,
    'RespondToAuthChallenge',
    JSON.stringify({
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      ClientId: clientId,
      Session: second.session,
      ChallengeResponses: withSecret({
        USERNAME: typeof second.params.USERNAME === 'string' ? second.params.USERNAME : username,
        PASSWORD_CLAIM_SECRET_BLOCK: SECRET_BLOCK,
        TIMESTAMP: claim.timestamp,
        PASSWORD_CLAIM_SIGNATURE: claim.signature,
        DEVICE_KEY: device.deviceKey,
      }),
    }),
  );
  return { response: verifierResponse, verified: verifierResponse.status === 200 };
}

/** A DEVICE_PASSWORD_VERIFIER rejected for a bad proof (not an expired session or a fault). */
export function isRejectedProof(res: RawResponse): boolean {
  return errorCode(res) === 'NotAuthorizedException' && /incorrect username or password/i.test(res.text);
}
