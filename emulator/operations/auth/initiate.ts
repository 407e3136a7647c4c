import { randomBytes } from 'node:crypto';
import { padHex, userPoolName } from '../../../src/srp/index.ts';
import { checkSecretHash, type RequestContext } from '../../context.ts';
import { clientAllowsFlow } from '../../domain/clients.ts';
import { CognitoError, invalidParameter, notAuthorized, userNotFound } from '../../http/errors.ts';
import type { SignInState, SrpExchange } from '../../sessions.ts';
import { passwordMatches } from '../../srp-node.ts';
import type { ClientRecord, PoolRecord, UserRecord } from '../../store/records.ts';
import { type Json, optStringMap, reqString } from '../../validate.ts';
import { clientFrom } from '../params.ts';
import { initiateCustomAuth } from './custom-auth.ts';
import { checkDeviceKey, continueSignIn, flowTracksDevices, missing, type SignInStart } from './flow.ts';
import { refreshTokens } from './refresh.ts';
import { checkSrpA, startExchange } from './srp-exchange.ts';
import { initiateUserAuth } from './user-auth.ts';

const FLOWS = [
  'USER_SRP_AUTH',
  'REFRESH_TOKEN_AUTH',
  'REFRESH_TOKEN',
  'CUSTOM_AUTH',
  'ADMIN_NO_SRP_AUTH',
  'USER_PASSWORD_AUTH',
  'ADMIN_USER_PASSWORD_AUTH',
  'USER_AUTH',
];

function flowNotEnabled(flow: string): CognitoError {
  if (flow === 'USER_SRP_AUTH') return invalidParameter('USER_SRP_AUTH is not enabled for the client.');
  return invalidParameter(`${flow} flow not enabled for this client`);
}

/** A sign-in name that matches nobody: LEGACY clients say so, ENABLED ones hide it. */
function unknownUser(client: ClientRecord): CognitoError {
  return client.preventUserExistenceErrors === 'ENABLED' ? notAuthorized() : userNotFound();
}

/** Checks after the password: disabled and unconfirmed users stop here. */
export function checkUserCanSignIn(user: UserRecord): void {
  if (!user.enabled) throw notAuthorized('User is disabled.');
  if (user.status === 'UNCONFIRMED')
    throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
  if (user.status === 'RESET_REQUIRED') {
    throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
  }
}

async function userSrpAuth(
  rc: RequestContext,
  pool: PoolRecord,
  client: ClientRecord,
  params: Record<string, string>,
  flow = 'USER_SRP_AUTH',
): Promise<Json> {
  const login = params.USERNAME;
  if (!login) throw missing('USERNAME');
  const srpA = checkSrpA(params.SRP_A);
  const user = rc.emu.store.findUserByLogin(pool, login);
  checkSecretHash(client, [login, user?.username], params.SECRET_HASH);
  if (!user) {
    if (client.preventUserExistenceErrors !== 'ENABLED') throw userNotFound();
    // A decoy exchange that looks like a real one and fails at the verifier, so existence is not revealed.
    const exchange = startExchange(
      srpA,
      padHex(BigInt(`0x${randomBytes(16).toString('hex')}`)),
      randomBytes(384).toString('hex'),
    );
    return passwordVerifierChallenge(rc, pool, client, exchange, login, { flow, loginName: login });
  }
  const state = startState(rc, pool, user, params, flow, login);
  const exchange = startExchange(srpA, user.saltHex, user.verifierHex);
  return passwordVerifierChallenge(rc, pool, client, exchange, user.username, state, user.username);
}

/**
 * Opens the PASSWORD_VERIFIER session of an SRP exchange and returns the challenge. `srpUsername` is the
 * name the client hashes; a decoy exchange for an unknown user has no `username` in its session.
 */
function passwordVerifierChallenge(
  rc: RequestContext,
  pool: PoolRecord,
  client: ClientRecord,
  exchange: SrpExchange,
  srpUsername: string,
  state: SignInState,
  username?: string,
): Json {
  const session = rc.emu.sessions.create(
    {
      poolId: pool.id,
      clientId: client.id,
      ...(username !== undefined ? { username } : {}),
      challenge: 'PASSWORD_VERIFIER',
      state,
      srp: exchange,
    },
    client.authSessionValidity,
  );
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    Session: session.id,
    ChallengeParameters: {
      SALT: exchange.saltHex,
      SECRET_BLOCK: exchange.secretBlock,
      SRP_B: exchange.server.BHex,
      USERNAME: srpUsername,
      USER_ID_FOR_SRP: srpUsername,
    },
  };
}

async function userPasswordAuth(
  rc: RequestContext,
  pool: PoolRecord,
  client: ClientRecord,
  params: Record<string, string>,
  flow: string,
  clientMetadata?: Record<string, string>,
): Promise<Json> {
  const login = params.USERNAME;
  if (!login) throw missing('USERNAME');
  const password = params.PASSWORD;
  if (!password) throw missing('PASSWORD');
  const user = rc.emu.store.findUserByLogin(pool, login);
  checkSecretHash(client, [login, user?.username], params.SECRET_HASH);
  if (!user) throw unknownUser(client);
  const state = startState(rc, pool, user, params, flow, login);
  if (
    !(await passwordMatches(userPoolName(pool.id), user.username, password, user.saltHex, user.verifierHex))
  ) {
    throw notAuthorized();
  }
  checkUserCanSignIn(user);
  return continueSignIn({
    rc,
    pool,
    client,
    user,
    state,
    ...(clientMetadata ? { clientMetadata } : {}),
  });
}

/** The state a sign-in starts from: the name typed and, in flows that track devices, a checked DEVICE_KEY. */
function startState(
  rc: RequestContext,
  pool: PoolRecord,
  user: UserRecord | undefined,
  params: Record<string, string>,
  flow: string,
  login: string,
): SignInState {
  const device =
    user && params.DEVICE_KEY && flowTracksDevices(pool, flow)
      ? checkDeviceKey(pool, user, params.DEVICE_KEY, rc)
      : undefined;
  return { flow, loginName: login, ...(device ? { deviceKey: device.key } : {}) };
}

/** USER_AUTH and CUSTOM_AUTH: the user (maybe unknown), a checked DEVICE_KEY and the state they start from. */
function startFlow(
  rc: RequestContext,
  pool: PoolRecord,
  client: ClientRecord,
  params: Record<string, string>,
  flow: string,
  clientMetadata: Record<string, string> | undefined,
): SignInStart {
  const login = params.USERNAME;
  if (!login) throw missing('USERNAME');
  const user = rc.emu.store.findUserByLogin(pool, login);
  return {
    rc,
    pool,
    client,
    user,
    state: startState(rc, pool, user, params, flow, login),
    ...(clientMetadata ? { clientMetadata } : {}),
  };
}

async function initiate(rc: RequestContext, input: Json, admin: boolean): Promise<Json> {
  const flow = reqString(input, 'AuthFlow', { max: 64 });
  const { client, pool } = clientFrom(rc, input);
  if (admin && reqString(input, 'UserPoolId', { max: 55 }) !== pool.id) {
    throw new CognitoError('ResourceNotFoundException', `User pool client ${client.id} does not exist.`);
  }
  if (!FLOWS.includes(flow)) {
    throw invalidParameter(
      `1 validation error detected: Value '${flow}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [${FLOWS.join(', ')}]`,
    );
  }
  const params = optStringMap(input, 'AuthParameters') ?? {};
  const clientMetadata = optStringMap(input, 'ClientMetadata');
  switch (flow) {
    case 'USER_AUTH':
    case 'CUSTOM_AUTH': {
      if (!clientAllowsFlow(client, flow)) throw flowNotEnabled(flow);
      const start = startFlow(rc, pool, client, params, flow, clientMetadata);
      if (flow === 'CUSTOM_AUTH') return initiateCustomAuth(start, params);
      if (params.PREFERRED_CHALLENGE === 'PASSWORD_SRP' && params.SRP_A) {
        return userSrpAuth(rc, pool, client, params, flow);
      }
      return initiateUserAuth(start, params);
    }
    case 'USER_SRP_AUTH':
      if (!clientAllowsFlow(client, flow)) throw flowNotEnabled(flow);
      return userSrpAuth(rc, pool, client, params);
    case 'USER_PASSWORD_AUTH':
      if (admin) throw invalidParameter('Initiate Auth method not supported.');
      if (!clientAllowsFlow(client, flow)) throw flowNotEnabled(flow);
      return userPasswordAuth(rc, pool, client, params, flow, clientMetadata);
    case 'ADMIN_USER_PASSWORD_AUTH':
    case 'ADMIN_NO_SRP_AUTH':
      if (!admin) throw invalidParameter('Initiate Auth method not supported.');
      if (!clientAllowsFlow(client, flow)) throw invalidParameter('Auth flow not enabled for this client');
      return userPasswordAuth(rc, pool, client, params, 'ADMIN_USER_PASSWORD_AUTH', clientMetadata);
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN': {
      const token = params.REFRESH_TOKEN;
      if (!token) throw missing('REFRESH_TOKEN');
      return refreshTokens(rc, client, {
        via: 'InitiateAuth',
        token,
        deviceKey: params.DEVICE_KEY,
        secret: { kind: 'SECRET_HASH', value: params.SECRET_HASH },
        clientMetadata,
      });
    }
    default:
      throw new CognitoError(
        'UnsupportedOperationException',
        `AuthFlow ${flow} is not implemented by this emulator`,
      );
  }
}

export const InitiateAuth = (rc: RequestContext, input: Json): Promise<Json> => initiate(rc, input, false);
export const AdminInitiateAuth = (rc: RequestContext, input: Json): Promise<Json> =>
  initiate(rc, input, true);
