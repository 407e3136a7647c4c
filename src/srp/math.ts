/** The hashing steps shared by the client and the server side. */
import { cognitoHkdf, concatBytes, hmacSha256, sha256, utf8 } from './hash.ts';
import { bytesToBigInt, padHexBytes } from './hex.ts';

/** x = H(padHex(salt) ‖ H(utf8(P1 ‖ P2 ‖ ":" ‖ secret))). */
export async function computeX(
  namePart1: string,
  namePart2: string,
  secret: string,
  salt: bigint,
): Promise<bigint> {
  const inner = await sha256(utf8(`${namePart1}${namePart2}:${secret}`));
  return bytesToBigInt(await sha256(concatBytes(padHexBytes(salt), inner)));
}

/** u = H(padHex(A) ‖ padHex(B)). */
export async function computeU(A: bigint, B: bigint): Promise<bigint> {
  return bytesToBigInt(await sha256(concatBytes(padHexBytes(A), padHexBytes(B))));
}

/** The 16-byte key from the premaster secret S and u. */
export function deriveKey(S: bigint, u: bigint): Promise<Uint8Array<ArrayBuffer>> {
  return cognitoHkdf(padHexBytes(S), padHexBytes(u));
}

/** HMAC(Key, P1 ‖ P2 ‖ SECRET_BLOCK bytes ‖ TIMESTAMP): the raw PASSWORD_CLAIM_SIGNATURE. */
export function claimSignature(
  key: Uint8Array<ArrayBuffer>,
  namePart1: string,
  namePart2: string,
  secretBlock: Uint8Array,
  timestamp: string,
): Promise<Uint8Array<ArrayBuffer>> {
  return hmacSha256(key, concatBytes(utf8(namePart1), utf8(namePart2), secretBlock, utf8(timestamp)));
}

/**
 * PASSWORD_CLAIM_SIGNATURE from S and u. (HKDF bits, then an HMAC key: measured faster in Node than
 * WebCrypto's deriveKey straight into an HMAC key.)
 */
export async function signClaim(
  S: bigint,
  u: bigint,
  namePart1: string,
  namePart2: string,
  secretBlock: Uint8Array,
  timestamp: string,
): Promise<Uint8Array<ArrayBuffer>> {
  return claimSignature(await deriveKey(S, u), namePart1, namePart2, secretBlock, timestamp);
}
