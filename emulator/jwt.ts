import { type KeyObject, sign, verify } from 'node:crypto';

/**
 * RS256 JSON Web Tokens (RFC 7515 compact form, RFC 7519 claims) with node:crypto: all the emulator
 * needs to sign Cognito's tokens and check the access tokens it issued. Written here rather than
 * imported because a JWT library was the single largest import at start-up.
 */

export type JwtPayload = Record<string, unknown>;

/** A public key as a JWKS lists it. */
export interface Jwk {
  kty: string;
  [member: string]: unknown;
}

export class JwtError extends Error {
  constructor(
    readonly reason: 'malformed' | 'signature' | 'claims' | 'expired',
    message: string,
  ) {
    super(message);
  }
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function decodePart(part: string | undefined): JwtPayload {
  if (!part) throw new JwtError('malformed', 'not a JWT');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new JwtError('malformed', 'not a JWT');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JwtError('malformed', 'not a JWT');
  }
  return value as JwtPayload;
}

// The encoded header of each key id: the same for every token a pool signs.
const headers = new Map<string, string>();

function headerFor(kid: string): string {
  let header = headers.get(kid);
  if (header === undefined) {
    header = encode({ alg: 'RS256', kid });
    if (headers.size >= 1000) headers.clear();
    headers.set(kid, header);
  }
  return header;
}

export function signRs256(kid: string, payload: JwtPayload, privateKey: KeyObject): string {
  const input = `${headerFor(kid)}.${encode(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

/** The payload without any check (to find which pool's key verifies the token). */
export function decodeUnverified(token: string): JwtPayload {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('malformed', 'not a JWT');
  return decodePart(parts[1]);
}

/** Signature (RS256 only), issuer, exp and nbf, as jwtVerify-style libraries check them, no leeway. */
export function verifyRs256(
  token: string,
  publicKey: KeyObject,
  expected: { issuer: string; nowSeconds: number },
): JwtPayload {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('malformed', 'not a JWT');
  const [head, body, signature] = parts as [string, string, string];
  if (decodePart(head).alg !== 'RS256') throw new JwtError('signature', 'unexpected alg');
  if (!verify('sha256', Buffer.from(`${head}.${body}`), publicKey, Buffer.from(signature, 'base64url'))) {
    throw new JwtError('signature', 'signature verification failed');
  }
  const payload = decodePart(body);
  if (payload.iss !== expected.issuer) throw new JwtError('claims', 'unexpected iss');
  if (typeof payload.exp !== 'number') throw new JwtError('claims', 'missing exp');
  if (payload.exp <= expected.nowSeconds) throw new JwtError('expired', 'token expired');
  if (typeof payload.nbf === 'number' && payload.nbf > expected.nowSeconds) {
    throw new JwtError('claims', 'token not yet valid');
  }
  return payload;
}
