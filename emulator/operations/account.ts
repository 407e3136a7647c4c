import type { RequestContext } from '../context.ts';
import { deliverCode } from '../domain/delivery.ts';
import { updateAttributes } from '../domain/users.ts';
import { CognitoError, codeMismatch, invalidParameter } from '../http/errors.ts';
import { newCode } from '../ids.ts';
import type { UserRecord } from '../store/records.ts';
import { type Json, optAttributeList, optStringMap, reqString } from '../validate.ts';
import { ACCESS_TOKEN, adminUserFrom } from './params.ts';

/**
 * What a signed-in user does to their own account with an access token (DeleteUser, attribute
 * verification), and the groups lookup sites call after sign-in.
 */

const ATTRIBUTE_NAME = { max: 32 };
/** Verification codes last 24 hours, as Cognito's sign-up and attribute codes do (AWS documents the sign-up one). */
const CODE_VALIDITY_SECONDS = 24 * 3600;
const VERIFIABLE = ['email', 'phone_number'];

/** Sends a verification code for email or phone_number to that attribute and keeps it for VerifyUserAttribute. */
function sendAttributeCode(rc: RequestContext, user: UserRecord, name: string): Json | undefined {
  const code = newCode();
  const delivery = deliverCode(rc, user, 'VERIFY_ATTRIBUTE', code, name === 'email' ? 'EMAIL' : 'SMS');
  user.attributeCodes = {
    ...user.attributeCodes,
    [name]: { code, expiresAt: rc.emu.nowSeconds() + CODE_VALIDITY_SECONDS },
  };
  rc.emu.store.putUser(user);
  return delivery;
}

/**
 * UpdateUserAttributes: a changed email or phone_number that the pool auto-verifies gets a code, listed
 * in CodeDeliveryDetailsList ("This behavior happens in user pools configured to automatically verify
 * changes to those attributes", UpdateUserAttributes reference). The new value applies at once: the
 * pool setting AttributesRequireVerificationBeforeUpdate (keep the old value until verified) is not modelled.
 */
export async function UpdateUserAttributes(rc: RequestContext, input: Json): Promise<Json> {
  const { pool, user } = await rc.emu.userFromAccessToken(reqString(input, 'AccessToken', ACCESS_TOKEN));
  const attributes = optAttributeList(input, 'UserAttributes') ?? {};
  optStringMap(input, 'ClientMetadata');
  for (const name of Object.keys(attributes)) {
    if (name.endsWith('_verified')) throw invalidParameter(`Cannot modify the non-mutable attribute ${name}`);
  }
  const changed = VERIFIABLE.filter(
    (name) =>
      attributes[name] !== undefined && attributes[name] !== '' && attributes[name] !== user.attributes[name],
  );
  updateAttributes(rc, pool, user, attributes);
  const deliveries: Json[] = [];
  for (const name of changed) {
    if (!pool.autoVerifiedAttributes.includes(name)) continue;
    const delivery = sendAttributeCode(rc, user, name);
    if (delivery) deliveries.push(delivery);
  }
  return { CodeDeliveryDetailsList: deliveries };
}

/** DeleteUser: the signed-in user deletes their profile; devices and refresh tokens go with it. */
export async function DeleteUser(rc: RequestContext, input: Json): Promise<Json> {
  const { user } = await rc.emu.userFromAccessToken(reqString(input, 'AccessToken', ACCESS_TOKEN));
  rc.emu.store.deleteUser(user);
  return {};
}

/** GetUserAttributeVerificationCode: a code to the user's email or phone (the outbox), to verify it. */
export async function GetUserAttributeVerificationCode(rc: RequestContext, input: Json): Promise<Json> {
  const { user } = await rc.emu.userFromAccessToken(reqString(input, 'AccessToken', ACCESS_TOKEN));
  const name = reqString(input, 'AttributeName', ATTRIBUTE_NAME);
  optStringMap(input, 'ClientMetadata');
  if (!VERIFIABLE.includes(name)) {
    throw invalidParameter(
      `Invalid attribute name: only email and phone_number can be verified, got ${name}`,
    );
  }
  if (!user.attributes[name]) throw invalidParameter(`The user has no ${name} to verify`);
  return { CodeDeliveryDetails: sendAttributeCode(rc, user, name) };
}

/** VerifyUserAttribute: the code from GetUserAttributeVerificationCode marks email/phone_number verified. */
export async function VerifyUserAttribute(rc: RequestContext, input: Json): Promise<Json> {
  const { user } = await rc.emu.userFromAccessToken(reqString(input, 'AccessToken', ACCESS_TOKEN));
  const name = reqString(input, 'AttributeName', ATTRIBUTE_NAME);
  const code = reqString(input, 'Code', { max: 2048 });
  const pending = user.attributeCodes?.[name];
  if (!pending || pending.code !== code) {
    throw codeMismatch('Invalid verification code provided, please try again.');
  }
  if (pending.expiresAt < rc.emu.nowSeconds()) {
    throw new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
  }
  const { [name]: _used, ...rest } = user.attributeCodes ?? {};
  user.attributeCodes = rest;
  user.attributes[`${name}_verified`] = 'true';
  rc.emu.saveUser(user);
  return {};
}

/**
 * AdminListGroupsForUser: the emulator does not model groups (CreateGroup is not implemented), so an
 * existing user belongs to none; an unknown user is UserNotFoundException.
 */
export function AdminListGroupsForUser(rc: RequestContext, input: Json): Json {
  adminUserFrom(rc, input);
  return { Groups: [] };
}
