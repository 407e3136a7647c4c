import { base64ToBytes } from './base64.ts';
import { SrpError } from './errors.ts';
import { g, k, N } from './group.ts';
import { randomBytes, timingSafeEqual } from './hash.ts';
import { bytesToBigInt, hexToBigInt } from './hex.ts';
import { computeU, computeX, signClaim } from './math.ts';
import { modPow as defaultModPow, type ModPow } from './modpow.ts';
import { isCanonicalTimestamp } from './timestamp.ts';

export interface ModPowOption {
  /** The emulator passes node:crypto's modexp here; default: this package's BigInt one. */
  modPow?: ModPow;
}

/** v = g^x with x from the two name parts, the secret and the salt (as computePasswordClaim derives it). */
export async function computeVerifier(
  namePart1: string,
  namePart2: string,
  secret: string,
  salt: bigint,
  opts?: ModPowOption,
): Promise<bigint> {
  const x = await computeX(namePart1, namePart2, secret, salt);
  return (opts?.modPow ?? defaultModPow)(g, x, N);
}

export interface ServerEphemeral {
  readonly b: bigint;
  readonly B: bigint;
  /** SRP_B: lowercase hex, unpadded. */
  readonly BHex: string;
}

/** B = (k·v + g^b) mod N for a given b; throws SrpError if B ≡ 0. Tests use it via deterministic.ts. */
export function serverEphemeralFromSecret(v: bigint, b: bigint, opts?: ModPowOption): ServerEphemeral {
  if (b <= 0n) throw new SrpError('b must be positive');
  const B = (k * v + (opts?.modPow ?? defaultModPow)(g, b, N)) % N;
  if (B === 0n) throw new SrpError('B mod N is 0');
  return { b, B, BHex: B.toString(16) };
}

/** A fresh b (128 random bytes) and B for the verifier v. */
export function createServerEphemeral(v: bigint, opts?: ModPowOption): ServerEphemeral {
  for (;;) {
    const b = bytesToBigInt(randomBytes(128));
    if (b === 0n) continue;
    const B = (k * v + (opts?.modPow ?? defaultModPow)(g, b, N)) % N;
    if (B !== 0n) return { b, B, BHex: B.toString(16) };
  }
}

export interface VerifyClaimInput {
  v: bigint;
  server: ServerEphemeral;
  /** SRP_A as the client sent it (hex). */
  srpA: string;
  /** The SALT that was sent (hex). */
  salt: string;
  /** The SECRET_BLOCK that was sent (base64). */
  secretBlock: string;
  namePart1: string;
  namePart2: string;
  /** TIMESTAMP as the client sent it. */
  timestamp: string;
  /** PASSWORD_CLAIM_SIGNATURE (base64). */
  signature: string;
}

/**
 * Checks a PASSWORD_CLAIM_SIGNATURE. False for a wrong secret, a malformed signature, or a TIMESTAMP that
 * is not canonical (Cognito re-formats the time it parses, so a zero-padded day or a wrong weekday cannot
 * match). Throws SrpError when A ≡ 0 (mod N), u = 0 or the hex/base64 inputs are malformed.
 * Whether a TIMESTAMP is parsable at all (InvalidParameterException) is the caller's check: parseTimestamp.
 */
export async function verifyPasswordClaim(input: VerifyClaimInput, opts?: ModPowOption): Promise<boolean> {
  const mp = opts?.modPow ?? defaultModPow;
  const A = hexToBigInt(input.srpA);
  if (A % N === 0n) throw new SrpError('A mod N is 0');
  const secretBlock = base64ToBytes(input.secretBlock);
  hexToBigInt(input.salt); // the salt is signed only through v, but malformed input is still an error
  const { B, b } = input.server;
  const u = await computeU(A, B);
  if (u === 0n) throw new SrpError('u is 0');
  if (!isCanonicalTimestamp(input.timestamp)) return false;
  let claimed: Uint8Array;
  try {
    claimed = base64ToBytes(input.signature);
  } catch {
    return false;
  }
  // S = (A·v^u)^b mod N
  const S = mp((A * mp(input.v, u, N)) % N, b, N);
  const expected = await signClaim(S, u, input.namePart1, input.namePart2, secretBlock, input.timestamp);
  return timingSafeEqual(expected, claimed);
}
