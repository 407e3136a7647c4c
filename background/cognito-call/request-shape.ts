import { parseJsonObject } from './raw-call.ts';

/** Challenge answers that carry DEVICE_KEY (PROTOCOL.md: the password step and every MFA answer). */
const KEYED_CHALLENGES = new Set([
  'PASSWORD_VERIFIER',
  'SMS_MFA',
  'SOFTWARE_TOKEN_MFA',
  'EMAIL_OTP',
  'SELECT_MFA_TYPE',
  'MFA_SETUP',
  'NEW_PASSWORD_REQUIRED',
  'SMS_OTP',
]);

/** What a page's Cognito request is, in the terms the device flows care about. */
export type CallShape =
  | { kind: 'srp-start'; typedUsername: string }
  | { kind: 'password'; typedUsername: string }
  | { kind: 'refresh'; refreshToken: string }
  | { kind: 'challenge-answer'; challengeName: string; typedUsername: string }
  | { kind: 'other' };

export interface PageCall {
  operation: string;
  clientId: string;
  /** The page's own body, parsed. Read through the accessors below; never trusted for origin or identity. */
  body: Record<string, unknown>;
  shape: CallShape;
  /**
   * The page sent a device key of its own (a non-empty string): that device is the page's, and is left
   * alone. `null` or "" is no device: amazon-cognito-identity-js sends `DEVICE_KEY: null` at every
   * refresh when its storage holds none, and the vault's key takes its place.
   */
  pageOwnsDevice: boolean;
  /** SECRET_HASH the page computed for this user, reused for the device steps it cannot see. */
  secretHash?: string;
}

function str(value: unknown, max = 4096): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
}
function obj(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A device key the page really sent; null, "" or a non-string is no key. */
function pageDeviceKey(value: unknown): boolean {
  return str(value, 256) !== undefined;
}

/** Parses a page's request body; undefined when it is not something the device flows touch. */
export function readPageCall(operation: string, text: string): PageCall | undefined {
  const body = parseJsonObject(text);
  const clientId = str(body?.ClientId, 128);
  if (!body || !clientId) return undefined;
  if (operation === 'InitiateAuth') {
    const params = obj(body.AuthParameters) ?? {};
    const flow = body.AuthFlow;
    const typedUsername = str(params.USERNAME, 256);
    const refreshToken = str(params.REFRESH_TOKEN, 16_384);
    const base = { operation, clientId, body, pageOwnsDevice: pageDeviceKey(params.DEVICE_KEY) };
    const secretHash = str(params.SECRET_HASH, 256);
    const extra = secretHash ? { secretHash } : {};
    if (flow === 'USER_SRP_AUTH' && typedUsername)
      return { ...base, ...extra, shape: { kind: 'srp-start', typedUsername } };
    if (flow === 'USER_PASSWORD_AUTH' && typedUsername)
      return { ...base, ...extra, shape: { kind: 'password', typedUsername } };
    if ((flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') && refreshToken)
      return { ...base, ...extra, shape: { kind: 'refresh', refreshToken } };
    return { ...base, shape: { kind: 'other' } };
  }
  if (operation === 'RespondToAuthChallenge') {
    const responses = obj(body.ChallengeResponses) ?? {};
    const challengeName = str(body.ChallengeName, 64);
    const typedUsername = str(responses.USERNAME, 256);
    const secretHash = str(responses.SECRET_HASH, 256);
    const base = {
      operation,
      clientId,
      body,
      pageOwnsDevice: pageDeviceKey(responses.DEVICE_KEY),
      ...(secretHash ? { secretHash } : {}),
    };
    if (challengeName && typedUsername && KEYED_CHALLENGES.has(challengeName))
      return { ...base, shape: { kind: 'challenge-answer', challengeName, typedUsername } };
    return { ...base, shape: { kind: 'other' } };
  }
  if (operation === 'GetTokensFromRefreshToken') {
    const refreshToken = str(body.RefreshToken, 16_384);
    const base = { operation, clientId, body, pageOwnsDevice: pageDeviceKey(body.DeviceKey) };
    return refreshToken
      ? { ...base, shape: { kind: 'refresh', refreshToken } }
      : { ...base, shape: { kind: 'other' } };
  }
  return undefined;
}

/** The page's request with the vault's device key added where each operation carries it. Built fresh. */
export function withDeviceKey(call: PageCall, deviceKey: string): string {
  const b = call.body;
  if (call.operation === 'InitiateAuth')
    return JSON.stringify({ ...b, AuthParameters: { ...obj(b.AuthParameters), DEVICE_KEY: deviceKey } });
  if (call.operation === 'RespondToAuthChallenge')
    return JSON.stringify({
      ...b,
      ChallengeResponses: { ...obj(b.ChallengeResponses), DEVICE_KEY: deviceKey },
    });
  return JSON.stringify({ ...b, DeviceKey: deviceKey });
}
