import type { ChallengeNameType } from '../../src/cognito/index.ts';
import type { ForwardedHeaders } from '../../src/messages/index.ts';
import { type ClientEphemeral, computePasswordClaim } from '../../src/srp/index.ts';
import { markStep } from '../startup-marks.ts';
import type { DeviceRecord } from '../vault/schema.ts';
import {
  deviceStepClient,
  errorCode,
  parseJsonObject,
  type RawResponse,
  stepReply,
} from './carrier-transport.ts';
import type { CallContext } from './context.ts';
import type { CarriedFields } from './request-shape.ts';

export type DeviceChallengeOutcome =
  /** Cognito answered the device proof with tokens, or with the sign-in's next challenge. */
  | { kind: 'answered'; response: RawResponse; tokens: boolean }
  /** A failure that may pass (throttling, Cognito's own errors): the device stays as it is. */
  | { kind: 'transient'; response: RawResponse }
  /** A failure that will repeat (rejected proof, secret hash, unknown device): the device must stop. */
  | { kind: 'refused'; response: RawResponse; reason: string };

/** What the device steps reuse from the page's sign-in. */
export interface DeviceStepInput {
  endpoint: string;
  clientId: string;
  /** SECRET_HASH over the canonical username, when the app client has a secret. */
  secretHash?: string;
  /** The page's ClientMetadata / UserContextData / AnalyticsMetadata: triggers and threat protection see one sign-in. */
  carried: CarriedFields;
  /** The page's allow-listed request headers (user agent, WAF token). */
  headers: ForwardedHeaders;
}

function challengeParams(res: RawResponse): { session?: string; params: Record<string, unknown> } {
  const body = parseJsonObject(res.text);
  const params = body?.ChallengeParameters;
  const session = typeof body?.Session === 'string' ? body.Session : undefined;
  return {
    ...(session ? { session } : {}),
    params: typeof params === 'object' && params !== null ? (params as Record<string, unknown>) : {},
  };
}

const TRANSIENT_CODES = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'InternalErrorException',
  'ServiceUnavailableException',
]);

function classify(res: RawResponse): DeviceChallengeOutcome {
  if (res.status === 200) {
    return {
      kind: 'answered',
      response: res,
      tokens: parseJsonObject(res.text)?.AuthenticationResult != null,
    };
  }
  const code = errorCode(res);
  if (res.status >= 500 || (code && TRANSIENT_CODES.has(code))) return { kind: 'transient', response: res };
  const message = parseJsonObject(res.text)?.message;
  return {
    kind: 'refused',
    response: res,
    reason: `${code ?? `HTTP ${res.status}`}${typeof message === 'string' ? `: ${message.slice(0, 200)}` : ''}`,
  };
}

/**
 * Cognito asked for DEVICE_SRP_AUTH on a sign-in that presented the vault's device. Runs
 * DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER here, in the background, so the device password and
 * group key never reach the page; the page gets the final answer. `ephemeral` was computed while
 * the previous request was in flight.
 */
export async function answerDeviceChallenge(
  ctx: CallContext,
  step: DeviceStepInput,
  device: DeviceRecord,
  challenge: RawResponse,
  ephemeral: ClientEphemeral,
): Promise<DeviceChallengeOutcome> {
  const first = challengeParams(challenge);
  // Challenge responses name the user by the canonical username, never an alias (AWS API reference,
  // InitiateAuth ChallengeParameters: "You must use the username and not an alias").
  const username = typeof first.params.USERNAME === 'string' ? first.params.USERNAME : device.username;
  const withSecret = (r: Record<string, string>) =>
    step.secretHash ? { ...r, SECRET_HASH: step.secretHash } : r;
  const client = deviceStepClient(ctx, step.endpoint, step.headers);
  const send = (session: string | undefined, name: ChallengeNameType, responses: Record<string, string>) =>
    stepReply(
      ctx,
      client.answer('RespondToAuthChallenge', {
        ChallengeName: name,
        ClientId: step.clientId,
        Session: session,
        ChallengeResponses: withSecret(responses),
        ...step.carried,
      }),
    );

  const srpResponse = await send(first.session, 'DEVICE_SRP_AUTH', {
    USERNAME: username,
    DEVICE_KEY: device.deviceKey,
    SRP_A: ephemeral.AHex,
  });
  const second = challengeParams(srpResponse);
  const { SRP_B, SALT, SECRET_BLOCK } = second.params;
  if (srpResponse.status !== 200) return classify(srpResponse);
  if (typeof SRP_B !== 'string' || typeof SALT !== 'string' || typeof SECRET_BLOCK !== 'string') {
    return {
      kind: 'refused',
      response: srpResponse,
      reason: 'DEVICE_SRP_AUTH answer without SRP_B, SALT or SECRET_BLOCK',
    };
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
  markStep('srp:claim-computed');
  const verifierResponse = await send(second.session, 'DEVICE_PASSWORD_VERIFIER', {
    USERNAME: typeof second.params.USERNAME === 'string' ? second.params.USERNAME : username,
    PASSWORD_CLAIM_SECRET_BLOCK: SECRET_BLOCK,
    TIMESTAMP: claim.timestamp,
    PASSWORD_CLAIM_SIGNATURE: claim.signature,
    DEVICE_KEY: device.deviceKey,
  });
  return classify(verifierResponse);
}
