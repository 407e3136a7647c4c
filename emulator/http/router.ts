import type { RequestContext } from '../context.ts';
import * as account from '../operations/account.ts';
import { AdminInitiateAuth, InitiateAuth } from '../operations/auth/initiate.ts';
import { GetTokensFromRefreshToken } from '../operations/auth/refresh.ts';
import { AdminRespondToAuthChallenge, RespondToAuthChallenge } from '../operations/auth/respond.ts';
import * as clients from '../operations/clients.ts';
import * as devices from '../operations/devices.ts';
import * as mfa from '../operations/mfa.ts';
import * as passwords from '../operations/passwords.ts';
import * as pools from '../operations/pools.ts';
import * as signOut from '../operations/sign-out.ts';
import * as signUp from '../operations/sign-up.ts';
import * as users from '../operations/users.ts';
import type { Json } from '../validate.ts';

export type Operation = (rc: RequestContext, input: Json) => Json | Promise<Json>;

/** Every operation the emulator speaks, by its X-Amz-Target name. */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  // Pools and app clients
  CreateUserPool: pools.CreateUserPool,
  DescribeUserPool: pools.DescribeUserPool,
  UpdateUserPool: pools.UpdateUserPool,
  DeleteUserPool: pools.DeleteUserPool,
  ListUserPools: pools.ListUserPools,
  SetUserPoolMfaConfig: pools.SetUserPoolMfaConfig,
  GetUserPoolMfaConfig: pools.GetUserPoolMfaConfig,
  CreateUserPoolClient: clients.CreateUserPoolClient,
  DescribeUserPoolClient: clients.DescribeUserPoolClient,
  UpdateUserPoolClient: clients.UpdateUserPoolClient,
  DeleteUserPoolClient: clients.DeleteUserPoolClient,
  ListUserPoolClients: clients.ListUserPoolClients,
  // Users
  AdminCreateUser: users.AdminCreateUser,
  AdminSetUserPassword: users.AdminSetUserPassword,
  AdminGetUser: users.AdminGetUser,
  AdminDeleteUser: users.AdminDeleteUser,
  AdminUpdateUserAttributes: users.AdminUpdateUserAttributes,
  AdminDeleteUserAttributes: users.AdminDeleteUserAttributes,
  AdminDisableUser: users.AdminDisableUser,
  AdminEnableUser: users.AdminEnableUser,
  AdminConfirmSignUp: users.AdminConfirmSignUp,
  AdminUserGlobalSignOut: signOut.AdminUserGlobalSignOut,
  ListUsers: users.ListUsers,
  GetUser: users.GetUser,
  UpdateUserAttributes: account.UpdateUserAttributes,
  ChangePassword: passwords.ChangePassword,
  SignUp: signUp.SignUp,
  ConfirmSignUp: signUp.ConfirmSignUp,
  ResendConfirmationCode: signUp.ResendConfirmationCode,
  ForgotPassword: passwords.ForgotPassword,
  ConfirmForgotPassword: passwords.ConfirmForgotPassword,
  GlobalSignOut: signOut.GlobalSignOut,
  RevokeToken: signOut.RevokeToken,
  DeleteUser: account.DeleteUser,
  GetUserAttributeVerificationCode: account.GetUserAttributeVerificationCode,
  VerifyUserAttribute: account.VerifyUserAttribute,
  AdminListGroupsForUser: account.AdminListGroupsForUser,
  // MFA
  AdminSetUserMFAPreference: mfa.AdminSetUserMFAPreference,
  SetUserMFAPreference: mfa.SetUserMFAPreference,
  AssociateSoftwareToken: mfa.AssociateSoftwareToken,
  VerifySoftwareToken: mfa.VerifySoftwareToken,
  // Sign-in
  InitiateAuth,
  AdminInitiateAuth,
  RespondToAuthChallenge,
  AdminRespondToAuthChallenge,
  GetTokensFromRefreshToken,
  // Devices
  ConfirmDevice: devices.ConfirmDevice,
  GetDevice: devices.GetDevice,
  ListDevices: devices.ListDevices,
  UpdateDeviceStatus: devices.UpdateDeviceStatus,
  ForgetDevice: devices.ForgetDevice,
  AdminGetDevice: devices.AdminGetDevice,
  AdminListDevices: devices.AdminListDevices,
  AdminUpdateDeviceStatus: devices.AdminUpdateDeviceStatus,
  AdminForgetDevice: devices.AdminForgetDevice,
};
