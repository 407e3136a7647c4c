import { base64ToBytes, bytesToBase64 } from './base64.ts';
import { SrpError } from './errors.ts';
import { powG } from './fixed-base.ts';
import { k, N } from './group.ts';
import { randomBytes } from './hash.ts';
import { bytesToBigInt, hexToBigInt } from './hex.ts';
import { computeU, computeX, signClaim } from './math.ts';
import { modPow } from './modpow.ts';
import { formatTimestamp } from './timestamp.ts';

export interface ClientEphemeral {
  readonly a: bigint;
  readonly A: bigint;
  /** SRP_A as the official clients send it: lowercase hex, unpadded (odd length possible). */
  readonly AHex: string;
}

/** The ephemeral for a given secret a; throws SrpError if A ≡ 0 (mod N). Tests use it via deterministic.ts. */
export function clientEphemeralFromSecret(a: bigint): ClientEphemeral {
  if (a <= 0n) throw new SrpError('a must be positive');
  const A = powG(a);
  if (A % N === 0n) throw new SrpError('A mod N is 0');
  return { a, A, AHex: A.toString(16) };
}

/** A fresh a (128 random bytes) and A = g^a mod N. Can run before the challenge arrives. */
export function createClientEphemeral(): ClientEphemeral {
  for (;;) {
    const a = bytesToBigInt(randomBytes(128));
    if (a === 0n) continue;
    const A = powG(a);
    // With N prime this never retries; the protocol says to check all the same.
    if (A % N !== 0n) return { a, A, AHex: A.toString(16) };
  }
}

export interface PasswordClaimInput {
  ephemeral: ClientEphemeral;
  /** SRP_B from the challenge (hex). */
  srpB: string;
  /** SALT from the challenge (hex). */
  salt: string;
  /** SECRET_BLOCK from the challenge (base64). */
  secretBlock: string;
  /** User: the pool name (UserPoolId after '_'); device: the DeviceGroupKey. */
  namePart1: string;
  /** User: USER_ID_FOR_SRP; device: the DeviceKey. */
  namePart2: string;
  /** User: the password; device: the device password. */
  secret: string;
  /** Defaults to now; must be canonical (formatTimestamp) or Cognito rejects the claim. */
  timestamp?: string;
}

/** Answers PASSWORD_VERIFIER / DEVICE_PASSWORD_VERIFIER: PASSWORD_CLAIM_SIGNATURE and the TIMESTAMP it signs. */
export async function computePasswordClaim(
  input: PasswordClaimInput,
): Promise<{ signature: string; timestamp: string }> {
  const { a, A } = input.ephemeral;
  const B = hexToBigInt(input.srpB);
  if (B % N === 0n) throw new SrpError('B mod N is 0');
  const salt = hexToBigInt(input.salt);
  const secretBlock = base64ToBytes(input.secretBlock);
  const timestamp = input.timestamp ?? formatTimestamp(new Date());
  // x takes two hashes in a row, u one: start x first.
  const [x, u] = await Promise.all([
    computeX(input.namePart1, input.namePart2, input.secret, salt),
    computeU(A, B),
  ]);
  if (u === 0n) throw new SrpError('u is 0');
  // S = (B - k·g^x)^(a + u·x) mod N
  let base = (B - k * powG(x)) % N;
  if (base < 0n) base += N;
  const S = modPow(base, a + u * x, N);
  const signature = await signClaim(S, u, input.namePart1, input.namePart2, secretBlock, timestamp);
  return { signature: bytesToBase64(signature), timestamp };
}

/** 'us-east-1_AbC' -> 'AbC' (the part the official clients take: after the first '_'). */
export function userPoolName(userPoolId: string): string {
  const name = userPoolId.split('_')[1];
  if (!name) throw new SrpError(`Not a user pool id: ${userPoolId}`);
  return name;
}
