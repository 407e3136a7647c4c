/**
 * Minimal checks on 2xx answers: only the fields callers rely on. A 2xx that fails them is not a
 * usable answer, so it is reported as a CognitoNetworkError of kind 'bad-response'.
 */
import { CognitoNetworkError } from './errors.ts';
import type {
  AuthenticationResultType,
  ConfirmDeviceResponse,
  DeviceType,
  GetUserResponse,
  InitiateAuthResponse,
  ListDevicesResponse,
} from './types.ts';

type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bad(operation: string, what: string): CognitoNetworkError {
  return new CognitoNetworkError(`Cognito ${operation} answer is malformed: ${what}`, 'bad-response');
}

function isString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function checkAuthenticationResult(operation: string, value: unknown): AuthenticationResultType {
  if (!isJsonObject(value)) throw bad(operation, 'AuthenticationResult is not an object');
  for (const field of ['AccessToken', 'IdToken', 'TokenType'] as const) {
    if (!isString(value[field])) throw bad(operation, `AuthenticationResult.${field} missing`);
  }
  if (typeof value.ExpiresIn !== 'number') throw bad(operation, 'AuthenticationResult.ExpiresIn missing');
  if (value.RefreshToken !== undefined && !isString(value.RefreshToken)) {
    throw bad(operation, 'AuthenticationResult.RefreshToken is not a string');
  }
  const meta = value.NewDeviceMetadata;
  if (
    meta !== undefined &&
    !(isJsonObject(meta) && isString(meta.DeviceKey) && isString(meta.DeviceGroupKey))
  ) {
    throw bad(operation, 'NewDeviceMetadata lacks DeviceKey or DeviceGroupKey');
  }
  return value as unknown as AuthenticationResultType;
}

/** InitiateAuth / RespondToAuthChallenge: tokens, or a named challenge. */
export function checkAuthAnswer(operation: string, value: JsonObject): InitiateAuthResponse {
  if (value.AuthenticationResult !== undefined && value.AuthenticationResult !== null) {
    checkAuthenticationResult(operation, value.AuthenticationResult);
  } else if (!isString(value.ChallengeName)) {
    throw bad(operation, 'neither AuthenticationResult nor ChallengeName');
  }
  if (value.Session !== undefined && value.Session !== null && typeof value.Session !== 'string') {
    throw bad(operation, 'Session is not a string');
  }
  if (value.ChallengeParameters !== undefined && !isJsonObject(value.ChallengeParameters)) {
    throw bad(operation, 'ChallengeParameters is not an object');
  }
  return value as InitiateAuthResponse;
}

export function checkTokenAnswer(
  operation: string,
  value: JsonObject,
): { AuthenticationResult: AuthenticationResultType } {
  return { ...value, AuthenticationResult: checkAuthenticationResult(operation, value.AuthenticationResult) };
}

export function checkDevice(operation: string, value: unknown): DeviceType {
  if (!isJsonObject(value) || !isString(value.DeviceKey)) throw bad(operation, 'device without DeviceKey');
  const attributes = value.DeviceAttributes;
  if (
    attributes !== undefined &&
    !(Array.isArray(attributes) && attributes.every((a) => isJsonObject(a) && typeof a.Name === 'string'))
  ) {
    throw bad(operation, 'DeviceAttributes is not a list of {Name, Value}');
  }
  return value as unknown as DeviceType;
}

export function checkConfirmDevice(operation: string, value: JsonObject): ConfirmDeviceResponse {
  const necessary = value.UserConfirmationNecessary;
  if (necessary !== undefined && typeof necessary !== 'boolean') {
    throw bad(operation, 'UserConfirmationNecessary is not a boolean');
  }
  return value as ConfirmDeviceResponse;
}

export function checkListDevices(operation: string, value: JsonObject): ListDevicesResponse {
  const devices = value.Devices ?? [];
  if (!Array.isArray(devices)) throw bad(operation, 'Devices is not a list');
  const token = value.PaginationToken;
  if (token !== undefined && token !== null && typeof token !== 'string') {
    throw bad(operation, 'PaginationToken is not a string');
  }
  const answer: ListDevicesResponse = { Devices: devices.map((d) => checkDevice(operation, d)) };
  // An empty or null token means the last page, as the SDKs read it.
  if (isString(token)) answer.PaginationToken = token;
  return answer;
}

export function checkGetUser(operation: string, value: JsonObject): GetUserResponse {
  if (!isString(value.Username)) throw bad(operation, 'Username missing');
  const attributes = value.UserAttributes ?? [];
  if (
    !(Array.isArray(attributes) && attributes.every((a) => isJsonObject(a) && typeof a.Name === 'string'))
  ) {
    throw bad(operation, 'UserAttributes is not a list of {Name, Value}');
  }
  return { ...value, UserAttributes: attributes } as GetUserResponse;
}
