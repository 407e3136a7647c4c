/** Every request names its operation in `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`. */
export const COGNITO_TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

/** Operations the device feature speaks: the client has a typed method for each. */
export const DEVICE_FLOW_OPERATIONS = [
  'InitiateAuth',
  'RespondToAuthChallenge',
  'ConfirmDevice',
  'UpdateDeviceStatus',
  'GetDevice',
  'ListDevices',
  'ForgetDevice',
  'GetTokensFromRefreshToken',
  'GetUser',
] as const;
export type DeviceFlowOperation = (typeof DEVICE_FLOW_OPERATIONS)[number];

/** All operations of the cognito-idp API model (2016-04-18), so unrelated calls are recognised too. */
export const COGNITO_OPERATIONS = [
  'AddCustomAttributes',
  'AddUserPoolClientSecret',
  'AdminAddUserToGroup',
  'AdminConfirmSignUp',
  'AdminCreateUser',
  'AdminDeleteSoftwareToken',
  'AdminDeleteUserAttributes',
  'AdminDeleteUser',
  'AdminDisableProviderForUser',
  'AdminDisableUser',
  'AdminEnableUser',
  'AdminForgetDevice',
  'AdminGetDevice',
  'AdminGetUserAuthFactors',
  'AdminGetUser',
  'AdminInitiateAuth',
  'AdminLinkProviderForUser',
  'AdminListDevices',
  'AdminListGroupsForUser',
  'AdminListUserAuthEvents',
  'AdminListUserSessions',
  'AdminRemoveUserFromGroup',
  'AdminResetUserPassword',
  'AdminRespondToAuthChallenge',
  'AdminRevokeUserSession',
  'AdminSetUserMFAPreference',
  'AdminSetUserPassword',
  'AdminSetUserSettings',
  'AdminUpdateAuthEventFeedback',
  'AdminUpdateDeviceStatus',
  'AdminUpdateUserAttributes',
  'AdminUserGlobalSignOut',
  'AssociateSoftwareToken',
  'ChangePassword',
  'CompleteWebAuthnRegistration',
  'ConfirmDevice',
  'ConfirmForgotPassword',
  'ConfirmSignUp',
  'CreateGroup',
  'CreateIdentityProvider',
  'CreateManagedLoginBranding',
  'CreateResourceServer',
  'CreateTerms',
  'CreateUserImportJob',
  'CreateUserPoolClient',
  'CreateUserPool',
  'CreateUserPoolDomain',
  'CreateUserPoolReplica',
  'DeleteGroup',
  'DeleteIdentityProvider',
  'DeleteManagedLoginBranding',
  'DeleteResourceServer',
  'DeleteTerms',
  'DeleteUserAttributes',
  'DeleteUser',
  'DeleteUserPoolClient',
  'DeleteUserPoolClientSecret',
  'DeleteUserPool',
  'DeleteUserPoolDomain',
  'DeleteUserPoolReplica',
  'DeleteWebAuthnCredential',
  'DescribeIdentityProvider',
  'DescribeManagedLoginBrandingByClient',
  'DescribeManagedLoginBranding',
  'DescribeResourceServer',
  'DescribeRiskConfiguration',
  'DescribeTermsByClient',
  'DescribeTerms',
  'DescribeUserImportJob',
  'DescribeUserPoolClient',
  'DescribeUserPool',
  'DescribeUserPoolDomain',
  'ForgetDevice',
  'ForgotPassword',
  'GetCSVHeader',
  'GetClientToken',
  'GetDevice',
  'GetGroup',
  'GetIdentityProviderByIdentifier',
  'GetLogDeliveryConfiguration',
  'GetProvisionedLimit',
  'GetSigningCertificate',
  'GetTokensFromRefreshToken',
  'GetUICustomization',
  'GetUserAttributeVerificationCode',
  'GetUserAuthFactors',
  'GetUser',
  'GetUserPoolClientSessionConfiguration',
  'GetUserPoolMfaConfig',
  'GetUserPoolSessionConfiguration',
  'GlobalSignOut',
  'InitiateAuth',
  'ListDevices',
  'ListGroups',
  'ListIdentityProviders',
  'ListResourceServers',
  'ListTagsForResource',
  'ListTerms',
  'ListUserImportJobs',
  'ListUserPoolClientSecrets',
  'ListUserPoolClients',
  'ListUserPoolReplicas',
  'ListUserPools',
  'ListUserSessions',
  'ListUsers',
  'ListUsersInGroup',
  'ListWebAuthnCredentials',
  'ResendConfirmationCode',
  'RespondToAuthChallenge',
  'RevokeToken',
  'RevokeUserSession',
  'SetLogDeliveryConfiguration',
  'SetRiskConfiguration',
  'SetUICustomization',
  'SetUserMFAPreference',
  'SetUserPoolClientSessionConfiguration',
  'SetUserPoolMfaConfig',
  'SetUserPoolSessionConfiguration',
  'SetUserSettings',
  'SignUp',
  'StartUserImportJob',
  'StartWebAuthnRegistration',
  'StopUserImportJob',
  'TagResource',
  'UntagResource',
  'UpdateAuthEventFeedback',
  'UpdateDeviceStatus',
  'UpdateGroup',
  'UpdateIdentityProvider',
  'UpdateManagedLoginBranding',
  'UpdateProvisionedLimit',
  'UpdateResourceServer',
  'UpdateTerms',
  'UpdateUserAttributes',
  'UpdateUserPoolClient',
  'UpdateUserPool',
  'UpdateUserPoolDomain',
  'UpdateUserPoolReplica',
  'VerifySoftwareToken',
  'VerifyUserAttribute',
] as const;
export type CognitoOperation = (typeof COGNITO_OPERATIONS)[number];

const KNOWN = new Set<string>(COGNITO_OPERATIONS);

export function isCognitoOperation(name: unknown): name is CognitoOperation {
  return typeof name === 'string' && KNOWN.has(name);
}

// An operation name is a PascalCase identifier; bounding it keeps junk out of logs and lookups.
const OPERATION_NAME = /^[A-Z][A-Za-z0-9]{0,63}$/;

/** True if `name` has the shape of an operation name, known or not (new operations appear over time). */
export function isOperationName(name: string): boolean {
  return OPERATION_NAME.test(name);
}

/**
 * The operation named by an X-Amz-Target header value, or undefined if the header is not a
 * Cognito user pool target. Unknown but well-formed operation names are returned as they are:
 * callers decide with isCognitoOperation whether they handle them.
 */
export function parseTarget(header: string | null | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  // Header values may carry optional whitespace around them (RFC 9110); nothing inside.
  const value = header.trim();
  if (!value.startsWith(COGNITO_TARGET_PREFIX)) return undefined;
  const operation = value.slice(COGNITO_TARGET_PREFIX.length);
  return isOperationName(operation) ? operation : undefined;
}

export function targetFor(operation: string): string {
  if (!isOperationName(operation))
    throw new TypeError(`Not a Cognito operation name: ${JSON.stringify(operation.slice(0, 80))}`);
  return COGNITO_TARGET_PREFIX + operation;
}
