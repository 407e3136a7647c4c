import { userPoolName } from '../../../src/srp/index.ts';
import { checkSecretHash, type RequestContext } from '../../context.ts';
import { checkPasswordPolicy, setPassword } from '../../domain/users.ts';
import {
  CognitoError,
  codeMismatch,
  deviceNotFound,
  invalidParameter,
  notAuthorized,
} from '../../http/errors.ts';
import type { AuthSession, ChallengeName } from '../../sessions.ts';
import type { MfaMethod, UserRecord } from '../../store/records.ts';
import { matchTotp } from '../../totp.ts';
import { type Json, optStringMap, reqString } from '../../validate.ts';
import { clientFrom } from '../params.ts';
import { afterPasswordVerifier, answerCustomChallenge } from './custom-auth.ts';
import {
  challenge,
  checkDeviceKey,
  continueSignIn,
  flowTracksDevices,
  mfaChallenge,
  missing,
  type SignIn,
  usableMfa,
} from './flow.ts';
import { checkUserCanSignIn } from './initiate.ts';
import { checkSrpA, claimFields, startExchange, verifyClaim } from './srp-exchange.ts';
import { answerSelectChallenge } from './user-auth.ts';

const CHALLENGES: readonly ChallengeName[] = [
  'PASSWORD_VERIFIER',
  'DEVICE_SRP_AUTH',
  'DEVICE_PASSWORD_VERIFIER',
  'NEW_PASSWORD_REQUIRED',
  'SELECT_MFA_TYPE',
  'MFA_SETUP',
  'SMS_MFA',
  'SOFTWARE_TOKEN_MFA',
  'EMAIL_OTP',
  'SELECT_CHALLENGE',
  'SMS_OTP',
  'CUSTOM_CHALLENGE',
];

// Answers that may carry DEVICE_KEY (Amplify v6 sends it with PASSWORD_VERIFIER and the MFA answers).
const CARRIES_DEVICE_KEY = new Set<ChallengeName>(
  CHALLENGES.filter((c) => c !== 'DEVICE_SRP_AUTH' && c !== 'DEVICE_PASSWORD_VERIFIER'),
);

const invalidSession = (): CognitoError => notAuthorized('Invalid session for the user.');

async function passwordVerifier(s: SignIn, session: AuthSession, r: Record<string, string>): Promise<Json> {
  const claim = claimFields(r);
  const exchange = session.srp;
  s.rc.emu.sessions.consume(session);
  await verifyClaim(
    s.rc,
    exchange,
    { namePart1: userPoolName(s.pool.id), namePart2: s.user.username },
    claim,
  );
  checkUserCanSignIn(s.user);
  if (s.state.flow === 'CUSTOM_AUTH') return afterPasswordVerifier(s);
  return continueSignIn(s);
}

function deviceSrpAuth(s: SignIn, session: AuthSession, r: Record<string, string>): Json {
  const key = r.DEVICE_KEY;
  if (!key) throw missing('DEVICE_KEY');
  const srpA = checkSrpA(r.SRP_A);
  if (key !== s.state.deviceKey) throw notAuthorized();
  const device = s.rc.emu.store.getDevice(key);
  if (!device?.verifierHex || !device.saltHex) throw deviceNotFound();
  s.rc.emu.sessions.consume(session);
  const exchange = startExchange(srpA, device.saltHex, device.verifierHex);
  return challenge(
    s,
    'DEVICE_PASSWORD_VERIFIER',
    {
      DEVICE_KEY: device.key,
      SALT: exchange.saltHex,
      SECRET_BLOCK: exchange.secretBlock,
      SRP_B: exchange.server.BHex,
      USERNAME: s.user.username,
    },
    { srp: exchange },
  );
}

async function devicePasswordVerifier(
  s: SignIn,
  session: AuthSession,
  r: Record<string, string>,
): Promise<Json> {
  const claim = claimFields(r);
  const key = r.DEVICE_KEY;
  if (!key) throw missing('DEVICE_KEY');
  const device = s.rc.emu.store.getDevice(key);
  if (!device || key !== s.state.deviceKey) throw deviceNotFound();
  const exchange = session.srp;
  s.rc.emu.sessions.consume(session);
  await verifyClaim(s.rc, exchange, { namePart1: device.groupKey, namePart2: device.key }, claim);
  s.state.deviceVerified = true;
  return continueSignIn(s);
}

/** SMS and email codes: up to three tries on one session, as users mistype. */
function checkSentCode(s: SignIn, session: AuthSession, given: string | undefined, field: string): void {
  if (!given) throw missing(field);
  if (given !== session.code) {
    session.attemptsLeft = (session.attemptsLeft ?? 1) - 1;
    if (session.attemptsLeft <= 0) s.rc.emu.sessions.consume(session);
    throw codeMismatch('Invalid code or auth state for the user.');
  }
  s.rc.emu.sessions.consume(session);
}

function checkTotp(s: SignIn, session: AuthSession, code: string | undefined): void {
  if (!code) throw missing('SOFTWARE_TOKEN_MFA_CODE');
  const secret = s.user.totpSecret;
  const step = secret ? matchTotp(secret, code, s.rc.emu.now()) : undefined;
  if (step === undefined) {
    session.attemptsLeft = (session.attemptsLeft ?? 3) - 1;
    if (session.attemptsLeft <= 0) s.rc.emu.sessions.consume(session);
    throw codeMismatch('Invalid code received for user');
  }
  if (s.user.lastTotpStep !== undefined && step <= s.user.lastTotpStep) {
    throw new CognitoError('ExpiredCodeException', 'Your software token has already been used once.');
  }
  s.rc.emu.sessions.consume(session);
  s.user.lastTotpStep = step;
  s.rc.emu.store.putUser(s.user);
}

async function answer(s: SignIn, session: AuthSession, r: Record<string, string>): Promise<Json> {
  switch (session.challenge) {
    case 'PASSWORD_VERIFIER':
      return passwordVerifier(s, session, r);
    case 'DEVICE_SRP_AUTH':
      return deviceSrpAuth(s, session, r);
    case 'DEVICE_PASSWORD_VERIFIER':
      return devicePasswordVerifier(s, session, r);
    case 'SMS_MFA':
      checkSentCode(s, session, r.SMS_MFA_CODE, 'SMS_MFA_CODE');
      s.state.mfaDone = true;
      return continueSignIn(s);
    case 'EMAIL_OTP':
      checkSentCode(s, session, r.EMAIL_OTP_CODE, 'EMAIL_OTP_CODE');
      s.state.mfaDone = true;
      return continueSignIn(s);
    case 'SMS_OTP':
      checkSentCode(s, session, r.SMS_OTP_CODE, 'SMS_OTP_CODE');
      s.state.mfaDone = true;
      return continueSignIn(s);
    case 'SELECT_CHALLENGE':
      return answerSelectChallenge(s, session, r);
    case 'CUSTOM_CHALLENGE':
      return answerCustomChallenge(s, session, r);
    case 'SOFTWARE_TOKEN_MFA':
      checkTotp(s, session, r.SOFTWARE_TOKEN_MFA_CODE);
      s.state.mfaDone = true;
      return continueSignIn(s);
    case 'SELECT_MFA_TYPE': {
      const choice = r.ANSWER as MfaMethod | undefined;
      if (!choice) throw missing('ANSWER');
      if (!usableMfa(s.pool, s.user).includes(choice)) throw invalidParameter(`Invalid MFA type: ${choice}`);
      s.rc.emu.sessions.consume(session);
      return mfaChallenge(s, choice);
    }
    case 'MFA_SETUP': {
      if (!session.totpSecret || !session.totpVerified) {
        throw invalidParameter(
          'Software token MFA has not been verified; call AssociateSoftwareToken and VerifySoftwareToken with this session.',
        );
      }
      const secret = session.totpSecret;
      s.rc.emu.sessions.consume(session);
      s.user.totpSecret = secret;
      if (session.totpStep !== undefined) s.user.lastTotpStep = session.totpStep;
      s.user.mfa.totp = true;
      s.user.mfa.preferred ??= 'SOFTWARE_TOKEN_MFA';
      s.rc.emu.saveUser(s.user);
      s.state.mfaDone = true;
      return continueSignIn(s);
    }
    case 'NEW_PASSWORD_REQUIRED': {
      const password = r.NEW_PASSWORD;
      if (!password) throw missing('NEW_PASSWORD');
      checkPasswordPolicy(s.pool, password);
      s.rc.emu.sessions.consume(session);
      for (const [k, v] of Object.entries(r)) {
        if (k.startsWith('userAttributes.')) s.user.attributes[k.slice('userAttributes.'.length)] = v;
      }
      await setPassword(s.pool, s.user, password);
      s.user.status = 'CONFIRMED';
      s.rc.emu.saveUser(s.user);
      s.state.passwordChanged = true;
      return continueSignIn(s);
    }
  }
}

async function respond(rc: RequestContext, input: Json, admin: boolean): Promise<Json> {
  const { client, pool } = clientFrom(rc, input);
  if (admin && reqString(input, 'UserPoolId', { max: 55 }) !== pool.id) {
    throw new CognitoError('ResourceNotFoundException', `User pool client ${client.id} does not exist.`);
  }
  const name = reqString(input, 'ChallengeName', { max: 64 }) as ChallengeName;
  if (!CHALLENGES.includes(name)) {
    throw invalidParameter(
      `1 validation error detected: Value '${name}' at 'challengeName' failed to satisfy constraint: Member must satisfy enum value set: [${CHALLENGES.join(', ')}]`,
    );
  }
  const responses = optStringMap(input, 'ChallengeResponses') ?? {};
  const session = rc.emu.sessions.get(reqString(input, 'Session', { max: 4096 }));
  if (session.clientId !== client.id) throw invalidSession();
  if (session.challenge !== name)
    throw invalidParameter(`Invalid challenge name: expected ${session.challenge}`);
  if (!responses.USERNAME) throw missing('USERNAME');
  const user: UserRecord | undefined = session.username
    ? rc.emu.store.getUser(pool, session.username)
    : undefined;
  // Challenge answers carry the canonical username, never an alias, and SECRET_HASH is computed over it
  // ("You must use the username and not an alias in the ChallengeResponses", AdminInitiateAuth
  // reference, ChallengeParameters). The decoy session of an unknown user has only the typed name.
  checkSecretHash(client, [user?.username ?? session.state.loginName], responses.SECRET_HASH);
  if (!user) {
    // The decoy exchange (or a user deleted mid-sign-in) fails like a wrong password.
    rc.emu.sessions.consume(session);
    throw notAuthorized();
  }
  const named = rc.emu.store.findUserByLogin(pool, responses.USERNAME);
  if (named !== user && responses.USERNAME !== session.state.loginName) throw notAuthorized();
  const state = { ...session.state };
  if (responses.DEVICE_KEY && CARRIES_DEVICE_KEY.has(name) && flowTracksDevices(pool, state.flow)) {
    // Checked before the session is used, so the client can resend the same answer without the key.
    const device = checkDeviceKey(pool, user, responses.DEVICE_KEY, rc);
    if (device) state.deviceKey = device.key;
  }
  const clientMetadata = optStringMap(input, 'ClientMetadata');
  return answer(
    { rc, pool, client, user, state, ...(clientMetadata ? { clientMetadata } : {}) },
    session,
    responses,
  );
}

export const RespondToAuthChallenge = (rc: RequestContext, input: Json): Promise<Json> =>
  respond(rc, input, false);
export const AdminRespondToAuthChallenge = (rc: RequestContext, input: Json): Promise<Json> =>
  respond(rc, input, true);
