import { createDiffieHellman, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  modPow as bigintModPow,
  computeVerifier,
  g,
  hexToBigInt,
  isCanonicalTimestamp,
  k,
  type ModPow,
  N,
  padHex,
  type ServerEphemeral,
  SrpError,
  type VerifyClaimInput,
} from '../src/srp/index.ts';
import { randomChunk } from './random.ts';

const bigToBuffer = (x: bigint): Buffer => Buffer.from(padHex(x), 'hex');
const bufferToBig = (b: Buffer): bigint => (b.length === 0 ? 0n : BigInt(`0x${b.toString('hex')}`));

// One DH context over N with generator 2, reused: building one per call with another generator makes
// OpenSSL check the group (~1.4 s). setPrivateKey(e) + generateKeys() gives g^e; computeSecret(x) gives x^e.
const dh = createDiffieHellman(bigToBuffer(N), Buffer.from([Number(g)]));

/**
 * base^exponent mod modulus through OpenSSL's constant-time modexp (≈10× the BigInt one for 3072 bits).
 * Falls back to BigInt for other moduli and for the inputs OpenSSL's DH refuses (bases 0, 1, N−1; exponent 0).
 */
export const nodeModPow: ModPow = (base, exponent, modulus) => {
  if (modulus !== N || exponent <= 0n) return bigintModPow(base, exponent, modulus);
  let b = base % N;
  if (b < 0n) b += N;
  if (b <= 1n || b === N - 1n) return bigintModPow(b, exponent, modulus);
  try {
    dh.setPrivateKey(bigToBuffer(exponent));
    if (b === g) {
      dh.generateKeys();
      return bufferToBig(dh.getPublicKey());
    }
    return bufferToBig(dh.computeSecret(bigToBuffer(b)));
  } catch {
    return bigintModPow(b, exponent, modulus);
  }
};

export const srpOpts = { modPow: nodeModPow } as const;

/** Verifier material parsed once and kept: v and k·v mod N (the fixed half of B). */
export interface VerifierMaterial {
  v: bigint;
  kv: bigint;
  saltHex: string;
}

const cache = new Map<string, VerifierMaterial>();
const CACHE_LIMIT = 50_000;

/** The parsed verifier for a stored (saltHex, verifierHex) pair, cached by the verifier itself. */
export function verifierMaterial(saltHex: string, verifierHex: string): VerifierMaterial {
  const hit = cache.get(verifierHex);
  if (hit && hit.saltHex === saltHex) return hit;
  const v = hexToBigInt(verifierHex);
  const material = { v, kv: (k * v) % N, saltHex };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(verifierHex, material);
  return material;
}

/**
 * B = (k·v + g^b) mod N with a 256-bit b: 2^256 exponents are plenty against a 3072-bit group (NIST SP 800-56A
 * pairs 3072-bit groups with 256-bit private keys) and it makes the server's modexps 3× cheaper than 128 bytes.
 */
export function serverEphemeral(material: VerifierMaterial): ServerEphemeral {
  for (;;) {
    const b = BigInt(`0x${randomChunk(32).toString('hex')}`);
    if (b === 0n) continue;
    const B = (material.kv + nodeModPow(g, b, N)) % N;
    if (B !== 0n) return { b, B, BHex: B.toString(16) };
  }
}

/** A new 16-byte salt and the verifier for a user's password (what Cognito stores instead of the password). */
export async function createPasswordVerifier(
  poolName: string,
  username: string,
  password: string,
): Promise<{ saltHex: string; verifierHex: string }> {
  const salt = BigInt(`0x${randomBytes(16).toString('hex')}`) || 1n;
  const v = await computeVerifier(poolName, username, password, salt, srpOpts);
  return { saltHex: padHex(salt), verifierHex: padHex(v) };
}

/** USER_PASSWORD_AUTH: recompute v from the offered password and the stored salt. */
export async function passwordMatches(
  poolName: string,
  username: string,
  password: string,
  saltHex: string,
  verifierHex: string,
): Promise<boolean> {
  const v = await computeVerifier(poolName, username, password, hexToBigInt(saltHex), srpOpts);
  return padHex(v) === verifierHex;
}

const padHexBuffer = (x: bigint): Buffer => Buffer.from(padHex(x), 'hex');
const HKDF_INFO = Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])]);

/**
 * src/srp's verifyPasswordClaim, computed with node:crypto's synchronous hashes and modexp. Same math
 * (docs/protocol.md#srp-parameters; checked against the known-answer vectors and against verifyPasswordClaim in the tests),
 * but WebCrypto's per-call cost on Node (≈0.4 ms for the HKDF alone) was a quarter of the server's time
 * per sign-in. Throws SrpError when A ≡ 0 (mod N) or u = 0; false for a wrong or malformed claim.
 */
export function verifyClaimNode(input: VerifyClaimInput): boolean {
  const A = hexToBigInt(input.srpA);
  if (A % N === 0n) throw new SrpError('A mod N is 0');
  const { B, b } = input.server;
  const u = BigInt(`0x${createHash('sha256').update(padHexBuffer(A)).update(padHexBuffer(B)).digest('hex')}`);
  if (u === 0n) throw new SrpError('u is 0');
  if (!isCanonicalTimestamp(input.timestamp)) return false;
  const claimed = Buffer.from(input.signature, 'base64');
  if (claimed.length !== 32) return false;
  const S = nodeModPow((A * nodeModPow(input.v, u, N)) % N, b, N);
  const prk = createHmac('sha256', padHexBuffer(u)).update(padHexBuffer(S)).digest();
  const key = createHmac('sha256', prk).update(HKDF_INFO).digest().subarray(0, 16);
  const expected = createHmac('sha256', key)
    .update(input.namePart1, 'utf8')
    .update(input.namePart2, 'utf8')
    .update(Buffer.from(input.secretBlock, 'base64'))
    .update(input.timestamp, 'utf8')
    .digest();
  return timingSafeEqual(expected, claimed);
}
