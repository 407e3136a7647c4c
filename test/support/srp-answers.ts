// The ChallengeResponses a client computes with src/srp for the two SRP verifier challenges, for
// tests that drive the protocol step by step through the AWS SDK.
import { type ClientEphemeral, computePasswordClaim, userPoolName } from '../../src/srp/index.ts';

type ChallengeParameters = Record<string, string> | undefined;

async function verifierAnswer(
  ephemeral: ClientEphemeral,
  p: Record<string, string>,
  [namePart1, namePart2]: [string, string],
  secret: string,
  username: string,
  timestamp: string,
): Promise<Record<string, string>> {
  const claim = await computePasswordClaim({
    ephemeral,
    srpB: p.SRP_B!,
    salt: p.SALT!,
    secretBlock: p.SECRET_BLOCK!,
    namePart1,
    namePart2,
    secret,
    timestamp,
  });
  return {
    USERNAME: username,
    PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!,
    TIMESTAMP: claim.timestamp,
    PASSWORD_CLAIM_SIGNATURE: claim.signature,
  };
}

/** The answer to PASSWORD_VERIFIER: USERNAME is the challenge's USER_ID_FOR_SRP. */
export function passwordVerifierAnswer(
  ephemeral: ClientEphemeral,
  challenge: ChallengeParameters,
  poolId: string,
  password: string,
  timestamp: string,
): Promise<Record<string, string>> {
  const p = challenge ?? {};
  const userId = p.USER_ID_FOR_SRP!;
  return verifierAnswer(ephemeral, p, [userPoolName(poolId), userId], password, userId, timestamp);
}

/** The answer to DEVICE_PASSWORD_VERIFIER for a confirmed device: USERNAME is the challenge's. */
export function devicePasswordVerifierAnswer(
  ephemeral: ClientEphemeral,
  challenge: ChallengeParameters,
  device: { deviceKey: string; groupKey: string; devicePassword: string },
  timestamp: string,
): Promise<Record<string, string>> {
  const p = challenge ?? {};
  const names: [string, string] = [device.groupKey, device.deviceKey];
  return verifierAnswer(ephemeral, p, names, device.devicePassword, p.USERNAME!, timestamp);
}
