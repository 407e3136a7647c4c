import { resolve } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../emulator/http/router.ts';
import { authResult, EmulatorClient, jsonObject, signInTokens } from '../support/emulator-client.ts';
import { useSeededEmulator } from '../support/emulator-fixture.ts';

const POOL = 'us-east-1_FuzzPool1';
const QUIZ_MODULE = resolve(import.meta.dirname, '../fixtures/triggers/quiz-challenge.mjs');
let c: EmulatorClient;

const emu = useSeededEmulator([
  {
    Id: POOL,
    PoolName: 'fuzz',
    MfaConfiguration: 'OPTIONAL',
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true },
    SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] },
    LambdaConfig: {
      DefineAuthChallenge: QUIZ_MODULE,
      CreateAuthChallenge: QUIZ_MODULE,
      VerifyAuthChallengeResponse: QUIZ_MODULE,
    },
    Clients: [
      {
        ClientId: 'fuzzclient',
        ClientName: 'web',
        ExplicitAuthFlows: [
          'ALLOW_USER_SRP_AUTH',
          'ALLOW_USER_PASSWORD_AUTH',
          'ALLOW_REFRESH_TOKEN_AUTH',
          'ALLOW_USER_AUTH',
          'ALLOW_CUSTOM_AUTH',
        ],
      },
    ],
    Users: [
      {
        Username: 'ada',
        Password: 'Passw0rd!',
        Attributes: { email: 'ada@example.com', phone_number: '+15555550100' },
      },
    ],
  },
]);
beforeAll(() => {
  c = new EmulatorClient(emu.url);
});

// Field names the operations read, so generated bodies reach past the first validation.
const FIELDS = [
  'UserPoolId',
  'ClientId',
  'Username',
  'Password',
  'AuthFlow',
  'AuthParameters',
  'ChallengeName',
  'ChallengeResponses',
  'Session',
  'AccessToken',
  'DeviceKey',
  'DeviceSecretVerifierConfig',
  'DeviceName',
  'DeviceRememberedStatus',
  'Limit',
  'PaginationToken',
  'RefreshToken',
  'Token',
  'UserAttributes',
  'UserCode',
  'PoolName',
  'ClientName',
  'ExplicitAuthFlows',
  'MfaConfiguration',
  'Policies',
  'DeviceConfiguration',
  'SoftwareTokenMfaSettings',
  'TemporaryPassword',
  'MaxResults',
  'NextToken',
  'ConfirmationCode',
  'Filter',
  'Permanent',
  'TokenValidityUnits',
  'AccessTokenValidity',
  'EmulatorOptions',
  'AttributeName',
  'Code',
  'ClientMetadata',
  'ClientSecret',
  'UserContextData',
  'AnalyticsMetadata',
  'RefreshTokenRotation',
  'LambdaConfig',
];
// Names the USER_AUTH and CUSTOM_AUTH flows read.
const FLOW_NAMES = [
  'USER_AUTH',
  'CUSTOM_AUTH',
  'SELECT_CHALLENGE',
  'CUSTOM_CHALLENGE',
  'PASSWORD',
  'PASSWORD_SRP',
  'EMAIL_OTP',
  'SMS_OTP',
  'WEB_AUTHN',
  'SRP_A',
];
const value = fc.oneof(
  fc.constantFrom(
    POOL,
    'fuzzclient',
    'ada',
    'USER_SRP_AUTH',
    'USER_PASSWORD_AUTH',
    'REFRESH_TOKEN_AUTH',
    'PASSWORD_VERIFIER',
    'SMS_MFA',
    ...FLOW_NAMES,
    'us-east-1_00000000-0000-4000-8000-000000000000',
    '',
    'x'.repeat(5000),
  ),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(
    fc.oneof(
      fc.string(),
      fc.integer(),
      fc.record({ Name: fc.string(), Value: fc.oneof(fc.string(), fc.integer()) }),
    ),
  ),
  fc.dictionary(
    fc.constantFrom(
      'USERNAME',
      'SRP_A',
      'PASSWORD',
      'DEVICE_KEY',
      'REFRESH_TOKEN',
      'SECRET_HASH',
      'TIMESTAMP',
      'PasswordVerifier',
      'Salt',
      'PasswordPolicy',
      'AccessToken',
      'Feature',
      'RetryGracePeriodSeconds',
      'EncodedData',
      'PREFERRED_CHALLENGE',
      'ANSWER',
      'CHALLENGE_NAME',
      'SMS_OTP_CODE',
      'EMAIL_OTP_CODE',
      'DefineAuthChallenge',
      'SignInPolicy',
      'AllowedFirstAuthFactors',
    ),
    fc.oneof(
      fc.string(),
      fc.integer(),
      fc.constant(null),
      fc.constant('ada'),
      fc.constantFrom(...FLOW_NAMES),
      fc.array(fc.constantFrom(...FLOW_NAMES)),
    ),
  ),
);
const body = fc.dictionary(fc.constantFrom(...FIELDS), value);

describe('malformed and random input', () => {
  it('never answers 5xx for any operation', async () => {
    const names = Object.keys(OPERATIONS).filter((n) => n !== 'DeleteUserPool');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), body, async (operation, input) => {
        const r = await c.raw(operation, input);
        expect(
          r.status,
          `${operation} ${JSON.stringify(input).slice(0, 300)} → ${JSON.stringify(r.body)}`,
        ).toBeLessThan(500);
        if (r.status !== 200) expect(typeof jsonObject(r.body).__type).toBe('string');
      }),
      { numRuns: 600 },
    );
    expect((await c.raw('DescribeUserPool', { UserPoolId: POOL })).status).toBe(200);
  });

  it('USER_AUTH and CUSTOM_AUTH: random answers on real sessions never crash the server', async () => {
    const params = fc.dictionary(
      fc.constantFrom('USERNAME', 'PREFERRED_CHALLENGE', 'PASSWORD', 'SRP_A', 'CHALLENGE_NAME', 'DEVICE_KEY'),
      fc.oneof(fc.constantFrom('ada', 'nobody', 'Passw0rd!', 'ab', ...FLOW_NAMES), fc.string()),
    );
    const answers = fc.dictionary(
      fc.constantFrom(
        'USERNAME',
        'ANSWER',
        'PASSWORD',
        'SRP_A',
        'EMAIL_OTP_CODE',
        'SMS_OTP_CODE',
        'DEVICE_KEY',
      ),
      fc.oneof(fc.constantFrom('ada', '42', 'Passw0rd!', ...FLOW_NAMES), fc.string()),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('USER_AUTH', 'CUSTOM_AUTH'),
        params,
        fc.array(fc.tuple(fc.constantFrom(...FLOW_NAMES, 'PASSWORD_VERIFIER'), answers), { maxLength: 3 }),
        async (flow, authParameters, steps) => {
          const start = await c.raw('InitiateAuth', {
            AuthFlow: flow,
            ClientId: 'fuzzclient',
            AuthParameters: authParameters,
            ClientMetadata: { fuzz: 'yes' },
          });
          expect(start.status, JSON.stringify(start.body)).toBeLessThan(500);
          let session = jsonObject(start.body).Session;
          for (const [name, responses] of steps) {
            if (typeof session !== 'string') break;
            const r = await c.raw('RespondToAuthChallenge', {
              ClientId: 'fuzzclient',
              ChallengeName: name,
              Session: session,
              ChallengeResponses: responses,
            });
            expect(r.status, `${name} ${JSON.stringify(responses)} → ${JSON.stringify(r.body)}`).toBeLessThan(
              500,
            );
            session = jsonObject(r.body).Session ?? session;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the account and refresh operations with a real session', () => {
  it('random attribute names, codes, device keys, ClientMetadata and rotation settings never crash or break the user', async () => {
    const signIn = () =>
      c.call('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: 'fuzzclient',
        AuthParameters: { USERNAME: 'ada', PASSWORD: 'Passw0rd!' },
      });
    const tokens = signInTokens(await signIn());
    const text = fc.oneof(
      fc.constantFrom('email', 'phone_number', 'name', '', 'ENABLED', 'DISABLED', 'x'.repeat(100)),
      fc.string(),
    );
    const loose = fc.oneof(
      text,
      fc.integer(),
      fc.constant(null),
      fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())),
    );
    const request = fc.oneof(
      fc.record({
        op: fc.constant('GetUserAttributeVerificationCode'),
        AttributeName: loose,
        ClientMetadata: loose,
      }),
      fc.record({ op: fc.constant('VerifyUserAttribute'), AttributeName: loose, Code: loose }),
      fc.record({ op: fc.constant('GetTokensFromRefreshToken'), DeviceKey: loose, ClientMetadata: loose }),
      fc.record({
        op: fc.constant('UpdateUserPoolClient'),
        RefreshTokenRotation: fc.oneof(loose, fc.record({ Feature: loose, RetryGracePeriodSeconds: loose })),
      }),
      fc.record({ op: fc.constant('AdminListGroupsForUser'), Username: loose }),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ op, ...fields }) => {
        const input = {
          AccessToken: tokens.AccessToken,
          RefreshToken: tokens.RefreshToken,
          ClientId: 'fuzzclient',
          UserPoolId: POOL,
          ...fields,
        };
        const r = await c.raw(op, input);
        expect(
          r.status,
          `${op} ${JSON.stringify(fields).slice(0, 300)} → ${JSON.stringify(r.body)}`,
        ).toBeLessThan(500);
        if (r.status !== 200) expect(typeof jsonObject(r.body).__type).toBe('string');
      }),
      { numRuns: 300 },
    );
    // The user and the client still work.
    await c.call('UpdateUserPoolClient', {
      UserPoolId: POOL,
      ClientId: 'fuzzclient',
      RefreshTokenRotation: { Feature: 'DISABLED' },
    });
    expect(authResult(await signIn()).AccessToken).toBeTruthy();
  });
});
