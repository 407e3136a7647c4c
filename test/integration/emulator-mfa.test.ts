import type { ChallengeNameType } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../emulator/index.ts';
import { latestOutboxCode } from '../support/cognito-fixtures.ts';
import {
  authResult,
  challengeParameters,
  cognitoError,
  EmulatorClient,
  present,
  srpSignIn,
} from '../support/emulator-client.ts';
import { totpAt } from '../support/totp.ts';

let clock = Date.now();
let emu: RunningEmulator;
let c: EmulatorClient;
let poolId: string;
let clientId: string;

// Everything here is set up through the API, as the AWS SDK would against AWS.
beforeAll(async () => {
  emu = await startEmulator({ quiet: true, now: () => clock, timestampSkewSeconds: 86_400 });
  c = new EmulatorClient(emu.url);
  const created = await c.call('CreateUserPool', {
    PoolName: 'mfa',
    MfaConfiguration: 'ON',
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
    AutoVerifiedAttributes: ['email'],
    Policies: { PasswordPolicy: { MinimumLength: 8, RequireNumbers: true } },
  });
  poolId = present(created.UserPool?.Id, 'UserPool.Id');
  expect(poolId).toMatch(/^us-east-1_[0-9a-zA-Z]{9}$/);
  await c.call('SetUserPoolMfaConfig', {
    UserPoolId: poolId,
    MfaConfiguration: 'ON',
    SoftwareTokenMfaConfiguration: { Enabled: true },
  });
  const client = await c.call('CreateUserPoolClient', {
    UserPoolId: poolId,
    ClientName: 'web',
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  clientId = present(client.UserPoolClient?.ClientId, 'UserPoolClient.ClientId');
  const described = await c.call('DescribeUserPoolClient', { UserPoolId: poolId, ClientId: clientId });
  expect(described.UserPoolClient).toMatchObject({ ClientName: 'web', AuthSessionValidity: 3 });
});
afterAll(() => emu.close());

async function createUser(username: string, attributes: Record<string, string> = {}) {
  await c.call('AdminCreateUser', {
    UserPoolId: poolId,
    Username: username,
    TemporaryPassword: 'Temp0rary!',
    MessageAction: 'SUPPRESS',
    UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
  });
}

const respond = (
  ChallengeName: ChallengeNameType,
  Session: string | undefined,
  ChallengeResponses: Record<string, string>,
) => c.call('RespondToAuthChallenge', { ClientId: clientId, ChallengeName, Session, ChallengeResponses });

describe('MFA', () => {
  it('NEW_PASSWORD_REQUIRED → MFA_SETUP → Associate/VerifySoftwareToken → tokens; then TOTP is asked', async () => {
    await createUser('ada', { email: 'ada@example.com' });
    const first = await srpSignIn(c, poolId, clientId, 'ada', 'Temp0rary!');
    expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(JSON.parse(present(challengeParameters(first).userAttributes, 'userAttributes'))).toEqual({
      email: 'ada@example.com',
    });
    expect(
      await cognitoError(() =>
        respond('NEW_PASSWORD_REQUIRED', first.Session, { USERNAME: 'ada', NEW_PASSWORD: 'short' }),
      ),
    ).toEqual({
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password not long enough',
    });
    const setup = await respond('NEW_PASSWORD_REQUIRED', first.Session, {
      USERNAME: 'ada',
      NEW_PASSWORD: 'N3wPassword',
    });
    expect(setup.ChallengeName).toBe('MFA_SETUP');
    expect(JSON.parse(present(challengeParameters(setup).MFAS_CAN_SETUP, 'MFAS_CAN_SETUP'))).toEqual([
      'SOFTWARE_TOKEN_MFA',
    ]);
    const assoc = await c.call('AssociateSoftwareToken', { Session: setup.Session });
    const secret = present(assoc.SecretCode, 'SecretCode');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const wrong = await cognitoError(() =>
      c.call('VerifySoftwareToken', {
        Session: assoc.Session,
        UserCode: '000000' === totpAt(secret, clock) ? '111111' : '000000',
      }),
    );
    expect(wrong.name).toBe('EnableSoftwareTokenMFAException');
    const verified = await c.call('VerifySoftwareToken', {
      Session: assoc.Session,
      UserCode: totpAt(secret, clock),
    });
    expect(verified.Status).toBe('SUCCESS');
    const done = await respond('MFA_SETUP', verified.Session, { USERNAME: 'ada' });
    expect(authResult(done).NewDeviceMetadata).toBeDefined();
    const user = await c.call('AdminGetUser', { UserPoolId: poolId, Username: 'ada' });
    expect(user).toMatchObject({
      UserStatus: 'CONFIRMED',
      PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
      UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
    });

    clock += 30_000;
    const next = await srpSignIn(c, poolId, clientId, 'ada', 'N3wPassword');
    expect(next.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const code = totpAt(secret, clock);
    const ok = await respond('SOFTWARE_TOKEN_MFA', next.Session, {
      USERNAME: 'ada',
      SOFTWARE_TOKEN_MFA_CODE: code,
    });
    expect(ok.AuthenticationResult).toBeDefined();

    // The same code again, within its window, is refused.
    const again = await srpSignIn(c, poolId, clientId, 'ada', 'N3wPassword');
    expect(
      (
        await cognitoError(() =>
          respond('SOFTWARE_TOKEN_MFA', again.Session, { USERNAME: 'ada', SOFTWARE_TOKEN_MFA_CODE: code }),
        )
      ).name,
    ).toBe('ExpiredCodeException');
  });

  it('EMAIL_OTP, TOTP set up with an access token, SELECT_MFA_TYPE; TOTP accepts the previous step, not two away', async () => {
    await createUser('bob', { email: 'bob@example.com', phone_number: '+15555550100' });
    await c.call('AdminSetUserPassword', {
      UserPoolId: poolId,
      Username: 'bob',
      Password: 'Passw0rd1',
      Permanent: true,
    });
    await c.call('AdminSetUserMFAPreference', {
      UserPoolId: poolId,
      Username: 'bob',
      EmailMfaSettings: { Enabled: true, PreferredMfa: true },
    });
    const pv = await srpSignIn(c, poolId, clientId, 'bob', 'Passw0rd1');
    expect(pv.ChallengeName).toBe('EMAIL_OTP');
    const done = await respond('EMAIL_OTP', pv.Session, {
      USERNAME: 'bob',
      EMAIL_OTP_CODE: await latestOutboxCode(emu.url, poolId, 'bob@example.com'),
    });
    const token = authResult(done).AccessToken;
    const assoc = await c.call('AssociateSoftwareToken', { AccessToken: token });
    const secret = present(assoc.SecretCode, 'SecretCode');
    await c.call('VerifySoftwareToken', { AccessToken: token, UserCode: totpAt(secret, clock) });
    await c.call('SetUserMFAPreference', {
      AccessToken: token,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: false },
      EmailMfaSettings: { Enabled: true, PreferredMfa: false },
    });

    const select = await srpSignIn(c, poolId, clientId, 'bob', 'Passw0rd1');
    expect(select.ChallengeName).toBe('SELECT_MFA_TYPE');
    expect(JSON.parse(present(challengeParameters(select).MFAS_CAN_CHOOSE, 'MFAS_CAN_CHOOSE'))).toEqual([
      'SOFTWARE_TOKEN_MFA',
      'EMAIL_OTP',
    ]);
    const totp = await respond('SELECT_MFA_TYPE', select.Session, {
      USERNAME: 'bob',
      ANSWER: 'SOFTWARE_TOKEN_MFA',
    });
    expect(totp.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const far = totpAt(secret, clock + 90_000);
    expect(
      (
        await cognitoError(() =>
          respond('SOFTWARE_TOKEN_MFA', totp.Session, { USERNAME: 'bob', SOFTWARE_TOKEN_MFA_CODE: far }),
        )
      ).name,
    ).toBe('CodeMismatchException');
    clock += 60_000;
    const previous = totpAt(secret, clock - 30_000);
    const ok = await respond('SOFTWARE_TOKEN_MFA', totp.Session, {
      USERNAME: 'bob',
      SOFTWARE_TOKEN_MFA_CODE: previous,
    });
    expect(ok.AuthenticationResult).toBeDefined();
  });
});

describe('sign-up', () => {
  it('SignUp sends a code; ConfirmSignUp with it confirms and verifies the email', async () => {
    const out = await c.call('SignUp', {
      ClientId: clientId,
      Username: 'carol',
      Password: 'Passw0rd1',
      UserAttributes: [{ Name: 'email', Value: 'carol@example.com' }],
    });
    expect(out).toMatchObject({
      UserConfirmed: false,
      CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', Destination: 'c***@e***' },
    });
    expect((await cognitoError(() => srpSignIn(c, poolId, clientId, 'carol', 'Passw0rd1'))).name).toBe(
      'UserNotConfirmedException',
    );
    expect(
      await cognitoError(() =>
        c.call('ConfirmSignUp', { ClientId: clientId, Username: 'carol', ConfirmationCode: 'nope' }),
      ),
    ).toEqual({
      name: 'CodeMismatchException',
      message: 'Invalid verification code provided, please try again.',
    });
    await c.call('ConfirmSignUp', {
      ClientId: clientId,
      Username: 'carol',
      ConfirmationCode: await latestOutboxCode(emu.url, poolId, 'carol'),
    });
    const user = await c.call('AdminGetUser', { UserPoolId: poolId, Username: 'carol' });
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(user.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' });
    expect(
      await cognitoError(() =>
        c.call('SignUp', { ClientId: clientId, Username: 'carol', Password: 'Passw0rd1' }),
      ),
    ).toEqual({
      name: 'UsernameExistsException',
      message: 'User already exists',
    });
  });
});

describe('password reset', () => {
  it('ForgotPassword sends a code; ConfirmForgotPassword sets the new password', async () => {
    await c.call('ForgotPassword', { ClientId: clientId, Username: 'carol' });
    await c.call('ConfirmForgotPassword', {
      ClientId: clientId,
      Username: 'carol',
      ConfirmationCode: await latestOutboxCode(emu.url, poolId, 'carol'),
      Password: 'Rep1acement',
    });
    expect((await cognitoError(() => srpSignIn(c, poolId, clientId, 'carol', 'Passw0rd1'))).name).toBe(
      'NotAuthorizedException',
    );
    const next = await srpSignIn(c, poolId, clientId, 'carol', 'Rep1acement');
    // MFA is ON and carol has no second factor yet: she is asked to set up TOTP.
    expect(next.ChallengeName).toBe('MFA_SETUP');
  });
});
