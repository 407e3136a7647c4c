import { userPoolName } from '../../src/srp/index.ts';
import type { RequestContext } from '../context.ts';
import { deliverCode } from '../domain/delivery.ts';
import { checkPasswordPolicy, setPassword, storeNewCode } from '../domain/users.ts';
import { codeMismatch, invalidParameter, notAuthorized } from '../http/errors.ts';
import { passwordMatches } from '../srp-node.ts';
import { type Json, reqString } from '../validate.ts';
import { ACCESS_TOKEN, namedUser, PASSWORD } from './params.ts';

/** A user changing their password (ChangePassword) or resetting it with a code (ForgotPassword, ConfirmForgotPassword). */

export async function ChangePassword(rc: RequestContext, input: Json): Promise<Json> {
  const { pool, user } = await rc.emu.userFromAccessToken(reqString(input, 'AccessToken', ACCESS_TOKEN));
  const previous = reqString(input, 'PreviousPassword', PASSWORD);
  const proposed = reqString(input, 'ProposedPassword', PASSWORD);
  if (
    !(await passwordMatches(userPoolName(pool.id), user.username, previous, user.saltHex, user.verifierHex))
  ) {
    throw notAuthorized();
  }
  checkPasswordPolicy(pool, proposed);
  await setPassword(pool, user, proposed);
  rc.emu.saveUser(user);
  return {};
}

export function ForgotPassword(rc: RequestContext, input: Json): Json {
  const { user } = namedUser(rc, input);
  const code = storeNewCode(rc, user, 'resetCode');
  const delivery = deliverCode(rc, user, 'VERIFY_ATTRIBUTE', code);
  if (!delivery) {
    throw invalidParameter(
      'Cannot reset password for the user as there is no registered/verified email or phone_number',
    );
  }
  return { CodeDeliveryDetails: delivery };
}

export async function ConfirmForgotPassword(rc: RequestContext, input: Json): Promise<Json> {
  const code = reqString(input, 'ConfirmationCode', { max: 2048 });
  const password = reqString(input, 'Password', PASSWORD);
  const { pool, user } = namedUser(rc, input);
  if (!user.resetCode || user.resetCode !== code) {
    throw codeMismatch('Invalid verification code provided, please try again.');
  }
  checkPasswordPolicy(pool, password);
  await setPassword(pool, user, password);
  delete user.resetCode;
  if (user.status === 'RESET_REQUIRED' || user.status === 'FORCE_CHANGE_PASSWORD') user.status = 'CONFIRMED';
  rc.emu.saveUser(user);
  return {};
}
