import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmulatorClient } from '../../emulator/dev/client.ts';
import { OPERATIONS } from '../../emulator/http/router.ts';
import { type RunningEmulator, startEmulator } from '../../emulator/index.ts';

const POOL = 'us-east-1_FuzzPool1';
let emu: RunningEmulator;
let c: EmulatorClient;

beforeAll(async () => {
  emu = await startEmulator({
    quiet: true,
    seed: {
      pools: [
        {
          Id: POOL,
          PoolName: 'fuzz',
          MfaConfiguration: 'OPTIONAL',
          DeviceConfiguration: { ChallengeRequiredOnNewDevice: true },
          Clients: [
            {
              ClientId: 'fuzzclient',
              ClientName: 'web',
              ExplicitAuthFlows: [
                'ALLOW_USER_SRP_AUTH',
                'ALLOW_USER_PASSWORD_AUTH',
                'ALLOW_REFRESH_TOKEN_AUTH',
              ],
            },
          ],
          Users: [{ Username: 'ada', Password: 'Passw0rd!' }],
        },
      ],
    },
  });
  c = new EmulatorClient(emu.url);
});
afterAll(() => emu.close());

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
    ),
    fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant('ada')),
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
        if (r.status !== 200) expect(typeof r.body.__type).toBe('string');
      }),
      { numRuns: 600 },
    );
    expect((await c.raw('DescribeUserPool', { UserPoolId: POOL })).status).toBe(200);
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
    const tokens = (await signIn()).AuthenticationResult;
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
        if (r.status !== 200) expect(typeof r.body.__type).toBe('string');
      }),
      { numRuns: 300 },
    );
    // The user and the client still work.
    await c.call('UpdateUserPoolClient', {
      UserPoolId: POOL,
      ClientId: 'fuzzclient',
      RefreshTokenRotation: { Feature: 'DISABLED' },
    });
    expect((await signIn()).AuthenticationResult.AccessToken).toBeTruthy();
  });
});
