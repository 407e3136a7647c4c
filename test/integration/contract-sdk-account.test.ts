// Account operations sites call after sign-in, driven with the AWS SDK against the emulator:
// attribute verification with a code from the outbox, password reset, groups, and DeleteUser.
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminSetUserPasswordCommand,
  CodeMismatchException,
  ConfirmForgotPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserCommand,
  ExpiredCodeException,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  InitiateAuthCommand,
  InvalidParameterException,
  NotAuthorizedException,
  UpdateUserAttributesCommand,
  UserNotFoundException,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { latestOutboxCode, readOutbox } from '../support/cognito-fixtures.ts';
import { failure, useSeededEmulator } from '../support/emulator-fixture.ts';

const POOL_ID = 'us-east-1_SdkAccount';
const CLIENT_ID = 'sdkaccountclient0000000001';
const PASSWORD = 'Correct-Horse-9';

const emu = useSeededEmulator([
  {
    Id: POOL_ID,
    PoolName: 'sdk-account',
    Clients: [
      {
        ClientId: CLIENT_ID,
        ClientName: 'web',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      },
    ],
    Users: ['ada', 'bob', 'cyd', 'dan'].map((u) => ({
      Username: u,
      Password: PASSWORD,
      Attributes: { email: `${u}@example.com`, phone_number: '+15555550100' },
    })),
  },
]);

async function signIn(username: string, password = PASSWORD) {
  const out = await emu.sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: CLIENT_ID,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  return out.AuthenticationResult!;
}

const attr = (attributes: { Name?: string; Value?: string }[] | undefined, name: string) =>
  attributes?.find((a) => a.Name === name)?.Value;

describe('attribute verification', () => {
  it('a changed email is unverified until the emailed code is submitted', async () => {
    const { AccessToken } = await signIn('ada');
    await emu.sdk.send(
      new UpdateUserAttributesCommand({
        AccessToken,
        UserAttributes: [{ Name: 'email', Value: 'ada.new@example.com' }],
      }),
    );
    expect(
      attr((await emu.sdk.send(new GetUserCommand({ AccessToken }))).UserAttributes, 'email_verified'),
    ).toBe('false');
    const sent = await emu.sdk.send(
      new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }),
    );
    expect(sent.CodeDeliveryDetails).toEqual({
      Destination: 'a***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    const [message] = (await readOutbox(emu.url, POOL_ID, 'ada')).slice(-1);
    expect(message).toMatchObject({ destination: 'ada.new@example.com', purpose: 'VERIFY_ATTRIBUTE' });

    const wrong = await failure(
      emu.sdk.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: '000000x' })),
    );
    expect(wrong).toBeInstanceOf(CodeMismatchException);
    await emu.sdk.send(
      new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: message!.code }),
    );
    expect(
      attr((await emu.sdk.send(new GetUserCommand({ AccessToken }))).UserAttributes, 'email_verified'),
    ).toBe('true');
    // A code is used once.
    const again = await failure(
      emu.sdk.send(
        new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: message!.code }),
      ),
    );
    expect(again).toBeInstanceOf(CodeMismatchException);
  });

  it('phone codes go by SMS; codes expire after 24 hours; only email and phone_number', async () => {
    const { AccessToken } = await signIn('bob');
    const sent = await emu.sdk.send(
      new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'phone_number' }),
    );
    expect(sent.CodeDeliveryDetails?.DeliveryMedium).toBe('SMS');
    const code = await latestOutboxCode(emu.url, POOL_ID, 'bob');
    emu.clock.advance(24 * 3600_000 + 1000);
    const { AccessToken: fresh } = await signIn('bob');
    const expired = await failure(
      emu.sdk.send(
        new VerifyUserAttributeCommand({ AccessToken: fresh, AttributeName: 'phone_number', Code: code }),
      ),
    );
    expect(expired).toBeInstanceOf(ExpiredCodeException);
    const bad = await failure(
      emu.sdk.send(
        new GetUserAttributeVerificationCodeCommand({ AccessToken: fresh, AttributeName: 'name' }),
      ),
    );
    expect(bad).toBeInstanceOf(InvalidParameterException);
  });
});

describe('UpdateUserAttributes in a pool that auto-verifies email', () => {
  it('sends a code for the new email (CodeDeliveryDetailsList) that VerifyUserAttribute accepts', async () => {
    const created = await emu.sdk.send(
      new CreateUserPoolCommand({ PoolName: 'auto-verify', AutoVerifiedAttributes: ['email'] }),
    );
    const poolId = created.UserPool!.Id!;
    const client = await emu.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'web',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const clientId = client.UserPoolClient!.ClientId!;
    await emu.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'eva',
        UserAttributes: [{ Name: 'email', Value: 'eva@example.com' }],
        MessageAction: 'SUPPRESS',
      }),
    );
    await emu.sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'eva',
        Password: PASSWORD,
        Permanent: true,
      }),
    );
    const signedIn = await emu.sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: 'eva', PASSWORD },
      }),
    );
    const AccessToken = signedIn.AuthenticationResult!.AccessToken!;
    const updated = await emu.sdk.send(
      new UpdateUserAttributesCommand({
        AccessToken,
        UserAttributes: [
          { Name: 'email', Value: 'eva.new@example.com' },
          { Name: 'name', Value: 'Eva' },
        ],
      }),
    );
    expect(updated.CodeDeliveryDetailsList).toEqual([
      { Destination: 'e***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    ]);
    const code = await latestOutboxCode(emu.url, poolId, 'eva');
    await emu.sdk.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: code }));
    const user = await emu.sdk.send(new GetUserCommand({ AccessToken }));
    expect(attr(user.UserAttributes, 'email')).toBe('eva.new@example.com');
    expect(attr(user.UserAttributes, 'email_verified')).toBe('true');
    // Changing only a non-verifiable attribute sends nothing.
    const nameOnly = await emu.sdk.send(
      new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'name', Value: 'Eve' }] }),
    );
    expect(nameOnly.CodeDeliveryDetailsList).toEqual([]);
  });
});

describe('password reset', () => {
  it('ForgotPassword sends a code; ConfirmForgotPassword sets the new password', async () => {
    const sent = await emu.sdk.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: 'cyd' }));
    expect(sent.CodeDeliveryDetails?.DeliveryMedium).toBe('EMAIL');
    const code = await latestOutboxCode(emu.url, POOL_ID, 'cyd');
    const wrong = await failure(
      emu.sdk.send(
        new ConfirmForgotPasswordCommand({
          ClientId: CLIENT_ID,
          Username: 'cyd',
          ConfirmationCode: code === '123456' ? '654321' : '123456',
          Password: 'Another-Horse-8',
        }),
      ),
    );
    expect(wrong).toBeInstanceOf(CodeMismatchException);
    await emu.sdk.send(
      new ConfirmForgotPasswordCommand({
        ClientId: CLIENT_ID,
        Username: 'cyd',
        ConfirmationCode: code,
        Password: 'Another-Horse-8',
      }),
    );
    expect(await failure(signIn('cyd'))).toBeInstanceOf(NotAuthorizedException);
    expect((await signIn('cyd', 'Another-Horse-8')).AccessToken).toBeTruthy();
  });
});

describe('groups and DeleteUser', () => {
  it('AdminListGroupsForUser lists no groups for a user, UserNotFoundException for nobody', async () => {
    const out = await emu.sdk.send(
      new AdminListGroupsForUserCommand({ UserPoolId: POOL_ID, Username: 'dan' }),
    );
    expect(out.Groups).toEqual([]);
    const none = await failure(
      emu.sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: POOL_ID, Username: 'nobody' })),
    );
    expect(none).toBeInstanceOf(UserNotFoundException);
  });

  it('DeleteUser deletes the signed-in user and their refresh tokens', async () => {
    const tokens = await signIn('dan');
    await emu.sdk.send(new DeleteUserCommand({ AccessToken: tokens.AccessToken }));
    const gone = await failure(
      emu.sdk.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: 'dan' })),
    );
    expect(gone).toBeInstanceOf(UserNotFoundException);
    const refresh = await failure(
      emu.sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: CLIENT_ID,
          AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! },
        }),
      ),
    );
    expect(refresh).toBeInstanceOf(NotAuthorizedException);
  });
});
