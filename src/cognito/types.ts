/**
 * Wire shapes of the Cognito user pool API (cognito-idp, 2016-04-18), as JSON 1.1 carries them.
 * Field names are the model's PascalCase. Dates are epoch seconds (floats), as on the wire.
 * A field is required here only where Cognito always sends it and callers rely on it; the client
 * checks exactly those at runtime (see validate.ts).
 */

export const AuthFlowType = {
  USER_SRP_AUTH: 'USER_SRP_AUTH',
  USER_PASSWORD_AUTH: 'USER_PASSWORD_AUTH',
  REFRESH_TOKEN_AUTH: 'REFRESH_TOKEN_AUTH',
  REFRESH_TOKEN: 'REFRESH_TOKEN',
  CUSTOM_AUTH: 'CUSTOM_AUTH',
  USER_AUTH: 'USER_AUTH',
  ADMIN_NO_SRP_AUTH: 'ADMIN_NO_SRP_AUTH',
  ADMIN_USER_PASSWORD_AUTH: 'ADMIN_USER_PASSWORD_AUTH',
} as const;
export type AuthFlowType = (typeof AuthFlowType)[keyof typeof AuthFlowType];

export const ChallengeNameType = {
  PASSWORD_VERIFIER: 'PASSWORD_VERIFIER',
  DEVICE_SRP_AUTH: 'DEVICE_SRP_AUTH',
  DEVICE_PASSWORD_VERIFIER: 'DEVICE_PASSWORD_VERIFIER',
  SMS_MFA: 'SMS_MFA',
  SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA',
  EMAIL_OTP: 'EMAIL_OTP',
  SMS_OTP: 'SMS_OTP',
  SELECT_MFA_TYPE: 'SELECT_MFA_TYPE',
  MFA_SETUP: 'MFA_SETUP',
  NEW_PASSWORD_REQUIRED: 'NEW_PASSWORD_REQUIRED',
  CUSTOM_CHALLENGE: 'CUSTOM_CHALLENGE',
  ADMIN_NO_SRP_AUTH: 'ADMIN_NO_SRP_AUTH',
  SELECT_CHALLENGE: 'SELECT_CHALLENGE',
  PASSWORD: 'PASSWORD',
  PASSWORD_SRP: 'PASSWORD_SRP',
  WEB_AUTHN: 'WEB_AUTHN',
} as const;
export type ChallengeNameType = (typeof ChallengeNameType)[keyof typeof ChallengeNameType];

export type DeviceRememberedStatusType = 'remembered' | 'not_remembered';

export interface AttributeType {
  Name: string;
  Value?: string;
}

export interface AnalyticsMetadataType {
  AnalyticsEndpointId?: string;
}

export interface UserContextDataType {
  IpAddress?: string;
  EncodedData?: string;
}

export interface NewDeviceMetadataType {
  DeviceKey: string;
  DeviceGroupKey: string;
}

export interface AuthenticationResultType {
  AccessToken: string;
  IdToken: string;
  /** Absent on refresh answers unless the app client rotates refresh tokens. */
  RefreshToken?: string;
  ExpiresIn: number;
  TokenType: string;
  /** Only when the pool tracks devices and the sign-in carried no valid DEVICE_KEY. */
  NewDeviceMetadata?: NewDeviceMetadataType;
}

export interface InitiateAuthRequest {
  AuthFlow: AuthFlowType;
  ClientId: string;
  AuthParameters?: Record<string, string>;
  ClientMetadata?: Record<string, string>;
  AnalyticsMetadata?: AnalyticsMetadataType;
  UserContextData?: UserContextDataType;
  Session?: string;
}

/** Either a challenge (ChallengeName, usually with Session and ChallengeParameters) or AuthenticationResult. */
export interface InitiateAuthResponse {
  ChallengeName?: ChallengeNameType;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AuthenticationResult?: AuthenticationResultType;
  AvailableChallenges?: ChallengeNameType[];
}

export interface RespondToAuthChallengeRequest {
  ClientId: string;
  ChallengeName: ChallengeNameType;
  Session?: string;
  ChallengeResponses?: Record<string, string>;
  ClientMetadata?: Record<string, string>;
  AnalyticsMetadata?: AnalyticsMetadataType;
  UserContextData?: UserContextDataType;
}

export type RespondToAuthChallengeResponse = InitiateAuthResponse;

export interface DeviceSecretVerifierConfigType {
  /** base64(bytes(padHex(v))) */
  PasswordVerifier: string;
  /** base64(bytes(padHex(salt))) */
  Salt: string;
}

export interface ConfirmDeviceRequest {
  AccessToken: string;
  DeviceKey: string;
  DeviceSecretVerifierConfig?: DeviceSecretVerifierConfigType;
  DeviceName?: string;
}

export interface ConfirmDeviceResponse {
  /** true when the pool remembers devices only on user opt-in (UpdateDeviceStatus follows). */
  UserConfirmationNecessary?: boolean;
}

export interface UpdateDeviceStatusRequest {
  AccessToken: string;
  DeviceKey: string;
  DeviceRememberedStatus?: DeviceRememberedStatusType;
}

export type UpdateDeviceStatusResponse = Record<string, never>;

export interface DeviceType {
  DeviceKey: string;
  /** device_status, device_name, last_ip_used, ... */
  DeviceAttributes?: AttributeType[];
  DeviceCreateDate?: number;
  DeviceLastModifiedDate?: number;
  DeviceLastAuthenticatedDate?: number;
}

export interface GetDeviceRequest {
  DeviceKey: string;
  AccessToken?: string;
}

export interface GetDeviceResponse {
  Device: DeviceType;
}

export interface ListDevicesRequest {
  AccessToken: string;
  /** 0-60 */
  Limit?: number;
  PaginationToken?: string;
}

export interface ListDevicesResponse {
  Devices: DeviceType[];
  PaginationToken?: string;
}

export interface ForgetDeviceRequest {
  DeviceKey: string;
  AccessToken?: string;
}

export interface GetTokensFromRefreshTokenRequest {
  ClientId: string;
  RefreshToken: string;
  ClientSecret?: string;
  /** Required by Cognito when the refresh token was issued to a tracked device. */
  DeviceKey?: string;
  ClientMetadata?: Record<string, string>;
}

export interface GetTokensFromRefreshTokenResponse {
  AuthenticationResult: AuthenticationResultType;
}

export interface GetUserRequest {
  AccessToken: string;
}

export interface MFAOptionType {
  DeliveryMedium?: 'SMS' | 'EMAIL';
  AttributeName?: string;
}

export interface GetUserResponse {
  Username: string;
  UserAttributes: AttributeType[];
  MFAOptions?: MFAOptionType[];
  PreferredMfaSetting?: string;
  UserMFASettingList?: string[];
}
