import type {
  AdminCreateUserRequest,
  AdminCreateUserResponse,
  AdminDisableUserRequest,
  AdminDisableUserResponse,
  AdminEnableUserRequest,
  AdminEnableUserResponse,
  AdminForgetDeviceRequest,
  AdminGetDeviceRequest,
  AdminGetDeviceResponse,
  AdminGetUserRequest,
  AdminGetUserResponse,
  AdminInitiateAuthRequest,
  AdminInitiateAuthResponse,
  AdminListDevicesRequest,
  AdminListDevicesResponse,
  AdminSetUserMFAPreferenceRequest,
  AdminSetUserMFAPreferenceResponse,
  AdminSetUserPasswordRequest,
  AdminSetUserPasswordResponse,
  AdminUpdateDeviceStatusRequest,
  AdminUpdateDeviceStatusResponse,
  AssociateSoftwareTokenRequest,
  AssociateSoftwareTokenResponse,
  ConfirmDeviceRequest,
  ConfirmDeviceResponse,
  ConfirmForgotPasswordRequest,
  ConfirmForgotPasswordResponse,
  ConfirmSignUpRequest,
  ConfirmSignUpResponse,
  CreateUserPoolClientRequest,
  CreateUserPoolClientResponse,
  CreateUserPoolRequest,
  CreateUserPoolResponse,
  DescribeUserPoolClientRequest,
  DescribeUserPoolClientResponse,
  DescribeUserPoolRequest,
  DescribeUserPoolResponse,
  ForgetDeviceRequest,
  ForgotPasswordRequest,
  ForgotPasswordResponse,
  GetDeviceRequest,
  GetDeviceResponse,
  GetTokensFromRefreshTokenRequest,
  GetTokensFromRefreshTokenResponse,
  GetUserRequest,
  GetUserResponse,
  GlobalSignOutRequest,
  GlobalSignOutResponse,
  InitiateAuthRequest,
  InitiateAuthResponse,
  ListDevicesRequest,
  ListDevicesResponse,
  ListUsersRequest,
  ListUsersResponse,
  RespondToAuthChallengeRequest,
  RespondToAuthChallengeResponse,
  RevokeTokenRequest,
  RevokeTokenResponse,
  SetUserMFAPreferenceRequest,
  SetUserMFAPreferenceResponse,
  SetUserPoolMfaConfigRequest,
  SetUserPoolMfaConfigResponse,
  SignUpRequest,
  SignUpResponse,
  UpdateDeviceStatusRequest,
  UpdateDeviceStatusResponse,
  UpdateUserPoolClientRequest,
  UpdateUserPoolClientResponse,
  VerifySoftwareTokenRequest,
  VerifySoftwareTokenResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  computePasswordClaim,
  createClientEphemeral,
  createDeviceVerifier,
  formatTimestamp,
  userPoolName,
} from '../../src/srp/index.ts';

/**
 * A small wire client for the emulator's own tests: JSON 1.1 calls typed by the request and reply types of
 * AWS's own SDK (@aws-sdk/client-cognito-identity-provider), and the SRP steps done with src/srp. Not a
 * general Cognito client (that is src/cognito).
 */

/**
 * A reply as it crosses the wire: the SDK's types turn epoch-second timestamps into Date and base64 blobs
 * into bytes when they deserialize; the JSON 1.1 body carries numbers and strings.
 */
export type Wire<T> = T extends Date
  ? number
  : T extends Uint8Array
    ? string
    : T extends readonly (infer U)[]
      ? Wire<U>[]
      : T extends object
        ? { [K in keyof T]: Wire<T[K]> }
        : T;

/** Operations whose answer is an empty JSON object (the SDK declares no reply type for them). */
type NoReply = Record<string, never>;

/** Each operation the tests call: the request AWS's SDK sends and the reply it expects. */
export interface Operations {
  AdminCreateUser: [AdminCreateUserRequest, AdminCreateUserResponse];
  AdminDisableUser: [AdminDisableUserRequest, AdminDisableUserResponse];
  AdminEnableUser: [AdminEnableUserRequest, AdminEnableUserResponse];
  AdminForgetDevice: [AdminForgetDeviceRequest, NoReply];
  AdminGetDevice: [AdminGetDeviceRequest, AdminGetDeviceResponse];
  AdminGetUser: [AdminGetUserRequest, AdminGetUserResponse];
  AdminInitiateAuth: [AdminInitiateAuthRequest, AdminInitiateAuthResponse];
  AdminListDevices: [AdminListDevicesRequest, AdminListDevicesResponse];
  AdminSetUserMFAPreference: [AdminSetUserMFAPreferenceRequest, AdminSetUserMFAPreferenceResponse];
  AdminSetUserPassword: [AdminSetUserPasswordRequest, AdminSetUserPasswordResponse];
  AdminUpdateDeviceStatus: [AdminUpdateDeviceStatusRequest, AdminUpdateDeviceStatusResponse];
  AssociateSoftwareToken: [AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse];
  ConfirmDevice: [ConfirmDeviceRequest, ConfirmDeviceResponse];
  ConfirmForgotPassword: [ConfirmForgotPasswordRequest, ConfirmForgotPasswordResponse];
  ConfirmSignUp: [ConfirmSignUpRequest, ConfirmSignUpResponse];
  CreateUserPool: [CreateUserPoolRequest, CreateUserPoolResponse];
  CreateUserPoolClient: [CreateUserPoolClientRequest, CreateUserPoolClientResponse];
  DescribeUserPool: [DescribeUserPoolRequest, DescribeUserPoolResponse];
  DescribeUserPoolClient: [DescribeUserPoolClientRequest, DescribeUserPoolClientResponse];
  ForgetDevice: [ForgetDeviceRequest, NoReply];
  ForgotPassword: [ForgotPasswordRequest, ForgotPasswordResponse];
  GetDevice: [GetDeviceRequest, GetDeviceResponse];
  GetTokensFromRefreshToken: [GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse];
  GetUser: [GetUserRequest, GetUserResponse];
  GlobalSignOut: [GlobalSignOutRequest, GlobalSignOutResponse];
  InitiateAuth: [InitiateAuthRequest, InitiateAuthResponse];
  ListDevices: [ListDevicesRequest, ListDevicesResponse];
  ListUsers: [ListUsersRequest, ListUsersResponse];
  RespondToAuthChallenge: [RespondToAuthChallengeRequest, RespondToAuthChallengeResponse];
  RevokeToken: [RevokeTokenRequest, RevokeTokenResponse];
  SetUserMFAPreference: [SetUserMFAPreferenceRequest, SetUserMFAPreferenceResponse];
  SetUserPoolMfaConfig: [SetUserPoolMfaConfigRequest, SetUserPoolMfaConfigResponse];
  SignUp: [SignUpRequest, SignUpResponse];
  UpdateDeviceStatus: [UpdateDeviceStatusRequest, UpdateDeviceStatusResponse];
  UpdateUserPoolClient: [UpdateUserPoolClientRequest, UpdateUserPoolClientResponse];
  VerifySoftwareToken: [VerifySoftwareTokenRequest, VerifySoftwareTokenResponse];
}
export type Operation = keyof Operations;
export type RequestOf<Op extends Operation> = Operations[Op][0];
export type ReplyOf<Op extends Operation> = Wire<Operations[Op][1]>;

/** What came back, unparsed by type: for malformed-input tests, whose callers narrow `body` themselves. */
export interface RawResult {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A JSON object's members, or an error naming what the body was instead. */
export function jsonObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error(`expected a JSON object, got ${JSON.stringify(body)}`);
  }
  return body as Record<string, unknown>;
}

/** The Cognito error of a refused call, as AWS sends it: `__type` and `message`, both strings. */
export function wireError(r: RawResult): { type: string; message: string } {
  const { __type: type, message } = jsonObject(r.body);
  if (r.status === 200 || typeof type !== 'string' || typeof message !== 'string') {
    throw new Error(`expected a Cognito error, got ${r.status} ${JSON.stringify(r.body)}`);
  }
  return { type, message };
}

export class EmulatorClient {
  constructor(readonly url: string) {}

  /** Any operation name and any body (a string is sent as is): the escape hatch for malformed input. */
  async raw(
    operation: string,
    body: unknown,
    init: { headers?: Record<string, string> } = {},
  ): Promise<RawResult> {
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
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : {} };
  }

  /** The operation's answer; throws an Error named for the Cognito error otherwise. */
  async call<Op extends Operation>(operation: Op, request: RequestOf<Op>): Promise<ReplyOf<Op>> {
    const r = await this.raw(operation, request);
    if (r.status !== 200) {
      const { type, message } = wireError(r);
      const err = new Error(message);
      err.name = type;
      throw err;
    }
    // The boundary: the body is what AWS's SDK would deserialize as this operation's reply.
    return jsonObject(r.body) as ReplyOf<Op>;
  }
}

/** GET /_emulator/health, the emulator's own control route (AWS has none): its members checked. */
export async function readHealth(url: string): Promise<{ status: string; pools: number; time: string }> {
  const res = await fetch(`${url}/_emulator/health`);
  const { status, pools, time } = jsonObject(await res.json());
  if (!res.ok || typeof status !== 'string' || typeof pools !== 'number' || typeof time !== 'string') {
    throw new Error(`health: HTTP ${res.status} ${JSON.stringify({ status, pools, time })}`);
  }
  return { status, pools, time };
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

/** A member the SDK types as optional that this step needs: the value, or an error naming the member. */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what} in the reply`);
  return value;
}

type AuthReply = ReplyOf<'InitiateAuth'> | ReplyOf<'RespondToAuthChallenge'> | ReplyOf<'AdminInitiateAuth'>;

type AuthResult = NonNullable<AuthReply['AuthenticationResult']>;

/** The AuthenticationResult of a sign-in that succeeded, its two tokens present; an error otherwise. */
export function authResult(reply: AuthReply): AuthResult & { AccessToken: string; IdToken: string } {
  const result = present(reply.AuthenticationResult, `AuthenticationResult (got ${reply.ChallengeName})`);
  return {
    ...result,
    AccessToken: present(result.AccessToken, 'AccessToken'),
    IdToken: present(result.IdToken, 'IdToken'),
  };
}

/** A first sign-in's tokens: the AuthenticationResult with its refresh token too (refreshes issue none). */
export function signInTokens(reply: AuthReply): ReturnType<typeof authResult> & { RefreshToken: string } {
  const result = authResult(reply);
  return { ...result, RefreshToken: present(result.RefreshToken, 'RefreshToken') };
}

/** The ChallengeParameters of a challenge; an error if the reply has none. */
export function challengeParameters(reply: AuthReply): Record<string, string> {
  return present(reply.ChallengeParameters, `ChallengeParameters (got ${JSON.stringify(reply)})`);
}

export interface SrpStart {
  challenge: ReplyOf<'InitiateAuth'>;
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
  const p = challengeParameters(start.challenge);
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
): Promise<ReplyOf<'RespondToAuthChallenge'>> {
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
  meta: AuthResult['NewDeviceMetadata'],
  name = 'Test browser',
): Promise<RememberedDevice & { userConfirmationNecessary: boolean | undefined }> {
  const { DeviceKey, DeviceGroupKey } = present(meta, 'NewDeviceMetadata');
  const key = present(DeviceKey, 'DeviceKey');
  const groupKey = present(DeviceGroupKey, 'DeviceGroupKey');
  const verifier = await createDeviceVerifier(groupKey, key);
  const out = await c.call('ConfirmDevice', {
    AccessToken: accessToken,
    DeviceKey: key,
    DeviceSecretVerifierConfig: verifier.verifierConfig,
    DeviceName: name,
  });
  return {
    deviceKey: key,
    groupKey,
    devicePassword: verifier.devicePassword,
    userConfirmationNecessary: out.UserConfirmationNecessary,
  };
}

/** DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER for a DEVICE_SRP_AUTH challenge answer. */
export async function answerDeviceChallenge(
  c: EmulatorClient,
  clientId: string,
  session: string | undefined,
  username: string,
  device: RememberedDevice,
): Promise<ReplyOf<'RespondToAuthChallenge'>> {
  const ephemeral = createClientEphemeral();
  const dpv = await c.call('RespondToAuthChallenge', {
    ClientId: clientId,
    ChallengeName: 'DEVICE_SRP_AUTH',
    Session: present(session, 'Session'),
    ChallengeResponses: { USERNAME: username, DEVICE_KEY: device.deviceKey, SRP_A: ephemeral.AHex },
  });
  const p = challengeParameters(dpv);
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
