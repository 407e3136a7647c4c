// @aws-sdk/client-cognito-identity-provider, unmodified, against the emulator: every setup operation
// the demo, tests and benchmarks rely on, and errors parsed into the SDK's own exception classes.
import { createHmac } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AssociateSoftwareTokenCommand,
  CodeMismatchException,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
  InvalidParameterException,
  ListUserPoolsCommand,
  ListUsersCommand,
  NotAuthorizedException,
  paginateListUserPoolClients,
  paginateListUsers,
  ResourceNotFoundException,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
  UserNotFoundException,
  UsernameExistsException,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, it } from 'vitest';
import { attribute, latestOutboxCode, totpAt } from '../support/cognito-fixtures.ts';
import { failure, useSeededEmulator } from '../support/emulator-fixture.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PASSWORD = 'Correct-Horse-9';

const emu = useSeededEmulator([]);

async function createPool(
  name: string,
  extra: Partial<ConstructorParameters<typeof CreateUserPoolCommand>[0]> = {},
) {
  const out = await emu.sdk.send(new CreateUserPoolCommand({ PoolName: name, ...extra }));
  const id = out.UserPool?.Id;
  if (!id) throw new Error('no pool id');
  return id;
}

async function createConfirmedUser(poolId: string, username: string, attrs: Record<string, string> = {}) {
  await emu.sdk.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      TemporaryPassword: 'Temporary-Pass-1',
      MessageAction: 'SUPPRESS',
      UserAttributes: Object.entries(attrs).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  await emu.sdk.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: username,
      Password: PASSWORD,
      Permanent: true,
    }),
  );
}

describe('user pools through the AWS SDK', () => {
  it('creates a pool with policies, MFA and device settings, and describes it back', async () => {
    const created = await emu.sdk.send(
      new CreateUserPoolCommand({
        PoolName: 'sdk-settings',
        Policies: {
          PasswordPolicy: {
            MinimumLength: 10,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: false,
          },
        },
        MfaConfiguration: 'OFF',
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
        AutoVerifiedAttributes: ['email'],
        UsernameAttributes: ['email'],
      }),
    );
    const pool = created.UserPool!;
    expect(pool.Id).toMatch(/^us-east-1_[0-9A-Za-z]+$/);
    expect(pool.Name).toBe('sdk-settings');
    expect(pool.Arn).toBe(`arn:aws:cognito-idp:us-east-1:${pool.Arn?.split(':')[4]}:userpool/${pool.Id}`);
    expect(pool.CreationDate).toBeInstanceOf(Date);
    expect(Math.abs(pool.CreationDate!.getTime() - Date.now())).toBeLessThan(3_600_000);

    const described = (await emu.sdk.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }))).UserPool!;
    expect(described.Id).toBe(pool.Id);
    expect(described.Policies?.PasswordPolicy?.MinimumLength).toBe(10);
    expect(described.Policies?.PasswordPolicy?.RequireUppercase).toBe(true);
    expect(described.MfaConfiguration).toBe('OFF');
    expect(described.DeviceConfiguration).toEqual({
      ChallengeRequiredOnNewDevice: true,
      DeviceOnlyRememberedOnUserPrompt: true,
    });
    expect(described.AutoVerifiedAttributes).toEqual(['email']);
    expect(described.UsernameAttributes).toEqual(['email']);
  });

  it('updates, lists and deletes a pool; a deleted pool is ResourceNotFoundException', async () => {
    const id = await createPool('sdk-lifecycle');
    await emu.sdk.send(
      new UpdateUserPoolCommand({
        UserPoolId: id,
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
      }),
    );
    const described = (await emu.sdk.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;
    expect(described.DeviceConfiguration?.DeviceOnlyRememberedOnUserPrompt).toBe(false);
    expect(described.DeviceConfiguration?.ChallengeRequiredOnNewDevice).toBe(true);

    const listed = await emu.sdk.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(listed.UserPools?.find((p) => p.Id === id)?.Name).toBe('sdk-lifecycle');

    await emu.sdk.send(new DeleteUserPoolCommand({ UserPoolId: id }));
    const err = await failure(emu.sdk.send(new DescribeUserPoolCommand({ UserPoolId: id })));
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    expect(err.name).toBe('ResourceNotFoundException');
    expect(err.$metadata?.httpStatusCode).toBe(400);
    const after = await emu.sdk.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(after.UserPools?.some((p) => p.Id === id)).toBe(false);
  });

  it('creates an app client with a secret and session validity, and USER_PASSWORD_AUTH needs SECRET_HASH', async () => {
    const poolId = await createPool('sdk-secret');
    const created = await emu.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'server-side',
        GenerateSecret: true,
        AuthSessionValidity: 5,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const client = created.UserPoolClient!;
    expect(client.ClientId).toMatch(/^[0-9a-z]{20,}$/);
    expect(client.ClientSecret).toBeTruthy();
    expect(client.UserPoolId).toBe(poolId);

    const described = (
      await emu.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: client.ClientId }))
    ).UserPoolClient!;
    expect(described.ClientSecret).toBe(client.ClientSecret);
    expect(described.AuthSessionValidity).toBe(5);
    expect(described.ExplicitAuthFlows).toEqual(
      expect.arrayContaining(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
    );

    await createConfirmedUser(poolId, 'carol');
    const clientId = client.ClientId!;
    const auth = (params: Record<string, string>) =>
      emu.sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: clientId,
          AuthParameters: { USERNAME: 'carol', PASSWORD, ...params },
        }),
      );

    const missing = await failure(auth({}));
    expect(missing).toBeInstanceOf(NotAuthorizedException);
    expect(missing.message).toMatch(/secret/i);

    const wrong = await failure(auth({ SECRET_HASH: secretHash('carol', clientId, 'not-the-secret') }));
    expect(wrong).toBeInstanceOf(NotAuthorizedException);
    expect(wrong.message).toMatch(/secret hash/i);

    const ok = await auth({ SECRET_HASH: secretHash('carol', clientId, client.ClientSecret!) });
    expect(ok.ChallengeName).toBeUndefined();
    expect(ok.AuthenticationResult?.TokenType).toBe('Bearer');
    expect(ok.AuthenticationResult?.ExpiresIn).toBe(3600);
    expect(ok.AuthenticationResult?.AccessToken).toBeTruthy();

    const badPassword = await failure(
      emu.sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: clientId,
          AuthParameters: {
            USERNAME: 'carol',
            PASSWORD: 'Wrong-Horse-9',
            SECRET_HASH: secretHash('carol', clientId, client.ClientSecret!),
          },
        }),
      ),
    );
    expect(badPassword).toBeInstanceOf(NotAuthorizedException);
    expect(badPassword.message).toBe('Incorrect username or password.');
    expect(badPassword.$metadata?.httpStatusCode).toBe(400);
  });
});

function secretHash(username: string, clientId: string, secret: string): string {
  return createHmac('sha256', secret)
    .update(username + clientId)
    .digest('base64');
}

describe('users through the AWS SDK', () => {
  let poolId: string;
  let clientId: string;
  beforeAll(async () => {
    poolId = await createPool('sdk-users', { AutoVerifiedAttributes: ['email'] });
    await emu.sdk.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        SoftwareTokenMfaConfiguration: { Enabled: true },
        MfaConfiguration: 'OPTIONAL',
      }),
    );
    const client = await emu.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'web',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    clientId = client.UserPoolClient!.ClientId!;
  });

  it('SetUserPoolMfaConfig turns on optional TOTP', async () => {
    const described = (await emu.sdk.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
    expect(described.MfaConfiguration).toBe('OPTIONAL');
  });

  it('AdminCreateUser, AdminSetUserPassword (permanent), AdminUpdateUserAttributes, AdminGetUser, AdminDeleteUser', async () => {
    const created = await emu.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'dave',
        TemporaryPassword: 'Temporary-Pass-1',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'dave@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    expect(created.User?.Username).toBe('dave');
    expect(created.User?.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(created.User?.Enabled).toBe(true);
    expect(attribute(created.User?.Attributes, 'sub')).toMatch(UUID);

    await emu.sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'dave',
        Password: PASSWORD,
        Permanent: true,
      }),
    );
    await emu.sdk.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: 'dave',
        UserAttributes: [{ Name: 'name', Value: 'Dave Example' }],
      }),
    );
    const got = await emu.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dave' }));
    expect(got.Username).toBe('dave');
    expect(got.UserStatus).toBe('CONFIRMED');
    expect(attribute(got.UserAttributes, 'name')).toBe('Dave Example');
    expect(attribute(got.UserAttributes, 'email')).toBe('dave@example.com');
    expect(attribute(got.UserAttributes, 'sub')).toBe(attribute(created.User?.Attributes, 'sub'));
    expect(got.UserCreateDate).toBeInstanceOf(Date);

    const duplicate = await failure(
      emu.sdk.send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'dave', MessageAction: 'SUPPRESS' }),
      ),
    );
    expect(duplicate).toBeInstanceOf(UsernameExistsException);

    await emu.sdk.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'dave' }));
    const gone = await failure(
      emu.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dave' })),
    );
    expect(gone).toBeInstanceOf(UserNotFoundException);
    expect(gone.message).toBe('User does not exist.');
  });

  it('SignUp sends a code to the outbox; ConfirmSignUp rejects a wrong one and accepts the right one', async () => {
    const signedUp = await emu.sdk.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'erin',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'erin@example.com' }],
      }),
    );
    expect(signedUp.UserConfirmed).toBe(false);
    expect(signedUp.UserSub).toMatch(UUID);
    expect(signedUp.CodeDeliveryDetails?.DeliveryMedium).toBe('EMAIL');
    expect(signedUp.CodeDeliveryDetails?.AttributeName).toBe('email');
    expect(signedUp.CodeDeliveryDetails?.Destination).not.toBe('erin@example.com');

    const code = await latestOutboxCode(emu.url, poolId, 'erin');
    expect(code).toMatch(/^\d{6}$/);
    const wrongCode = code === '000000' ? '111111' : '000000';
    const mismatch = await failure(
      emu.sdk.send(
        new ConfirmSignUpCommand({ ClientId: clientId, Username: 'erin', ConfirmationCode: wrongCode }),
      ),
    );
    expect(mismatch).toBeInstanceOf(CodeMismatchException);

    await emu.sdk.send(
      new ConfirmSignUpCommand({ ClientId: clientId, Username: 'erin', ConfirmationCode: code }),
    );
    const got = await emu.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'erin' }));
    expect(got.UserStatus).toBe('CONFIRMED');
    expect(attribute(got.UserAttributes, 'email_verified')).toBe('true');

    const again = await failure(
      emu.sdk.send(new SignUpCommand({ ClientId: clientId, Username: 'erin', Password: PASSWORD })),
    );
    expect(again).toBeInstanceOf(UsernameExistsException);
    expect(again.message).toBe('User already exists');
  });

  it('enrolls TOTP with AssociateSoftwareToken + VerifySoftwareToken, then sign-in asks for it', async () => {
    await createConfirmedUser(poolId, 'frank', { email: 'frank@example.com' });
    const signIn = () =>
      emu.sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: clientId,
          AuthParameters: { USERNAME: 'frank', PASSWORD },
        }),
      );
    const plain = await signIn();
    const accessToken = plain.AuthenticationResult!.AccessToken!;

    const associated = await emu.sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
    const secret = associated.SecretCode!;
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);

    const wrong = await failure(
      emu.sdk.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: '000000' })),
    );
    expect(wrong.name).toMatch(/EnableSoftwareTokenMFAException|CodeMismatchException/);

    const verified = await emu.sdk.send(
      new VerifySoftwareTokenCommand({
        AccessToken: accessToken,
        UserCode: totpAt(secret, emu.clock.now()),
        FriendlyDeviceName: 'phone',
      }),
    );
    expect(verified.Status).toBe('SUCCESS');

    await emu.sdk.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const me = await emu.sdk.send(new GetUserCommand({ AccessToken: accessToken }));
    expect(me.Username).toBe('frank');
    expect(me.PreferredMfaSetting).toBe('SOFTWARE_TOKEN_MFA');
    expect(me.UserMFASettingList).toEqual(['SOFTWARE_TOKEN_MFA']);

    const challenged = await signIn();
    expect(challenged.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    expect(challenged.AuthenticationResult).toBeUndefined();
    emu.clock.advance(30_000); // a fresh window: the enrolment code must not be replayed
    const answered = await emu.sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: challenged.Session,
        ChallengeResponses: { USERNAME: 'frank', SOFTWARE_TOKEN_MFA_CODE: totpAt(secret, emu.clock.now()) },
      }),
    );
    expect(answered.AuthenticationResult?.AccessToken).toBeTruthy();

    await emu.sdk.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: 'frank',
        SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
      }),
    );
    const admin = await emu.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'frank' }));
    expect(admin.UserMFASettingList ?? []).toEqual([]);
    const noMfa = await signIn();
    expect(noMfa.ChallengeName).toBeUndefined();
    expect(noMfa.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('GetUser with a garbage access token is NotAuthorizedException', async () => {
    const err = await failure(emu.sdk.send(new GetUserCommand({ AccessToken: 'not.a.token' })));
    expect(err).toBeInstanceOf(NotAuthorizedException);
    expect(err.$metadata?.httpStatusCode).toBe(400);
  });
});

describe('email as username through the AWS SDK', () => {
  it('gives the user a UUID username and accepts the email at sign-in', async () => {
    const poolId = await createPool('sdk-email-username', { UsernameAttributes: ['email'] });
    const client = await emu.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'web',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    await createConfirmedUser(poolId, 'gail@example.com', {
      email: 'gail@example.com',
      email_verified: 'true',
    });
    const got = await emu.sdk.send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: 'gail@example.com' }),
    );
    expect(got.Username).toMatch(UUID);
    expect(got.Username).toBe(attribute(got.UserAttributes, 'sub'));

    const out = await emu.sdk.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: client.UserPoolClient!.ClientId!,
        AuthParameters: { USERNAME: 'gail@example.com', PASSWORD },
      }),
    );
    const me = await emu.sdk.send(
      new GetUserCommand({ AccessToken: out.AuthenticationResult!.AccessToken! }),
    );
    expect(me.Username).toBe(got.Username);
  });
});

// The SDK's own paginators against the List* operations: every page followed to the end, and a token
// that stays valid when items of earlier pages go away.
async function poolWithUsers(name: string, usernames: string[]): Promise<string> {
  const created = await emu.sdk.send(new CreateUserPoolCommand({ PoolName: name }));
  const poolId = created.UserPool!.Id!;
  for (const Username of usernames) {
    await emu.sdk.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username, MessageAction: 'SUPPRESS' }),
    );
  }
  return poolId;
}

describe('List* pagination', () => {
  it('paginateListUsers follows every PaginationToken and returns each user once, in order', async () => {
    const names = ['ann', 'bob', 'cid', 'dee', 'eve'];
    const poolId = await poolWithUsers('paged-users', names);
    const pages: string[][] = [];
    for await (const page of paginateListUsers({ client: emu.sdk, pageSize: 2 }, { UserPoolId: poolId })) {
      pages.push((page.Users ?? []).map((u) => u.Username!));
    }
    expect(pages).toEqual([['ann', 'bob'], ['cid', 'dee'], ['eve']]);
  });

  it('a PaginationToken still leads to the next user after users of earlier pages are deleted', async () => {
    const poolId = await poolWithUsers('paged-delete', ['u1', 'u2', 'u3', 'u4']);
    const first = await emu.sdk.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 2 }));
    expect(first.Users?.map((u) => u.Username)).toEqual(['u1', 'u2']);
    await emu.sdk.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'u1' }));
    const second = await emu.sdk.send(
      new ListUsersCommand({ UserPoolId: poolId, Limit: 2, PaginationToken: first.PaginationToken }),
    );
    expect(second.Users?.map((u) => u.Username)).toEqual(['u3', 'u4']);
    expect(second.PaginationToken).toBeUndefined();
  });

  it('a token that names no item is refused with InvalidParameterException', async () => {
    const poolId = await poolWithUsers('paged-bad-token', ['x1']);
    const error = await emu.sdk
      .send(new ListUsersCommand({ UserPoolId: poolId, PaginationToken: 'bm90LWEtdXNlcg' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterException);
  });

  it('paginateListUserPoolClients follows NextToken through every client of the pool', async () => {
    const poolId = await poolWithUsers('paged-clients', []);
    const names = ['c1', 'c2', 'c3'];
    for (const ClientName of names) {
      await emu.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName }));
    }
    const seen: string[] = [];
    for await (const page of paginateListUserPoolClients(
      { client: emu.sdk, pageSize: 2 },
      { UserPoolId: poolId, MaxResults: 2 },
    )) {
      seen.push(...(page.UserPoolClients ?? []).map((c) => c.ClientName!));
    }
    expect(seen).toEqual(names);
  });
});
