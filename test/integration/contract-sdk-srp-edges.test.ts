// SRP details real clients have tripped over, checked through the AWS SDK: TIMESTAMP formatting on
// days 1-9, unparsable timestamps, and SECRET_HASH on every step for an app client with a secret.
import { createHmac } from 'node:crypto';
import {
  type ChallengeNameType,
  ConfirmDeviceCommand,
  InitiateAuthCommand,
  InvalidParameterException,
  NotAuthorizedException,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { createClientEphemeral, createDeviceVerifier, formatTimestamp } from '../../src/srp/index.ts';
import { failure, useSeededEmulator } from '../support/emulator-fixture.ts';
import { devicePasswordVerifierAnswer, passwordVerifierAnswer } from '../support/srp-answers.ts';

const POOL_ID = 'us-east-1_SrpEdges';
const CLIENT_ID = 'srpedgesclient000000000001';
const SECRET_CLIENT_ID = 'srpedgesclient000000000002';
const CLIENT_SECRET = 'k2b7m1q9x4v8n3c6z5l0p7r2t9y4w1e8u6i3o5a0s2d7f';
const PASSWORD = 'Correct-Horse-9';
const FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

const emu = useSeededEmulator([
  {
    Id: POOL_ID,
    PoolName: 'srp-edges',
    MfaConfiguration: 'OFF',
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
    Clients: [
      { ClientId: CLIENT_ID, ClientName: 'web', ExplicitAuthFlows: FLOWS },
      {
        ClientId: SECRET_CLIENT_ID,
        ClientName: 'server',
        ExplicitAuthFlows: FLOWS,
        ClientSecret: CLIENT_SECRET,
      },
    ],
    Users: [
      { Username: 'quinn', Password: PASSWORD },
      { Username: 'rosa', Password: PASSWORD },
    ],
  },
]);

function secretHash(username: string): string {
  return createHmac('sha256', CLIENT_SECRET)
    .update(username + SECRET_CLIENT_ID)
    .digest('base64');
}

/** USER_SRP_AUTH for quinn on the public client, answering PASSWORD_VERIFIER with a chosen TIMESTAMP. */
async function signInWithTimestamp(timestamp: string) {
  const ephemeral = createClientEphemeral();
  const init = await emu.sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: CLIENT_ID,
      AuthParameters: { USERNAME: 'quinn', SRP_A: ephemeral.AHex },
    }),
  );
  return emu.sdk.send(
    new RespondToAuthChallengeCommand({
      ClientId: CLIENT_ID,
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: init.Session,
      ChallengeResponses: await passwordVerifierAnswer(
        ephemeral,
        init.ChallengeParameters,
        POOL_ID,
        PASSWORD,
        timestamp,
      ),
    }),
  );
}

describe('PASSWORD_VERIFIER TIMESTAMP through the AWS SDK', () => {
  it('on a day 1-9, a zero-padded day fails as a bad signature; the unpadded one signs in', async () => {
    // Move the server to the 5th of next month, so the day of month has one digit.
    const now = new Date(emu.clock.now());
    emu.clock.advanceTo(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 5, 10, 0, 0));
    const canonical = formatTimestamp(new Date(emu.clock.now()));
    expect(canonical).toMatch(/^\w{3} \w{3} 5 /);
    const padded = canonical.replace(/^(\w{3} \w{3}) 5 /, '$1 05 ');

    const err = await failure(signInWithTimestamp(padded));
    expect(err).toBeInstanceOf(NotAuthorizedException);
    expect(err.message).toBe('Incorrect username or password.');

    const ok = await signInWithTimestamp(canonical);
    expect(ok.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('an unparsable TIMESTAMP is InvalidParameterException with the format in the message', async () => {
    const err = await failure(signInWithTimestamp('2026-01-05T10:00:00Z'));
    expect(err).toBeInstanceOf(InvalidParameterException);
    expect(err.message).toBe('TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.');
  });
});

describe('SECRET_HASH on every step for an app client with a secret', () => {
  it('USER_SRP_AUTH and the device steps need SECRET_HASH of the username they carry', async () => {
    const respond = (
      ChallengeName: ChallengeNameType,
      Session: string | undefined,
      responses: Record<string, string>,
    ) =>
      emu.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: SECRET_CLIENT_ID,
          ChallengeName,
          Session,
          ChallengeResponses: responses,
        }),
      );
    const passwordStep = async (deviceKey?: string) => {
      const ephemeral = createClientEphemeral();
      const missing = await failure(
        emu.sdk.send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_SRP_AUTH',
            ClientId: SECRET_CLIENT_ID,
            AuthParameters: { USERNAME: 'rosa', SRP_A: ephemeral.AHex },
          }),
        ),
      );
      expect(missing).toBeInstanceOf(NotAuthorizedException);
      expect(missing.message).toMatch(/secret/i);
      const init = await emu.sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_SRP_AUTH',
          ClientId: SECRET_CLIENT_ID,
          AuthParameters: { USERNAME: 'rosa', SRP_A: ephemeral.AHex, SECRET_HASH: secretHash('rosa') },
        }),
      );
      const now = formatTimestamp(new Date(emu.clock.now()));
      const answer = await passwordVerifierAnswer(
        ephemeral,
        init.ChallengeParameters,
        POOL_ID,
        PASSWORD,
        now,
      );
      return respond('PASSWORD_VERIFIER', init.Session, {
        ...answer,
        SECRET_HASH: secretHash(answer.USERNAME!),
        ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}),
      });
    };

    const first = await passwordStep();
    const meta = first.AuthenticationResult!.NewDeviceMetadata!;
    const verifier = await createDeviceVerifier(meta.DeviceGroupKey!, meta.DeviceKey!);
    await emu.sdk.send(
      new ConfirmDeviceCommand({
        AccessToken: first.AuthenticationResult!.AccessToken,
        DeviceKey: meta.DeviceKey,
        DeviceSecretVerifierConfig: verifier.verifierConfig,
        DeviceName: 'server',
      }),
    );

    const challenged = await passwordStep(meta.DeviceKey);
    expect(challenged.ChallengeName).toBe('DEVICE_SRP_AUTH');
    const ephemeral = createClientEphemeral();
    const deviceResponses = { USERNAME: 'rosa', DEVICE_KEY: meta.DeviceKey!, SRP_A: ephemeral.AHex };
    const noHash = await failure(respond('DEVICE_SRP_AUTH', challenged.Session, deviceResponses));
    expect(noHash).toBeInstanceOf(NotAuthorizedException);
    expect(noHash.message).toMatch(/secret/i);

    // A failed SECRET_HASH check is a client error: start over for a fresh session.
    const retried = await passwordStep(meta.DeviceKey);
    const device = await respond('DEVICE_SRP_AUTH', retried.Session, {
      ...deviceResponses,
      SECRET_HASH: secretHash('rosa'),
    });
    expect(device.ChallengeName).toBe('DEVICE_PASSWORD_VERIFIER');
    const answer = await devicePasswordVerifierAnswer(
      ephemeral,
      device.ChallengeParameters,
      { deviceKey: meta.DeviceKey!, groupKey: meta.DeviceGroupKey!, devicePassword: verifier.devicePassword },
      formatTimestamp(new Date(emu.clock.now())),
    );
    const done = await respond('DEVICE_PASSWORD_VERIFIER', device.Session, {
      ...answer,
      DEVICE_KEY: meta.DeviceKey!,
      SECRET_HASH: secretHash(answer.USERNAME!),
    });
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
  });
});
