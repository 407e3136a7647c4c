import { parseJsonObject } from './carrier-transport.ts';

/**
 * Challenge answers that may carry DEVICE_KEY: the password steps, every MFA and OTP answer, the
 * choice-based sign-in's SELECT_CHALLENGE / PASSWORD / PASSWORD_SRP and custom challenges (AWS API
 * reference, RespondToAuthChallenge ChallengeResponses: "Include a DEVICE_KEY for device authentication").
 */
const KEYED_CHALLENGES = new Set([
  'PASSWORD_VERIFIER',
  'SMS_MFA',
  'SOFTWARE_TOKEN_MFA',
  'EMAIL_OTP',
  'SELECT_MFA_TYPE',
  'MFA_SETUP',
  'NEW_PASSWORD_REQUIRED',
  'SMS_OTP',
  'SELECT_CHALLENGE',
  'PASSWORD',
  'PASSWORD_SRP',
  'CUSTOM_CHALLENGE',
]);

/** Sign-in flows whose InitiateAuth takes DEVICE_KEY (AWS API reference, InitiateAuth AuthParameters). */
export const SIGN_IN_FLOWS = ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH', 'USER_AUTH', 'CUSTOM_AUTH'] as const;
export type SignInFlow = (typeof SIGN_IN_FLOWS)[number];

/** What a page's Cognito request is, in the terms the device flows care about. */
export type CallShape =
  | { kind: 'sign-in'; flow: SignInFlow; typedUsername: string }
  | { kind: 'refresh'; refreshToken: string }
  | { kind: 'challenge-answer'; challengeName: string; typedUsername: string }
  | { kind: 'other' };

/** Fields of the page's request that Cognito's triggers and threat protection read: carried into the device steps. */
export interface CarriedFields {
  ClientMetadata?: Record<string, string>;
  UserContextData?: Record<string, string>;
  AnalyticsMetadata?: Record<string, string>;
}

export interface PageCall {
  operation: string;
  clientId: string;
  /** The page's own body, parsed. Read through the accessors below; never trusted for origin or identity. */
  body: Record<string, unknown>;
  shape: CallShape;
  /** The sign-in session this request continues (RespondToAuthChallenge). */
  session?: string;
  /**
   * The page sent a device key of its own (a non-empty string): that device is the page's, and is left
   * alone. `null` or "" is no device: amazon-cognito-identity-js sends `DEVICE_KEY: null` at every
   * refresh when its storage holds none, and the vault's key takes its place.
   */
  pageOwnsDevice: boolean;
  /** SECRET_HASH the page computed for `hashedName`, reused for the device steps it cannot see. */
  secretHash?: string;
  /** The username the page's SECRET_HASH was computed over (the USERNAME it sent alongside). */
  hashedName?: string;
  carried: CarriedFields;
}

function str(value: unknown, max = 4096): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
}
function obj(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
/** A map of short strings, as Cognito's ClientMetadata / UserContextData / AnalyticsMetadata are; else nothing. */
function stringMap(value: unknown): Record<string, string> | undefined {
  const o = obj(value);
  if (!o) return undefined;
  const entries = Object.entries(o);
  if (entries.length > 64) return undefined;
  for (const [k, v] of entries)
    if (k.length > 256 || typeof v !== 'string' || v.length > 8192) return undefined;
  return o as Record<string, string>;
}

function carriedFields(body: Record<string, unknown>): CarriedFields {
  const out: CarriedFields = {};
  for (const name of ['ClientMetadata', 'UserContextData', 'AnalyticsMetadata'] as const) {
    const value = stringMap(body[name]);
    if (value) out[name] = value;
  }
  return out;
}

/** A device key the page really sent; null, "" or a non-string is no key. */
function pageDeviceKey(value: unknown): boolean {
  return str(value, 256) !== undefined;
}

function isSignInFlow(flow: unknown): flow is SignInFlow {
  return (SIGN_IN_FLOWS as readonly unknown[]).includes(flow);
}

/**
 * What every page call has: `keyed` is where the operation carries DEVICE_KEY and SECRET_HASH
 * (AuthParameters, ChallengeResponses), `typedUsername` the USERNAME the hash goes with.
 */
function callBase(
  operation: string,
  clientId: string,
  body: Record<string, unknown>,
  keyed: Record<string, unknown>,
  typedUsername?: string,
  session?: string,
): Omit<PageCall, 'shape'> {
  const secretHash = str(keyed.SECRET_HASH, 256);
  return {
    operation,
    clientId,
    body,
    carried: carriedFields(body),
    pageOwnsDevice: pageDeviceKey(keyed.DEVICE_KEY),
    ...(session ? { session } : {}),
    ...(secretHash ? { secretHash } : {}),
    ...(secretHash && typedUsername ? { hashedName: typedUsername } : {}),
  };
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
    const base = callBase(operation, clientId, body, params, typedUsername);
    if (isSignInFlow(flow) && typedUsername)
      return { ...base, shape: { kind: 'sign-in', flow, typedUsername } };
    if ((flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') && refreshToken)
      return { ...base, shape: { kind: 'refresh', refreshToken } };
    return { ...base, shape: { kind: 'other' } };
  }
  if (operation === 'RespondToAuthChallenge') {
    const responses = obj(body.ChallengeResponses) ?? {};
    const challengeName = str(body.ChallengeName, 64);
    const typedUsername = str(responses.USERNAME, 256);
    const base = callBase(operation, clientId, body, responses, typedUsername, str(body.Session, 4096));
    if (challengeName && typedUsername && KEYED_CHALLENGES.has(challengeName))
      return { ...base, shape: { kind: 'challenge-answer', challengeName, typedUsername } };
    return { ...base, shape: { kind: 'other' } };
  }
  if (operation === 'GetTokensFromRefreshToken') {
    const refreshToken = str(body.RefreshToken, 16_384);
    // The refresh names its device in DeviceKey and sends the client secret itself, no SECRET_HASH.
    const base = callBase(operation, clientId, body, { DEVICE_KEY: body.DeviceKey });
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
