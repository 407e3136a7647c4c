// CUSTOM_AUTH with Lambda triggers against the emulator, driven by the official clients unmodified:
// Amplify v6 (CUSTOM_WITHOUT_SRP, CUSTOM_WITH_SRP), amazon-cognito-identity-js (CUSTOM_AUTH +
// sendCustomChallengeAnswer) and the AWS SDK. Triggers run as a local module and as an HTTP endpoint.

import { resolve } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type ExplicitAuthFlowsType,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { Amplify } from 'aws-amplify';
import { confirmSignIn, fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.ts';
import { acijUser } from '../support/acij-node.ts';
import { AsyncMemoryStorage, giveNodeANavigator } from '../support/amplify-node.ts';
import {
  MemoryStorage,
  recordCognitoTraffic,
  type SeedPool,
  sdkClient,
  startSeededEmulator,
} from '../support/cognito-fixtures.ts';
import { challengeParameters, cognitoError, EmulatorClient, jsonObject } from '../support/emulator-client.ts';
import { useSeededEmulator } from '../support/emulator-fixture.ts';
import { jsonBody, type LoopbackServer, reply, startLoopbackServer } from '../support/loopback-server.ts';

const QUIZ_POOL = 'us-east-1_CustomQuiz';
const QUIZ_CLIENT = 'customquizclient0000000001';
const HOOK_POOL = 'us-east-1_CustomHooks';
const HOOK_CLIENT = 'customhookclient0000000001';
const PLAIN_POOL = 'us-east-1_CustomPlain';
const PLAIN_CLIENT = 'customplainclient000000001';
const PASSWORD = 'Correct-Horse-9';
const QUIZ_MODULE = resolve(import.meta.dirname, '../fixtures/triggers/quiz-challenge.mjs');
const FLOWS: ExplicitAuthFlowsType[] = [
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
];

giveNodeANavigator('Node.js custom auth test');

/** What the HTTP trigger endpoint does next: answer as the quiz, throw, or never answer. */
let hookMode: 'ok' | 'throw' | 'hang' = 'ok';
/** A trigger event as the hook received it; the members this file reads are checked on arrival. */
interface HookEvent {
  [member: string]: unknown;
  triggerSource: string;
  request: Record<string, unknown>;
}
function hookEvent(event: Record<string, unknown>): HookEvent {
  const { triggerSource, request } = event;
  if (typeof triggerSource !== 'string') throw new Error(`not a trigger event: ${JSON.stringify(event)}`);
  return { ...event, triggerSource, request: jsonObject(request) };
}
const hookEvents: HookEvent[] = [];
let hooks: LoopbackServer;
let wire: EmulatorClient;

beforeAll(async () => {
  const { handler: quiz } = (await import(QUIZ_MODULE)) as {
    handler: (e: Record<string, unknown>) => Promise<Record<string, unknown>>;
  };
  hooks = await startLoopbackServer(async (request, res) => {
    const event = jsonBody(request);
    hookEvents.push(hookEvent(structuredClone(event)));
    if (hookMode === 'hang') return; // never answers
    if (hookMode === 'throw') return reply(res, 500, 'quiz service unavailable');
    if (
      event.triggerSource === 'TokenGeneration_Authentication' ||
      event.triggerSource === 'TokenGeneration_AuthenticateDevice'
    ) {
      (event.response as Record<string, unknown>).claimsOverrideDetails = {
        claimsToAddOrOverride: { tier: 'gold', sub: 'not-allowed' },
        claimsToSuppress: ['email'],
      };
      return reply(res, 200, event);
    }
    reply(res, 200, await quiz(event));
  });
});
afterAll(async () => {
  await hooks?.close();
});

const user = (name: string) => ({
  Username: name,
  Password: PASSWORD,
  Attributes: { email: `${name}@example.com` },
});
const emu = useSeededEmulator(
  (): SeedPool[] => [
    {
      Id: QUIZ_POOL,
      PoolName: 'quiz',
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
      LambdaConfig: {
        DefineAuthChallenge: QUIZ_MODULE,
        CreateAuthChallenge: QUIZ_MODULE,
        VerifyAuthChallengeResponse: QUIZ_MODULE,
      },
      Clients: [{ ClientId: QUIZ_CLIENT, ClientName: 'web', ExplicitAuthFlows: FLOWS }],
      Users: ['amy', 'ben', 'cal', 'dee'].map(user),
    },
    {
      Id: HOOK_POOL,
      PoolName: 'hooks',
      LambdaConfig: {
        DefineAuthChallenge: hooks.url,
        CreateAuthChallenge: hooks.url,
        VerifyAuthChallengeResponse: hooks.url,
        PreTokenGeneration: hooks.url,
        PostAuthentication: hooks.url,
      },
      Clients: [{ ClientId: HOOK_CLIENT, ClientName: 'web', ExplicitAuthFlows: FLOWS }],
      Users: [user('eve')],
    },
    {
      Id: PLAIN_POOL,
      PoolName: 'plain',
      Clients: [{ ClientId: PLAIN_CLIENT, ClientName: 'web', ExplicitAuthFlows: FLOWS }],
      Users: [user('fay')],
    },
  ],
  { triggerTimeoutMs: 300 },
);
beforeAll(() => {
  wire = new EmulatorClient(emu.url);
});

afterEach(async () => {
  hookMode = 'ok';
  await signOut();
});

function configureAmplify(): AsyncMemoryStorage {
  const storage = new AsyncMemoryStorage();
  Amplify.configure({
    Auth: { Cognito: { userPoolId: QUIZ_POOL, userPoolClientId: QUIZ_CLIENT, userPoolEndpoint: emu.url } },
  });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
  return storage;
}

describe('Amplify v6 custom auth', () => {
  let storage: AsyncMemoryStorage;
  beforeAll(() => {
    storage = configureAmplify();
  });

  it('CUSTOM_WITHOUT_SRP: a wrong answer gets another round, the right one signs in and enrols the device', async () => {
    const traffic = recordCognitoTraffic();
    try {
      const first = await signIn({ username: 'amy', options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } });
      expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
      expect((first.nextStep as { additionalInfo?: Record<string, string> }).additionalInfo).toMatchObject({
        question: 'What is six times seven?',
        round: '1',
      });
      const wrong = await confirmSignIn({ challengeResponse: '41' });
      expect(wrong.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
      expect((wrong.nextStep as { additionalInfo?: Record<string, string> }).additionalInfo?.round).toBe('2');
      const done = await confirmSignIn({ challengeResponse: '42' });
      expect(done.isSignedIn).toBe(true);
      expect(traffic.challenges()).toEqual(['CUSTOM_CHALLENGE', 'CUSTOM_CHALLENGE', 'tokens']);
      expect(traffic.exchanges.find((e) => e.operation === 'ConfirmDevice')?.status).toBe(200);
    } finally {
      traffic.stop();
    }
  });

  it('CUSTOM_WITHOUT_SRP again: the remembered device is proven with DEVICE_SRP_AUTH after the quiz', async () => {
    const deviceKey = storage.deviceKey();
    expect(deviceKey).toBeTruthy();
    const traffic = recordCognitoTraffic();
    try {
      await signIn({ username: 'amy', options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } });
      const done = await confirmSignIn({ challengeResponse: '42' });
      expect(done.isSignedIn).toBe(true);
      expect(traffic.challenges()).toEqual([
        'CUSTOM_CHALLENGE',
        'DEVICE_SRP_AUTH',
        'DEVICE_PASSWORD_VERIFIER',
        'tokens',
      ]);
      const initiate = traffic.exchanges.find((e) => e.operation === 'InitiateAuth');
      expect((initiate?.request.AuthParameters as Record<string, string> | undefined)?.DEVICE_KEY).toBe(
        deviceKey,
      );
      expect(traffic.exchanges.some((e) => e.operation === 'ConfirmDevice')).toBe(false);
      expect((await fetchAuthSession()).tokens?.accessToken.payload.device_key).toBe(deviceKey);
    } finally {
      traffic.stop();
    }
  });

  it('CUSTOM_WITH_SRP: SRP_A, then PASSWORD_VERIFIER, then the quiz', async () => {
    const traffic = recordCognitoTraffic();
    try {
      const first = await signIn({
        username: 'ben',
        password: PASSWORD,
        options: { authFlowType: 'CUSTOM_WITH_SRP' },
      });
      expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
      const done = await confirmSignIn({ challengeResponse: '42' });
      expect(done.isSignedIn).toBe(true);
      const initiate = traffic.exchanges.find((e) => e.operation === 'InitiateAuth');
      expect((initiate?.request.AuthParameters as Record<string, string> | undefined)?.CHALLENGE_NAME).toBe(
        'SRP_A',
      );
      expect(traffic.challenges()).toEqual(['PASSWORD_VERIFIER', 'CUSTOM_CHALLENGE', 'tokens']);
    } finally {
      traffic.stop();
    }
  });

  it('CUSTOM_WITH_SRP with a wrong password never reaches the quiz', async () => {
    await expect(
      signIn({ username: 'ben', password: 'Wrong-Horse-9', options: { authFlowType: 'CUSTOM_WITH_SRP' } }),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});

describe('amazon-cognito-identity-js CUSTOM_AUTH', () => {
  it('setAuthenticationFlowType(CUSTOM_AUTH) + sendCustomChallengeAnswer signs in', async () => {
    const storage = new MemoryStorage();
    const user = acijUser(emu.url, QUIZ_POOL, QUIZ_CLIENT, 'cal', storage);
    user.setAuthenticationFlowType('CUSTOM_AUTH');
    const traffic = recordCognitoTraffic();
    try {
      const session = await new Promise<CognitoUserSession>((resolveSession, reject) => {
        const callbacks = {
          onSuccess: resolveSession,
          onFailure: reject,
          customChallenge(params: Record<string, string>) {
            expect(params.question).toBe('What is six times seven?');
            user.sendCustomChallengeAnswer('42', callbacks);
          },
        };
        user.authenticateUser(new AuthenticationDetails({ Username: 'cal', Password: PASSWORD }), callbacks);
      });
      expect(session.isValid()).toBe(true);
      expect(session.getIdToken().payload['cognito:username']).toBe('cal');
      expect(traffic.challenges()).toEqual(['PASSWORD_VERIFIER', 'CUSTOM_CHALLENGE', 'tokens']);
    } finally {
      traffic.stop();
    }
  });
});

describe('AWS SDK CUSTOM_AUTH: trigger events, tokens and failures', () => {
  const sdk = () => sdkClient(emu.url);

  it('HTTP triggers get the documented event with ClientMetadata; PreTokenGeneration edits the ID token', async () => {
    hookEvents.length = 0;
    const first = await sdk().send(
      new InitiateAuthCommand({
        AuthFlow: 'CUSTOM_AUTH',
        ClientId: HOOK_CLIENT,
        AuthParameters: { USERNAME: 'eve' },
        ClientMetadata: { step: 'initiate' },
      }),
    );
    expect(first.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(first.ChallengeParameters).toMatchObject({
      USERNAME: 'eve',
      question: 'What is six times seven?',
    });
    const done = await sdk().send(
      new RespondToAuthChallengeCommand({
        ClientId: HOOK_CLIENT,
        ChallengeName: 'CUSTOM_CHALLENGE',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'eve', ANSWER: '42' },
        ClientMetadata: { step: 'answer' },
      }),
    );
    const idClaims = decodeJwt(done.AuthenticationResult!.IdToken!);
    expect(idClaims.tier).toBe('gold');
    expect(idClaims.email).toBeUndefined();
    expect(idClaims.sub).not.toBe('not-allowed');

    const sources = hookEvents.map((e) => e.triggerSource);
    expect(sources).toEqual([
      'DefineAuthChallenge_Authentication',
      'CreateAuthChallenge_Authentication',
      'VerifyAuthChallengeResponse_Authentication',
      'DefineAuthChallenge_Authentication',
      'PostAuthentication_Authentication',
      'TokenGeneration_Authentication',
    ]);
    const [define1, create, verify, define2, post] = hookEvents;
    expect(define1).toMatchObject({
      version: '1',
      region: 'us-east-1',
      userPoolId: HOOK_POOL,
      userName: 'eve',
      callerContext: { clientId: HOOK_CLIENT },
      request: { session: [], clientMetadata: { step: 'initiate' }, userNotFound: false },
    });
    expect(define1?.request.userAttributes).toMatchObject({ email: 'eve@example.com' });
    expect(create?.request.challengeName).toBe('CUSTOM_CHALLENGE');
    expect(verify?.request).toMatchObject({
      challengeAnswer: '42',
      privateChallengeParameters: { answer: '42' },
      clientMetadata: { step: 'answer' },
    });
    expect(define2?.request.session).toEqual([
      { challengeName: 'CUSTOM_CHALLENGE', challengeResult: true, challengeMetadata: 'ROUND-1' },
    ]);
    expect(post?.request).toMatchObject({ newDeviceUsed: false, clientMetadata: { step: 'answer' } });
  });

  it('AdminInitiateAuth / AdminRespondToAuthChallenge run the same custom flow', async () => {
    const sdk = sdkClient(emu.url);
    const first = await sdk.send(
      new AdminInitiateAuthCommand({
        AuthFlow: 'CUSTOM_AUTH',
        UserPoolId: QUIZ_POOL,
        ClientId: QUIZ_CLIENT,
        AuthParameters: { USERNAME: 'dee' },
      }),
    );
    expect(first.ChallengeName).toBe('CUSTOM_CHALLENGE');
    const done = await sdk.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: QUIZ_POOL,
        ClientId: QUIZ_CLIENT,
        ChallengeName: 'CUSTOM_CHALLENGE',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'dee', ANSWER: '42' },
      }),
    );
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('three wrong answers: DefineAuthChallenge fails the sign-in with NotAuthorizedException', async () => {
    let out = await wire.call('InitiateAuth', {
      AuthFlow: 'CUSTOM_AUTH',
      ClientId: QUIZ_CLIENT,
      AuthParameters: { USERNAME: 'dee' },
    });
    const answer = () =>
      wire.call('RespondToAuthChallenge', {
        ClientId: QUIZ_CLIENT,
        ChallengeName: 'CUSTOM_CHALLENGE',
        Session: out.Session,
        ChallengeResponses: { USERNAME: 'dee', ANSWER: 'nope' },
      });
    out = await answer();
    out = await answer();
    expect(challengeParameters(out).round).toBe('3');
    expect(await cognitoError(answer)).toEqual({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('a trigger that throws gives UserLambdaValidationException; one that hangs is cut off', async () => {
    const start = () =>
      cognitoError(() =>
        wire.call('InitiateAuth', {
          AuthFlow: 'CUSTOM_AUTH',
          ClientId: HOOK_CLIENT,
          AuthParameters: { USERNAME: 'eve' },
        }),
      );
    hookMode = 'throw';
    expect(await start()).toEqual({
      name: 'UserLambdaValidationException',
      message: 'DefineAuthChallenge failed with error quiz service unavailable.',
    });
    hookMode = 'hang';
    expect(await start()).toEqual({
      name: 'UnexpectedLambdaException',
      message:
        'DefineAuthChallenge invocation failed due to error Socket timeout while invoking Lambda function.',
    });
  });

  it('an unknown user with PreventUserExistenceErrors ENABLED meets the triggers with userNotFound, never tokens', async () => {
    const sdk = sdkClient(emu.url);
    const client = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: HOOK_POOL,
        ClientName: 'hidden',
        ExplicitAuthFlows: FLOWS,
        PreventUserExistenceErrors: 'ENABLED',
      }),
    );
    const clientId = client.UserPoolClient!.ClientId!;
    hookEvents.length = 0;
    const first = await wire.call('InitiateAuth', {
      AuthFlow: 'CUSTOM_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'nobody' },
    });
    expect(first.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(hookEvents[0]?.request.userNotFound).toBe(true);
    expect(
      await cognitoError(() =>
        wire.call('RespondToAuthChallenge', {
          ClientId: clientId,
          ChallengeName: 'CUSTOM_CHALLENGE',
          Session: first.Session,
          ChallengeResponses: { USERNAME: 'nobody', ANSWER: '42' },
        }),
      ),
    ).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('a pool without DefineAuthChallenge refuses CUSTOM_AUTH', async () => {
    expect(
      await cognitoError(() =>
        wire.call('InitiateAuth', {
          AuthFlow: 'CUSTOM_AUTH',
          ClientId: PLAIN_CLIENT,
          AuthParameters: { USERNAME: 'fay' },
        }),
      ),
    ).toEqual({
      name: 'InvalidParameterException',
      message: 'Custom auth lambda trigger is not configured for the user pool.',
    });
  });
});

describe('malformed trigger configuration', () => {
  it('CreateUserPool refuses ARNs, unknown trigger names and module paths (seed only)', async () => {
    const sdk = () => sdkClient(emu.url);
    const create = (LambdaConfig: Record<string, string>) =>
      sdk().send(new CreateUserPoolCommand({ PoolName: 'bad-triggers', LambdaConfig }));
    await expect(
      create({ DefineAuthChallenge: 'arn:aws:lambda:us-east-1:123456789012:function:define' }),
    ).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('ARN') });
    await expect(create({ PreSignUp: hooks.url })).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('LambdaConfig.PreSignUp'),
    });
    await expect(create({ DefineAuthChallenge: QUIZ_MODULE })).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('module paths are accepted in the seed file only'),
    });
  });

  it('CreateUserPool runs an HTTP trigger given in LambdaConfig; one that fails fails the sign-in', async () => {
    const sdk = sdkClient(emu.url);
    const created = await sdk.send(
      new CreateUserPoolCommand({
        PoolName: 'api-trigger',
        LambdaConfig: { DefineAuthChallenge: hooks.url },
      }),
    );
    const poolId = created.UserPool!.Id!;
    expect(created.UserPool?.LambdaConfig?.DefineAuthChallenge).toBe(hooks.url);
    const client = await sdk.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: FLOWS }),
    );
    await sdk.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'gus', MessageAction: 'SUPPRESS' }),
    );
    hookMode = 'throw';
    await expect(
      sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'CUSTOM_AUTH',
          ClientId: client.UserPoolClient!.ClientId!,
          AuthParameters: { USERNAME: 'gus' },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: 'DefineAuthChallenge failed with error quiz service unavailable.',
    });
  });

  it('a seed module trigger that throws fails the sign-in the same way', async () => {
    const other = await startSeededEmulator([
      {
        Id: 'us-east-1_Throwing',
        PoolName: 'throwing',
        LambdaConfig: {
          DefineAuthChallenge: resolve(import.meta.dirname, '../fixtures/triggers/throws.mjs'),
        },
        Clients: [{ ClientId: 'throwingclient000000000001', ClientName: 'web', ExplicitAuthFlows: FLOWS }],
        Users: [{ Username: 'hal', Password: PASSWORD }],
      },
    ]);
    try {
      expect(
        await cognitoError(() =>
          new EmulatorClient(other.url).call('InitiateAuth', {
            AuthFlow: 'CUSTOM_AUTH',
            ClientId: 'throwingclient000000000001',
            AuthParameters: { USERNAME: 'hal' },
          }),
        ),
      ).toEqual({
        name: 'UserLambdaValidationException',
        message: 'DefineAuthChallenge failed with error quiz service unavailable.',
      });
    } finally {
      await other.close();
    }
  });

  it('a seed whose trigger module is missing or exports no handler is refused at start', async () => {
    const seeded = (DefineAuthChallenge: string) =>
      startEmulator({
        quiet: true,
        seed: { pools: [{ PoolName: 'bad-module', LambdaConfig: { DefineAuthChallenge } }] },
      });
    await expect(seeded(resolve(import.meta.dirname, '../fixtures/triggers/no-handler.mjs'))).rejects.toThrow(
      /Seed pool bad-module: LambdaConfig\.DefineAuthChallenge: .*exports neither a handler function nor a default function/,
    );
    await expect(seeded('/nowhere/define.mjs')).rejects.toThrow(
      /Seed pool bad-module: .*LambdaConfig\.DefineAuthChallenge: module file '\/nowhere\/define\.mjs' does not exist/,
    );
  });
});
