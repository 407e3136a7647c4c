import { checkSecretHash, type RequestContext } from '../context.ts';
import { deliverCode } from '../domain/delivery.ts';
import { createUser, storeNewCode } from '../domain/users.ts';
import { CognitoError, codeMismatch, invalidParameter, notAuthorized } from '../http/errors.ts';
import type { UserRecord } from '../store/records.ts';
import { type Json, optAttributeList, optString, reqString } from '../validate.ts';
import { clientFrom, namedUser, PASSWORD, USERNAME } from './params.ts';

/** SignUp and its confirmation code (ConfirmSignUp, ResendConfirmationCode). */

export async function SignUp(rc: RequestContext, input: Json): Promise<Json> {
  const { client, pool } = clientFrom(rc, input);
  const username = reqString(input, 'Username', USERNAME);
  checkSecretHash(client, [username], optString(input, 'SecretHash', { max: 128 }));
  const password = reqString(input, 'Password', PASSWORD);
  const attributes = optAttributeList(input, 'UserAttributes') ?? {};
  for (const name of Object.keys(attributes)) {
    if (name.endsWith('_verified')) throw invalidParameter(`Cannot modify the non-mutable attribute ${name}`);
  }
  let user: UserRecord;
  try {
    user = await createUser(rc, pool, { username, password, attributes, status: 'UNCONFIRMED' });
  } catch (err) {
    if (
      err instanceof CognitoError &&
      err.type === 'UsernameExistsException' &&
      pool.usernameAttributes.length === 0
    ) {
      throw new CognitoError('UsernameExistsException', 'User already exists');
    }
    throw err;
  }
  const code = storeNewCode(rc, user, 'confirmationCode');
  const prefer =
    pool.autoVerifiedAttributes.includes('email') || !pool.autoVerifiedAttributes.includes('phone_number')
      ? 'EMAIL'
      : 'SMS';
  const delivery = deliverCode(rc, user, 'SIGN_UP', code, prefer);
  return { UserConfirmed: false, UserSub: user.sub, ...(delivery ? { CodeDeliveryDetails: delivery } : {}) };
}

export function ConfirmSignUp(rc: RequestContext, input: Json): Json {
  const code = reqString(input, 'ConfirmationCode', { max: 2048 });
  const { user } = namedUser(rc, input);
  if (user.status !== 'UNCONFIRMED')
    throw notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
  if (!user.confirmationCode || user.confirmationCode !== code) {
    throw codeMismatch('Invalid verification code provided, please try again.');
  }
  user.status = 'CONFIRMED';
  delete user.confirmationCode;
  if (user.attributes.email) user.attributes.email_verified = 'true';
  else if (user.attributes.phone_number) user.attributes.phone_number_verified = 'true';
  rc.emu.saveUser(user);
  return {};
}

export function ResendConfirmationCode(rc: RequestContext, input: Json): Json {
  const { user } = namedUser(rc, input);
  if (user.status !== 'UNCONFIRMED') throw invalidParameter('User is already confirmed.');
  const code = storeNewCode(rc, user, 'confirmationCode');
  return { CodeDeliveryDetails: deliverCode(rc, user, 'SIGN_UP', code) ?? {} };
}
