import { userPoolName } from '../../../src/srp/index.ts';
import { checkSecretHash } from '../../context.ts';
import { deliverCode } from '../../domain/delivery.ts';
import { firstAuthFactors } from '../../domain/sign-in-policy.ts';
import { CognitoError, invalidParameter, notAuthorized, userNotFound } from '../../http/errors.ts';
import { newCode } from '../../ids.ts';
import type { AuthSession } from '../../sessions.ts';
import { passwordMatches } from '../../srp-node.ts';
import type { PoolRecord, UserRecord } from '../../store/records.ts';
import type { Json } from '../../validate.ts';
import { challenge, continueSignIn, missing, type SignIn, type SignInStart } from './flow.ts';
import { checkUserCanSignIn } from './initiate.ts';
import { checkSrpA, startExchange } from './srp-exchange.ts';

/**
 * USER_AUTH, choice-based sign-in (AWS developer guide, "Authentication flows" → "Choice-based
 * authentication"; InitiateAuth / RespondToAuthChallenge API reference).
 */

/** Every first factor the API names (ChallengeNameType); WEB_AUTHN is refused as unsupported. */
const FIRST_FACTORS = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];

const verified = (user: UserRecord, attribute: string): boolean =>
  !!user.attributes[attribute] && user.attributes[`${attribute}_verified`] === 'true';

/**
 * The first factors this user can take in this pool: PASSWORD and PASSWORD_SRP when the sign-in
 * policy allows PASSWORD, EMAIL_OTP / SMS_OTP when allowed and the user has a verified email / phone.
 * WEB_AUTHN never: the emulator keeps no passkeys.
 */
export function availableFirstFactors(pool: PoolRecord, user: UserRecord | undefined): string[] {
  const allowed = firstAuthFactors(pool);
  const out: string[] = [];
  if (allowed.includes('PASSWORD')) out.push('PASSWORD', 'PASSWORD_SRP');
  if (user && allowed.includes('EMAIL_OTP') && verified(user, 'email')) out.push('EMAIL_OTP');
  if (user && allowed.includes('SMS_OTP') && verified(user, 'phone_number')) out.push('SMS_OTP');
  return out;
}

function checkFactorName(name: string, field: string): void {
  if (!FIRST_FACTORS.includes(name)) {
    throw invalidParameter(
      `1 validation error detected: Value '${name}' at '${field}' failed to satisfy constraint: Member must satisfy enum value set: [${FIRST_FACTORS.join(', ')}]`,
    );
  }
  if (name === 'WEB_AUTHN') {
    throw new CognitoError(
      'UnsupportedOperationException',
      'WEB_AUTHN (passkey) sign-in is not supported by this emulator',
    );
  }
}

/** SELECT_CHALLENGE: the user picks a first factor from AvailableChallenges. */
export function selectChallenge(s: SignIn, available: string[]): Json {
  const out = challenge({ ...s, state: { ...s.state, availableChallenges: available } }, 'SELECT_CHALLENGE', {
    USERNAME: s.user.username,
  });
  return { ...out, AvailableChallenges: available };
}

/** A PASSWORD_VERIFIER challenge for an SRP_A given as a first factor. */
function passwordSrp(s: SignIn, srpAHex: string | undefined): Json {
  const exchange = startExchange(checkSrpA(srpAHex), s.user.saltHex, s.user.verifierHex);
  return challenge(
    s,
    'PASSWORD_VERIFIER',
    {
      SALT: exchange.saltHex,
      SECRET_BLOCK: exchange.secretBlock,
      SRP_B: exchange.server.BHex,
      USERNAME: s.user.username,
      USER_ID_FOR_SRP: s.user.username,
    },
    { srp: exchange },
  );
}

async function password(s: SignIn, given: string | undefined): Promise<Json> {
  if (!given) throw missing('PASSWORD');
  const ok = await passwordMatches(
    userPoolName(s.pool.id),
    s.user.username,
    given,
    s.user.saltHex,
    s.user.verifierHex,
  );
  if (!ok) throw notAuthorized();
  checkUserCanSignIn(s.user);
  return continueSignIn(s);
}

/** EMAIL_OTP / SMS_OTP as a first factor: a code is sent and the answer is the whole sign-in (no MFA after it). */
function oneTimeCode(s: SignIn, factor: 'EMAIL_OTP' | 'SMS_OTP'): Json {
  const code = newCode();
  const delivery = deliverCode(s.rc, s.user, 'MFA', code, factor === 'SMS_OTP' ? 'SMS' : 'EMAIL');
  const params: Record<string, string> = { USERNAME: s.user.username };
  if (delivery) {
    params.CODE_DELIVERY_DELIVERY_MEDIUM = String(delivery.DeliveryMedium);
    params.CODE_DELIVERY_DESTINATION = String(delivery.Destination);
  }
  return challenge({ ...s, state: { ...s.state, firstFactorOtp: true } }, factor, params, {
    code,
    attemptsLeft: 3,
  });
}

/** Starts the chosen first factor; `r` holds PASSWORD or SRP_A when the factor needs them. */
async function startFactor(s: SignIn, factor: string, r: Record<string, string>): Promise<Json> {
  switch (factor) {
    case 'PASSWORD':
      return password(s, r.PASSWORD);
    case 'PASSWORD_SRP':
      return passwordSrp(s, r.SRP_A);
    case 'EMAIL_OTP':
    case 'SMS_OTP':
      checkUserCanSignIn(s.user);
      return oneTimeCode(s, factor);
    default:
      throw invalidParameter(`Invalid challenge: ${factor}`);
  }
}

/**
 * InitiateAuth USER_AUTH. With a PREFERRED_CHALLENGE the user can take, that factor starts at once
 * (PASSWORD with its PASSWORD, PASSWORD_SRP with its SRP_A); otherwise SELECT_CHALLENGE lists the
 * AvailableChallenges, as the API reference describes.
 */
export async function initiateUserAuth(start: SignInStart, params: Record<string, string>): Promise<Json> {
  const { rc, pool, client, user } = start;
  const preferred = params.PREFERRED_CHALLENGE;
  if (preferred) checkFactorName(preferred, 'authParameters.PREFERRED_CHALLENGE');
  checkSecretHash(client, [start.state.loginName, user?.username], params.SECRET_HASH);
  if (!user) {
    if (client.preventUserExistenceErrors !== 'ENABLED') throw userNotFound();
    if (preferred === 'PASSWORD') throw notAuthorized();
    // A decoy session without a user: every answer to it fails like a wrong password.
    const session = rc.emu.sessions.create(
      { poolId: pool.id, clientId: client.id, challenge: 'SELECT_CHALLENGE', state: start.state },
      client.authSessionValidity,
    );
    return {
      ChallengeName: 'SELECT_CHALLENGE',
      Session: session.id,
      ChallengeParameters: { USERNAME: start.state.loginName },
      AvailableChallenges: availableFirstFactors(pool, undefined),
    };
  }
  const s: SignIn = { ...start, user };
  const available = availableFirstFactors(pool, user);
  if (preferred && available.includes(preferred)) return startFactor(s, preferred, params);
  return selectChallenge(s, available);
}

/** RespondToAuthChallenge SELECT_CHALLENGE: ANSWER names the factor, with PASSWORD or SRP_A beside it. */
export function answerSelectChallenge(
  s: SignIn,
  session: AuthSession,
  r: Record<string, string>,
): Promise<Json> {
  const answer = r.ANSWER;
  if (!answer) throw missing('ANSWER');
  checkFactorName(answer, 'challengeResponses.ANSWER');
  if (!(s.state.availableChallenges ?? []).includes(answer)) {
    // AWS documents no message for a factor that was not offered; the emulator names it.
    throw invalidParameter(`The challenge ${answer} is not available for this user.`);
  }
  s.rc.emu.sessions.consume(session);
  return startFactor(s, answer, r);
}
