import { checkSecretHash } from '../../context.ts';
import { CognitoError, invalidParameter, notAuthorized, userNotFound } from '../../http/errors.ts';
import type { AuthSession, ChallengeResult, SignInState } from '../../sessions.ts';
import { baseEvent, runTrigger, triggerAttributes } from '../../triggers/invoke.ts';
import type { Json } from '../../validate.ts';
import { challenge, continueSignIn, missing, type SignIn, type SignInStart } from './flow.ts';
import { checkSrpA, startExchange } from './srp-exchange.ts';

/**
 * CUSTOM_AUTH (AWS developer guide, "Custom authentication challenge Lambda triggers" and its Define,
 * Create and Verify auth challenge pages). DefineAuthChallenge sees the challenge history in
 * `request.session` and decides: another challenge, tokens, or failure. With `CHALLENGE_NAME: SRP_A`
 * the history starts with SRP_A and DefineAuthChallenge may ask for PASSWORD_VERIFIER first.
 *
 * Remembered devices: once DefineAuthChallenge says issueTokens, a confirmed remembered device given
 * as DEVICE_KEY (InitiateAuth or a CUSTOM_CHALLENGE answer) runs DEVICE_SRP_AUTH before the tokens,
 * as in the other flows; the session array lists DEVICE_SRP_AUTH among its challenge names, but AWS
 * documents no point where DefineAuthChallenge is asked about it, so the emulator does not ask it again.
 * Cognito's own MFA is not added to CUSTOM_AUTH.
 */

interface CustomStep {
  s: SignInStart;
  history: ChallengeResult[];
  /** InitiateAuth's SRP_A, when DefineAuthChallenge may ask for PASSWORD_VERIFIER. */
  srpA?: string;
}

const notConfigured = (): CognitoError =>
  // The message Cognito users report (amplify-js issue 5623); AWS documents neither it nor the type.
  invalidParameter('Custom auth lambda trigger is not configured for the user pool.');

const invalidLambdaResponse = (why: string): CognitoError =>
  new CognitoError('InvalidLambdaResponseException', `Invalid lambda response: ${why}`);

function requestBase(step: CustomStep): Record<string, unknown> {
  const { s } = step;
  return {
    userAttributes: s.user ? triggerAttributes(s.user) : {},
    session: step.history,
    ...(s.clientMetadata ? { clientMetadata: s.clientMetadata } : {}),
    userNotFound: !s.user,
  };
}

const userName = (s: SignInStart): string => s.user?.username ?? s.state.loginName;

async function define(step: CustomStep): Promise<Record<string, unknown>> {
  const { s } = step;
  const out = await runTrigger(
    s.rc,
    s.pool,
    'DefineAuthChallenge',
    baseEvent(s.pool, s.client.id, userName(s), 'DefineAuthChallenge_Authentication', requestBase(step), {
      challengeName: null,
      issueTokens: false,
      failAuthentication: false,
    }),
  );
  if (!out) throw notConfigured();
  return out.response;
}

const stringParams = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) out[k] = typeof x === 'string' ? x : JSON.stringify(x);
  }
  return out;
};

/** A session for a user that may not exist: the decoy keeps no username, so its answers fail. */
function customChallenge(
  s: SignInStart,
  name: 'CUSTOM_CHALLENGE' | 'PASSWORD_VERIFIER',
  params: Record<string, string>,
  state: SignInState,
  extra: Partial<Pick<AuthSession, 'srp'>> = {},
): Json {
  if (s.user) return challenge({ ...s, user: s.user, state }, name, params, extra);
  const session = s.rc.emu.sessions.create(
    { poolId: s.pool.id, clientId: s.client.id, challenge: name, state, ...extra },
    s.client.authSessionValidity,
  );
  return { ChallengeName: name, Session: session.id, ChallengeParameters: params };
}

async function createChallenge(step: CustomStep, name: string): Promise<Json> {
  const { s, history } = step;
  const out = await runTrigger(
    s.rc,
    s.pool,
    'CreateAuthChallenge',
    baseEvent(s.pool, s.client.id, userName(s), 'CreateAuthChallenge_Authentication', {
      ...requestBase(step),
      challengeName: name,
    }),
  );
  if (!out) throw invalidLambdaResponse('CreateAuthChallenge is not configured.');
  const r = out.response;
  const metadata = typeof r.challengeMetadata === 'string' ? r.challengeMetadata : undefined;
  const priv = r.privateChallengeParameters;
  return customChallenge(
    s,
    'CUSTOM_CHALLENGE',
    { ...stringParams(r.publicChallengeParameters), USERNAME: userName(s) },
    {
      ...s.state,
      customHistory: history,
      customPrivate: priv && typeof priv === 'object' ? (priv as Record<string, unknown>) : {},
      ...(metadata !== undefined ? { customMetadata: metadata } : {}),
    },
  );
}

/** Asks DefineAuthChallenge what comes next and does it. */
async function next(step: CustomStep): Promise<Json> {
  const { s, history } = step;
  const r = await define(step);
  if (r.failAuthentication === true) throw notAuthorized();
  if (r.issueTokens === true) {
    // Also covers the decoy: a user that does not exist never gets tokens.
    if (!s.user) throw notAuthorized();
    return continueSignIn({ ...s, user: s.user, state: { ...s.state, customHistory: history } });
  }
  if (r.challengeName === 'CUSTOM_CHALLENGE') return createChallenge(step, 'CUSTOM_CHALLENGE');
  if (r.challengeName === 'PASSWORD_VERIFIER' && step.srpA && history.at(-1)?.challengeName === 'SRP_A') {
    const user = s.user;
    if (!user) throw notAuthorized();
    const exchange = startExchange(step.srpA, user.saltHex, user.verifierHex);
    return customChallenge(
      s,
      'PASSWORD_VERIFIER',
      {
        SALT: exchange.saltHex,
        SECRET_BLOCK: exchange.secretBlock,
        SRP_B: exchange.server.BHex,
        USERNAME: user.username,
        USER_ID_FOR_SRP: user.username,
      },
      { ...s.state, customHistory: history },
      { srp: exchange },
    );
  }
  throw invalidLambdaResponse(
    `DefineAuthChallenge answered challengeName ${JSON.stringify(r.challengeName ?? null)} without issueTokens or failAuthentication.`,
  );
}

/** InitiateAuth CUSTOM_AUTH. */
export async function initiateCustomAuth(s: SignInStart, params: Record<string, string>): Promise<Json> {
  checkSecretHash(s.client, [s.state.loginName, s.user?.username], params.SECRET_HASH);
  if (!s.pool.triggers?.DefineAuthChallenge) throw notConfigured();
  if (!s.user && s.client.preventUserExistenceErrors !== 'ENABLED') throw userNotFound();
  const withSrp = params.CHALLENGE_NAME === 'SRP_A';
  if (params.CHALLENGE_NAME !== undefined && !withSrp) {
    throw invalidParameter(`Invalid CHALLENGE_NAME: ${params.CHALLENGE_NAME}`);
  }
  const srpA = withSrp ? checkSrpA(params.SRP_A) : undefined;
  const history: ChallengeResult[] = withSrp ? [{ challengeName: 'SRP_A', challengeResult: true }] : [];
  return next({ s, history, ...(srpA ? { srpA } : {}) });
}

/** After PASSWORD_VERIFIER succeeded inside CUSTOM_AUTH: DefineAuthChallenge decides what follows. */
export function afterPasswordVerifier(s: SignIn): Promise<Json> {
  const history = [
    ...(s.state.customHistory ?? []),
    { challengeName: 'PASSWORD_VERIFIER', challengeResult: true },
  ];
  return next({ s, history });
}

/** RespondToAuthChallenge CUSTOM_CHALLENGE: VerifyAuthChallengeResponse judges ANSWER, then DefineAuthChallenge. */
export async function answerCustomChallenge(
  s: SignIn,
  session: AuthSession,
  r: Record<string, string>,
): Promise<Json> {
  const answer = r.ANSWER;
  if (answer === undefined) throw missing('ANSWER');
  const step: CustomStep = { s, history: s.state.customHistory ?? [] };
  const out = await runTrigger(
    s.rc,
    s.pool,
    'VerifyAuthChallengeResponse',
    baseEvent(
      s.pool,
      s.client.id,
      s.user.username,
      'VerifyAuthChallengeResponse_Authentication',
      {
        userAttributes: triggerAttributes(s.user),
        privateChallengeParameters: s.state.customPrivate ?? {},
        challengeAnswer: answer,
        ...(s.clientMetadata ? { clientMetadata: s.clientMetadata } : {}),
        userNotFound: false,
      },
      { answerCorrect: false },
    ),
  );
  if (!out) throw invalidLambdaResponse('VerifyAuthChallengeResponse is not configured.');
  s.rc.emu.sessions.consume(session);
  const result: ChallengeResult = {
    challengeName: 'CUSTOM_CHALLENGE',
    challengeResult: out.response.answerCorrect === true,
    ...(s.state.customMetadata !== undefined ? { challengeMetadata: s.state.customMetadata } : {}),
  };
  const { customPrivate: _p, customMetadata: _m, ...state } = s.state;
  return next({ ...step, s: { ...s, state }, history: [...step.history, result] });
}
