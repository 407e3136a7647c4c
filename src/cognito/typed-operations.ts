/**
 * The operations the client has a typed method for: each one's request type, reply type and the
 * decoder that checks a 2xx answer before anyone reads it. One table, so a method, its types and
 * its check cannot drift apart.
 */
import type {
  ConfirmDeviceRequest,
  ConfirmDeviceResponse,
  ForgetDeviceRequest,
  GetDeviceRequest,
  GetDeviceResponse,
  GetTokensFromRefreshTokenRequest,
  GetTokensFromRefreshTokenResponse,
  GetUserRequest,
  GetUserResponse,
  InitiateAuthRequest,
  InitiateAuthResponse,
  ListDevicesRequest,
  ListDevicesResponse,
  RespondToAuthChallengeRequest,
  RespondToAuthChallengeResponse,
  UpdateDeviceStatusRequest,
  UpdateDeviceStatusResponse,
} from './types.ts';
import {
  checkAuthAnswer,
  checkConfirmDevice,
  checkDevice,
  checkGetUser,
  checkListDevices,
  checkTokenAnswer,
} from './validate.ts';

export interface TypedOperations {
  InitiateAuth: { request: InitiateAuthRequest; response: InitiateAuthResponse };
  RespondToAuthChallenge: {
    request: RespondToAuthChallengeRequest;
    response: RespondToAuthChallengeResponse;
  };
  ConfirmDevice: { request: ConfirmDeviceRequest; response: ConfirmDeviceResponse };
  UpdateDeviceStatus: { request: UpdateDeviceStatusRequest; response: UpdateDeviceStatusResponse };
  GetDevice: { request: GetDeviceRequest; response: GetDeviceResponse };
  ListDevices: { request: ListDevicesRequest; response: ListDevicesResponse };
  ForgetDevice: { request: ForgetDeviceRequest; response: undefined };
  GetTokensFromRefreshToken: {
    request: GetTokensFromRefreshTokenRequest;
    response: GetTokensFromRefreshTokenResponse;
  };
  GetUser: { request: GetUserRequest; response: GetUserResponse };
}
export type TypedOperation = keyof TypedOperations;
export type RequestOf<Op extends TypedOperation> = TypedOperations[Op]['request'];
export type ResponseOf<Op extends TypedOperation> = TypedOperations[Op]['response'];

type Decoders = {
  [Op in TypedOperation]: (operation: Op, answer: Record<string, unknown>) => ResponseOf<Op>;
};

/** The check each typed operation's 2xx answer passes (a failed check is a 'bad-response'). */
export const DECODERS: Decoders = {
  InitiateAuth: checkAuthAnswer,
  RespondToAuthChallenge: checkAuthAnswer,
  ConfirmDevice: checkConfirmDevice,
  // Cognito answers {} (or nothing); whatever else a server adds is not read.
  UpdateDeviceStatus: () => ({}),
  GetDevice: (operation, answer) => ({ Device: checkDevice(operation, answer.Device) }),
  ListDevices: checkListDevices,
  ForgetDevice: () => undefined,
  GetTokensFromRefreshToken: checkTokenAnswer,
  GetUser: checkGetUser,
};

export const TYPED_OPERATIONS = Object.keys(DECODERS) as TypedOperation[];
