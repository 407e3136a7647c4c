/** What the emulator keeps. Dates are epoch seconds (floats), as Cognito returns them. */

export type MfaMethod = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

/**
 * Behaviours AWS documents only in part: each is a pool option whose default follows the AWS page named
 * in emulator/README.md ("Pool EmulatorOptions").
 */
export interface PoolEmulatorOptions {
  /**
   * A remembered device skips EMAIL_OTP like SMS and TOTP. Default false: DeviceConfigurationType says a
   * remembered device replaces "SMS and time-based one-time password (TOTP) factors", not email.
   */
  emailOtpSuppressedByDevice: boolean;
  /**
   * USER_PASSWORD_AUTH honours DEVICE_KEY, may answer DEVICE_SRP_AUTH and issues NewDeviceMetadata.
   * Default true: the InitiateAuth reference takes DEVICE_KEY with every flow's AuthParameters.
   */
  userPasswordAuthDeviceTracking: boolean;
  /**
   * With ChallengeRequiredOnNewDevice=false, a remembered device still runs DEVICE_SRP_AUTH (then MFA).
   * Default false: AWS documents nothing either way.
   */
  deviceSrpWithoutChallengeRequired: boolean;
}

export const defaultPoolEmulatorOptions: PoolEmulatorOptions = {
  emailOtpSuppressedByDevice: false,
  userPasswordAuthDeviceTracking: true,
  deviceSrpWithoutChallengeRequired: false,
};

export interface PasswordPolicy {
  MinimumLength: number;
  RequireUppercase: boolean;
  RequireLowercase: boolean;
  RequireNumbers: boolean;
  RequireSymbols: boolean;
  TemporaryPasswordValidityDays: number;
}

export interface DeviceConfiguration {
  ChallengeRequiredOnNewDevice?: boolean;
  DeviceOnlyRememberedOnUserPrompt?: boolean;
}

export interface PoolRecord {
  id: string;
  name: string;
  region: string;
  createdAt: number;
  modifiedAt: number;
  mfaConfiguration: 'OFF' | 'ON' | 'OPTIONAL';
  passwordPolicy: PasswordPolicy;
  deviceConfiguration?: DeviceConfiguration;
  usernameAttributes: string[];
  aliasAttributes: string[];
  autoVerifiedAttributes: string[];
  caseSensitive: boolean;
  /** Second factors the pool offers (SetUserPoolMfaConfig). */
  smsMfaEnabled: boolean;
  softwareTokenMfaEnabled: boolean;
  emailMfaEnabled: boolean;
  /** Policies.SignInPolicy.AllowedFirstAuthFactors (USER_AUTH); absent = AWS's default, PASSWORD only. */
  allowedFirstAuthFactors?: string[];
  /** LambdaConfig triggers the emulator runs: a module path or an http(s) URL per trigger name. */
  triggers?: Record<string, string>;
  /** Other CreateUserPool/UpdateUserPool fields, echoed back by DescribeUserPool. */
  extra: Record<string, unknown>;
  emulator: PoolEmulatorOptions;
}

export interface ClientRecord {
  id: string;
  poolId: string;
  name: string;
  secret?: string;
  createdAt: number;
  modifiedAt: number;
  explicitAuthFlows: string[];
  /** Minutes a sign-in Session stays valid (3-15). */
  authSessionValidity: number;
  accessTokenValiditySeconds: number;
  idTokenValiditySeconds: number;
  refreshTokenValiditySeconds: number;
  preventUserExistenceErrors: 'LEGACY' | 'ENABLED';
  enableTokenRevocation: boolean;
  /**
   * RefreshTokenRotation: GetTokensFromRefreshToken answers a new refresh token and the old one works
   * for RetryGracePeriodSeconds more (absent = DISABLED, as on clients created before the feature).
   */
  refreshTokenRotation?: RefreshTokenRotation;
  /** Echoed back by DescribeUserPoolClient as given. */
  extra: Record<string, unknown>;
}

export interface RefreshTokenRotation {
  feature: 'ENABLED' | 'DISABLED';
  /** 0-60; 0 = the submitted token dies with the request that rotates it. */
  retryGracePeriodSeconds: number;
}

export type UserStatus = 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'UNCONFIRMED' | 'RESET_REQUIRED';

export interface UserRecord {
  poolId: string;
  /** The canonical username (USER_ID_FOR_SRP); a UUID (= sub) in pools with UsernameAttributes. */
  username: string;
  sub: string;
  attributes: Record<string, string>;
  enabled: boolean;
  status: UserStatus;
  /** The password lives only as an SRP verifier and its salt (padHex forms). */
  saltHex: string;
  verifierHex: string;
  createdAt: number;
  modifiedAt: number;
  mfa: { sms: boolean; email: boolean; totp: boolean; preferred?: MfaMethod };
  totpSecret?: string;
  /** A secret from AssociateSoftwareToken that VerifySoftwareToken has not confirmed yet. */
  pendingTotpSecret?: string;
  /** The last TOTP time step accepted, so a code cannot be used twice. */
  lastTotpStep?: number;
  confirmationCode?: string;
  /** ForgotPassword's code, until ConfirmForgotPassword uses it. */
  resetCode?: string;
  /** GetUserAttributeVerificationCode's codes by attribute (email, phone_number), until verified. */
  attributeCodes?: Record<string, { code: string; expiresAt: number }>;
}

export interface DeviceRecord {
  key: string;
  groupKey: string;
  poolId: string;
  username: string;
  name?: string;
  status: 'remembered' | 'not_remembered';
  /** ConfirmDevice has stored a verifier. */
  confirmed: boolean;
  saltHex?: string;
  verifierHex?: string;
  createdAt: number;
  modifiedAt: number;
  lastAuthAt: number;
  lastIp?: string;
}

export interface RefreshTokenRecord {
  /** SHA-256 of the token: the token itself is never stored. */
  hash: string;
  originJti: string;
  poolId: string;
  clientId: string;
  username: string;
  deviceKey?: string;
  authTime: number;
  expiresAt: number;
  /** RevokeToken / GlobalSignOut: the refresh token and the access tokens issued from it are dead. */
  revoked: boolean;
  /** ForgetDevice: the refresh token is dead, access tokens already issued live until they expire. */
  invalidated?: boolean;
  /**
   * When rotation replaced it (epoch seconds): it keeps working for the client's grace period, then
   * fails with RefreshTokenReuseException. Access tokens already issued from it stay valid.
   */
  rotatedAt?: number;
}

export interface SigningKeyRecord {
  poolId: string;
  kid: string;
  privateJwk: Record<string, unknown>;
}
