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
