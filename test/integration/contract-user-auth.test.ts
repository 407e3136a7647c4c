// USER_AUTH (choice-based sign-in) against the emulator with the official clients, unmodified:
// Amplify v6 signIn with authFlowType USER_AUTH, and the AWS SDK's InitiateAuth. Own vitest worker,
// so Amplify's global configuration stays in this file.

import {
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { confirmSignIn, fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClientEphemeral } from '../../src/srp/index.ts';
import { AsyncMemoryStorage, giveNodeANavigator } from '../support/amplify-node.ts';
import {
  latestOutboxCode,
  newTotpSecret,
  recordCognitoTraffic,
  sdkClient,
} from '../support/cognito-fixtures.ts';
import {
  answerDeviceChallenge,
  authResult,
  challengeParameters,
  cognitoError,
  confirmDevice,
  EmulatorClient,
} from '../support/emulator-client.ts';
import { useSeededEmulator } from '../support/emulator-fixture.ts';
import { mfaUser } from '../support/seed-builders.ts';

const POOL = 'us-east-1_UserAuth1';
const CLIENT = 'userauthclient000000000001';
const NO_USER_AUTH_CLIENT = 'userauthclient000000000002';
const PASSWORD = 'Correct-Horse-9';
const DEVICE_NAME = 'Node.js USER_AUTH test';
const secrets = { ada: newTotpSecret(), bob: newTotpSecret(), cy: newTotpSecret() };

giveNodeANavigator(DEVICE_NAME);

let wire: EmulatorClient;

const user = (name: keyof typeof secrets) => mfaUser(name, PASSWORD, secrets[name]);

const emu = useSeededEmulator([
  {
    Id: POOL,
    PoolName: 'user-auth',
    MfaConfiguration: 'OPTIONAL',
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
    SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] },
    Clients: [
      {
        ClientId: CLIENT,
        ClientName: 'web',
        ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      },
      { ClientId: NO_USER_AUTH_CLIENT, ClientName: 'srp-only', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] },
    ],
    Users: [
      user('ada'),
      user('bob'),
      user('cy'),
      {
        Username: 'otp',
        Password: PASSWORD,
        Attributes: { email: 'otp@example.com', phone_number: '+15555550142' },
      },
    ],
  },
]);

beforeAll(async () => {
  wire = new EmulatorClient(emu.url);
});

afterEach(async () => {
  await signOut();
});

function configure(): AsyncMemoryStorage {
  const storage = new AsyncMemoryStorage();
  Amplify.configure({
    Auth: { Cognito: { userPoolId: POOL, userPoolClientId: CLIENT, userPoolEndpoint: emu.url } },
  });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
  return storage;
}

/** Answers TOTP prompts until signed in; returns the steps Amplify showed and the server's challenges. */
async function finish(
  username: keyof typeof secrets,
  first: Awaited<ReturnType<typeof signIn>>,
  traffic: ReturnType<typeof recordCognitoTraffic>,
) {
  const steps: string[] = [];
  let out = first;
  while (!out.isSignedIn) {
    steps.push(out.nextStep.signInStep);
    if (out.nextStep.signInStep !== 'CONFIRM_SIGN_IN_WITH_TOTP_CODE') {
      throw new Error(`unexpected step ${out.nextStep.signInStep}`);
    }
    out = await confirmSignIn({ challengeResponse: emu.totp.code(secrets[username]) });
  }
  return { steps, challenges: traffic.challenges(), exchanges: [...traffic.exchanges] };
}

async function amplifyUserAuth(
  username: keyof typeof secrets,
  preferredChallenge: 'PASSWORD' | 'PASSWORD_SRP',
) {
  const traffic = recordCognitoTraffic();
  try {
    const first = await signIn({
      username,
      password: PASSWORD,
      options: { authFlowType: 'USER_AUTH', preferredChallenge },
    });
    return await finish(username, first, traffic);
  } finally {
    traffic.stop();
  }
}

const DEVICE_SIGN_IN = ['PASSWORD_VERIFIER', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER', 'tokens'];

describe('Amplify v6 signIn with authFlowType USER_AUTH', () => {
  let storage: AsyncMemoryStorage;
  beforeAll(() => {
    storage = configure();
  });

  it('PASSWORD_SRP: MFA and a new device first, then the remembered device skips MFA', async () => {
    const first = await amplifyUserAuth('ada', 'PASSWORD_SRP');
    expect(first.steps).toEqual(['CONFIRM_SIGN_IN_WITH_TOTP_CODE']);
    expect(first.challenges).toEqual(['PASSWORD_VERIFIER', 'SOFTWARE_TOKEN_MFA', 'tokens']);
    const initiate = first.exchanges.find((e) => e.operation === 'InitiateAuth');
    expect(initiate?.request.AuthFlow).toBe('USER_AUTH');
    expect(
      (initiate?.request.AuthParameters as Record<string, string> | undefined)?.PREFERRED_CHALLENGE,
    ).toBe('PASSWORD_SRP');
    expect(first.exchanges.find((e) => e.operation === 'ConfirmDevice')?.status).toBe(200);
    const deviceKey = storage.deviceKey();
    expect(deviceKey).toMatch(/^us-east-1_/);
    await signOut();

    const again = await amplifyUserAuth('ada', 'PASSWORD_SRP');
    expect(again.steps).toEqual([]);
    expect(again.challenges).toEqual(DEVICE_SIGN_IN);
    const session = await fetchAuthSession();
    expect(session.tokens?.accessToken.payload.device_key).toBe(deviceKey);
  });

  it('PASSWORD: the password goes in InitiateAuth and MFA follows it', async () => {
    const out = await amplifyUserAuth('bob', 'PASSWORD');
    expect(out.steps).toEqual(['CONFIRM_SIGN_IN_WITH_TOTP_CODE']);
    expect(out.challenges).toEqual(['SOFTWARE_TOKEN_MFA', 'tokens']);
    const initiate = out.exchanges.find((e) => e.operation === 'InitiateAuth');
    expect((initiate?.request.AuthParameters as Record<string, string> | undefined)?.PASSWORD).toBe(PASSWORD);
  });

  it('SELECT_CHALLENGE: no preference lists AvailableChallenges, and confirmSignIn picks PASSWORD', async () => {
    const traffic = recordCognitoTraffic();
    try {
      const first = await signIn({ username: 'cy', options: { authFlowType: 'USER_AUTH' } });
      expect(first.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION');
      expect((first.nextStep as { availableChallenges?: string[] }).availableChallenges).toEqual([
        'PASSWORD',
        'PASSWORD_SRP',
        'EMAIL_OTP',
      ]);
      const picked = await confirmSignIn({ challengeResponse: 'PASSWORD' });
      expect(picked.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_PASSWORD');
      const withPassword = await confirmSignIn({ challengeResponse: PASSWORD });
      const done = await finish('cy', withPassword, traffic);
      expect(done.steps).toEqual(['CONFIRM_SIGN_IN_WITH_TOTP_CODE']);
      expect(done.challenges).toEqual(['SELECT_CHALLENGE', 'SOFTWARE_TOKEN_MFA', 'tokens']);
    } finally {
      traffic.stop();
    }
  });

  it('SELECT_CHALLENGE with PASSWORD_SRP via confirmSignIn: SRP over SELECT_CHALLENGE, then tokens', async () => {
    const traffic = recordCognitoTraffic();
    try {
      const first = await signIn({ username: 'otp', options: { authFlowType: 'USER_AUTH' } });
      expect(first.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION');
      const picked = await confirmSignIn({ challengeResponse: 'PASSWORD_SRP' });
      expect(picked.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_PASSWORD');
      const done = await confirmSignIn({ challengeResponse: PASSWORD });
      expect(done.isSignedIn).toBe(true);
      expect(traffic.challenges()).toEqual(['SELECT_CHALLENGE', 'PASSWORD_VERIFIER', 'tokens']);
    } finally {
      traffic.stop();
    }
  });

  it('SELECT_CHALLENGE with EMAIL_OTP: the emailed code alone signs in, no MFA after it', async () => {
    const first = await signIn({ username: 'otp', options: { authFlowType: 'USER_AUTH' } });
    expect(first.nextStep.signInStep).toBe('CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION');
    const picked = await confirmSignIn({ challengeResponse: 'EMAIL_OTP' });
    expect(picked.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    const code = await latestOutboxCode(emu.url, POOL, 'otp');
    const done = await confirmSignIn({ challengeResponse: code });
    expect(done.isSignedIn).toBe(true);
  });
});

describe('AWS SDK InitiateAuth USER_AUTH', () => {
  const sdk = () => sdkClient(emu.url);

  it('PASSWORD with DEVICE_KEY: a remembered device answers DEVICE_SRP_AUTH instead of MFA', async () => {
    const first = await sdk().send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_AUTH',
        ClientId: CLIENT,
        AuthParameters: { USERNAME: 'bob', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD },
      }),
    );
    expect(first.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const tokens = await sdk().send(
      new RespondToAuthChallengeCommand({
        ClientId: CLIENT,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'bob', SOFTWARE_TOKEN_MFA_CODE: emu.totp.code(secrets.bob) },
      }),
    );
    const meta = tokens.AuthenticationResult?.NewDeviceMetadata;
    expect(meta?.DeviceKey).toBeTruthy();
    const device = await confirmDevice(wire, tokens.AuthenticationResult!.AccessToken!, {
      DeviceKey: meta!.DeviceKey!,
      DeviceGroupKey: meta!.DeviceGroupKey!,
    });

    const again = await sdk().send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_AUTH',
        ClientId: CLIENT,
        AuthParameters: {
          USERNAME: 'bob',
          PREFERRED_CHALLENGE: 'PASSWORD',
          PASSWORD,
          DEVICE_KEY: device.deviceKey,
        },
      }),
    );
    expect(again.ChallengeName).toBe('DEVICE_SRP_AUTH');
    const signedIn = await answerDeviceChallenge(wire, CLIENT, again.Session!, 'bob', device);
    expect(authResult(signedIn).AccessToken).toBeTruthy();
    expect(authResult(signedIn).NewDeviceMetadata).toBeUndefined();
  });

  it('SELECT_CHALLENGE answered with PASSWORD and DEVICE_KEY skips MFA the same way', async () => {
    const first = await sdk().send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_AUTH',
        ClientId: CLIENT,
        AuthParameters: { USERNAME: 'cy' },
      }),
    );
    expect(first.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(first.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
    const mfa = await sdk().send(
      new RespondToAuthChallengeCommand({
        ClientId: CLIENT,
        ChallengeName: 'SELECT_CHALLENGE',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'cy', ANSWER: 'PASSWORD', PASSWORD },
      }),
    );
    expect(mfa.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const tokens = await sdk().send(
      new RespondToAuthChallengeCommand({
        ClientId: CLIENT,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: mfa.Session,
        ChallengeResponses: { USERNAME: 'cy', SOFTWARE_TOKEN_MFA_CODE: emu.totp.code(secrets.cy) },
      }),
    );
    const meta = tokens.AuthenticationResult!.NewDeviceMetadata!;
    const device = await confirmDevice(wire, tokens.AuthenticationResult!.AccessToken!, {
      DeviceKey: meta.DeviceKey!,
      DeviceGroupKey: meta.DeviceGroupKey!,
    });
    const select = await sdk().send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_AUTH',
        ClientId: CLIENT,
        AuthParameters: { USERNAME: 'cy' },
      }),
    );
    const deviceStep = await sdk().send(
      new RespondToAuthChallengeCommand({
        ClientId: CLIENT,
        ChallengeName: 'SELECT_CHALLENGE',
        Session: select.Session,
        ChallengeResponses: { USERNAME: 'cy', ANSWER: 'PASSWORD', PASSWORD, DEVICE_KEY: device.deviceKey },
      }),
    );
    expect(deviceStep.ChallengeName).toBe('DEVICE_SRP_AUTH');
    const signedIn = await answerDeviceChallenge(wire, CLIENT, deviceStep.Session!, 'cy', device);
    expect(authResult(signedIn).AccessToken).toBeTruthy();
  });
});

describe('USER_AUTH first factors and pool policy over the wire', () => {
  it('SMS_OTP as the preferred first factor: the texted code signs in, three wrong codes end the session', async () => {
    const start = () =>
      wire.call('InitiateAuth', {
        AuthFlow: 'USER_AUTH',
        ClientId: CLIENT,
        AuthParameters: { USERNAME: 'otp', PREFERRED_CHALLENGE: 'SMS_OTP' },
      });
    const answer = (session: string | undefined, code: string) =>
      wire.call('RespondToAuthChallenge', {
        ClientId: CLIENT,
        ChallengeName: 'SMS_OTP',
        Session: session,
        ChallengeResponses: { USERNAME: 'otp', SMS_OTP_CODE: code },
      });
    const sms = await start();
    expect(sms.ChallengeName).toBe('SMS_OTP');
    expect(challengeParameters(sms).CODE_DELIVERY_DELIVERY_MEDIUM).toBe('SMS');
    const code = await latestOutboxCode(emu.url, POOL, 'otp');
    const done = await answer(sms.Session, code);
    expect(authResult(done).AccessToken).toBeTruthy();

    const again = await start();
    for (let i = 0; i < 3; i++) {
      expect((await cognitoError(() => answer(again.Session, '000000'))).name).toBe('CodeMismatchException');
    }
    expect((await cognitoError(() => answer(again.Session, '000000'))).name).toBe('NotAuthorizedException');
  });

  it('SELECT_CHALLENGE answered with PASSWORD_SRP leads to PASSWORD_VERIFIER', async () => {
    const select = await wire.call('InitiateAuth', {
      AuthFlow: 'USER_AUTH',
      ClientId: CLIENT,
      AuthParameters: { USERNAME: 'otp' },
    });
    expect(select.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP']);
    const verifier = await wire.call('RespondToAuthChallenge', {
      ClientId: CLIENT,
      ChallengeName: 'SELECT_CHALLENGE',
      Session: select.Session,
      ChallengeResponses: { USERNAME: 'otp', ANSWER: 'PASSWORD_SRP', SRP_A: createClientEphemeral().AHex },
    });
    expect(verifier.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(challengeParameters(verifier).USER_ID_FOR_SRP).toBe('otp');
  });

  it('CreateUserPool / UpdateUserPool / DescribeUserPool carry SignInPolicy; a policy without PASSWORD is refused', async () => {
    const _sdk = sdkClient(emu.url);
    const created = await emu.sdk.send(new CreateUserPoolCommand({ PoolName: 'policy' }));
    const id = created.UserPool!.Id!;
    expect(created.UserPool?.Policies?.SignInPolicy?.AllowedFirstAuthFactors).toEqual(['PASSWORD']);
    await emu.sdk.send(
      new UpdateUserPoolCommand({
        UserPoolId: id,
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } },
      }),
    );
    const described = await emu.sdk.send(new DescribeUserPoolCommand({ UserPoolId: id }));
    expect(described.UserPool?.Policies?.SignInPolicy?.AllowedFirstAuthFactors).toEqual([
      'PASSWORD',
      'EMAIL_OTP',
    ]);
    await expect(
      emu.sdk.send(
        new UpdateUserPoolCommand({
          UserPoolId: id,
          Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['EMAIL_OTP'] } },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('USER_AUTH refusals', () => {
  const initiate = (params: Record<string, string>, clientId = CLIENT) =>
    wire.call('InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: clientId, AuthParameters: params });

  it('needs ALLOW_USER_AUTH on the app client', async () => {
    expect(await cognitoError(() => initiate({ USERNAME: 'ada' }, NO_USER_AUTH_CLIENT))).toEqual({
      name: 'InvalidParameterException',
      message: 'USER_AUTH flow not enabled for this client',
    });
  });

  it('refuses an unknown first factor, and WEB_AUTHN as unsupported', async () => {
    const unknown = await cognitoError(() => initiate({ USERNAME: 'ada', PREFERRED_CHALLENGE: 'TOTP' }));
    expect(unknown.name).toBe('InvalidParameterException');
    expect(unknown.message).toContain("Value 'TOTP' at 'authParameters.PREFERRED_CHALLENGE'");
    const passkey = await cognitoError(() => initiate({ USERNAME: 'ada', PREFERRED_CHALLENGE: 'WEB_AUTHN' }));
    expect(passkey.name).toBe('UnsupportedOperationException');
  });

  it('falls back to SELECT_CHALLENGE when the preferred factor is not available to the user', async () => {
    const out = await initiate({ USERNAME: 'ada', PREFERRED_CHALLENGE: 'SMS_OTP' });
    expect(out.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(out.AvailableChallenges).not.toContain('SMS_OTP');
  });

  it('refuses a factor that was not offered, and a replayed session', async () => {
    const select = await initiate({ USERNAME: 'ada' });
    const answer = (r: Record<string, string>) =>
      wire.call('RespondToAuthChallenge', {
        ClientId: CLIENT,
        ChallengeName: 'SELECT_CHALLENGE',
        Session: select.Session,
        ChallengeResponses: { USERNAME: 'ada', ...r },
      });
    expect((await cognitoError(() => answer({ ANSWER: 'SMS_OTP' }))).name).toBe('InvalidParameterException');
    const mfa = await answer({ ANSWER: 'PASSWORD', PASSWORD });
    expect(mfa.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    expect(await cognitoError(() => answer({ ANSWER: 'PASSWORD', PASSWORD }))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user, session can only be used once.',
    });
  });

  it('a wrong password fails like any other flow', async () => {
    expect(
      await cognitoError(() =>
        initiate({ USERNAME: 'ada', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'nope' }),
      ),
    ).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });
});
