import type { RequestContext } from '../context.ts';
import { CognitoError, invalidParameter } from '../http/errors.ts';
import type { MfaMethod, PoolRecord, UserRecord } from '../store/records.ts';
import { matchTotp, newTotpSecret } from '../totp.ts';
import { type Json, optBool, optObject, optString, reqString } from '../validate.ts';
import { ACCESS_TOKEN, adminUserFrom } from './params.ts';

/** Applies {SMSMfaSettings, SoftwareTokenMfaSettings, EmailMfaSettings} as (Admin)SetUserMFAPreference does. */
function applyPreference(rc: RequestContext, pool: PoolRecord, user: UserRecord, input: Json): void {
  const settings: Array<[string, MfaMethod, 'sms' | 'totp' | 'email']> = [
    ['SMSMfaSettings', 'SMS_MFA', 'sms'],
    ['SoftwareTokenMfaSettings', 'SOFTWARE_TOKEN_MFA', 'totp'],
    ['EmailMfaSettings', 'EMAIL_OTP', 'email'],
  ];
  for (const [field, method, key] of settings) {
    const s = optObject(input, field);
    if (!s) continue;
    const enabled = optBool(s, 'Enabled');
    const preferred = optBool(s, 'PreferredMfa');
    if (enabled === true || preferred === true) {
      if (key === 'totp' && !user.totpSecret)
        throw invalidParameter('User has not verified software token mfa');
      if (key === 'sms' && !user.attributes.phone_number)
        throw invalidParameter('User does not have a phone number.');
      if (key === 'email' && !user.attributes.email)
        throw invalidParameter('User does not have an email address.');
      if (key === 'totp' && !pool.softwareTokenMfaEnabled)
        throw invalidParameter('Software token MFA is not enabled for this user pool.');
    }
    if (enabled !== undefined) user.mfa[key] = enabled;
    if (preferred === true) {
      user.mfa[key] = true;
      user.mfa.preferred = method;
    } else if ((preferred === false || enabled === false) && user.mfa.preferred === method) {
      delete user.mfa.preferred;
    }
  }
  rc.emu.saveUser(user);
}

export async function SetUserMFAPreference(rc: RequestContext, input: Json): Promise<Json> {
  const { pool, user } = await rc.emu.userFromAccessToken(reqString(input, 'AccessToken', ACCESS_TOKEN));
  applyPreference(rc, pool, user, input);
  return {};
}

export function AdminSetUserMFAPreference(rc: RequestContext, input: Json): Json {
  const { pool, user } = adminUserFrom(rc, input);
  applyPreference(rc, pool, user, input);
  return {};
}

/** With an AccessToken: a new secret for the user; with a Session (MFA_SETUP): a secret for that sign-in. */
export async function AssociateSoftwareToken(rc: RequestContext, input: Json): Promise<Json> {
  const accessToken = optString(input, 'AccessToken', ACCESS_TOKEN);
  const sessionId = optString(input, 'Session', { max: 4096 });
  const secret = newTotpSecret();
  if (accessToken) {
    const { user } = await rc.emu.userFromAccessToken(accessToken);
    user.pendingTotpSecret = secret;
    rc.emu.store.putUser(user);
    return { SecretCode: secret };
  }
  if (!sessionId) throw invalidParameter('Either AccessToken or Session must be provided.');
  const session = rc.emu.sessions.get(sessionId);
  if (session.challenge !== 'MFA_SETUP')
    throw new CognitoError('NotAuthorizedException', 'Invalid session for the user.');
  session.totpSecret = secret;
  session.totpVerified = false;
  return { SecretCode: secret, Session: session.id };
}

export async function VerifySoftwareToken(rc: RequestContext, input: Json): Promise<Json> {
  const accessToken = optString(input, 'AccessToken', ACCESS_TOKEN);
  const sessionId = optString(input, 'Session', { max: 4096 });
  const code = reqString(input, 'UserCode', { min: 6, max: 6 });
  const mismatch = new CognitoError('EnableSoftwareTokenMFAException', 'Code mismatch');
  if (accessToken) {
    const { user } = await rc.emu.userFromAccessToken(accessToken);
    if (!user.pendingTotpSecret) throw invalidParameter('User has not associated a software token.');
    const step = matchTotp(user.pendingTotpSecret, code, rc.emu.now());
    if (step === undefined) throw mismatch;
    user.totpSecret = user.pendingTotpSecret;
    delete user.pendingTotpSecret;
    user.lastTotpStep = step;
    rc.emu.saveUser(user);
    return { Status: 'SUCCESS' };
  }
  if (!sessionId) throw invalidParameter('Either AccessToken or Session must be provided.');
  const session = rc.emu.sessions.get(sessionId);
  if (session.challenge !== 'MFA_SETUP' || !session.totpSecret) {
    throw new CognitoError('NotAuthorizedException', 'Invalid session for the user.');
  }
  const step = matchTotp(session.totpSecret, code, rc.emu.now());
  if (step === undefined) throw mismatch;
  session.totpVerified = true;
  session.totpStep = step;
  return { Status: 'SUCCESS', Session: session.id };
}
