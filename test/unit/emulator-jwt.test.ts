// The emulator's RS256 JWTs (node:crypto), checked against jose, the library the tests trust.
import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, importJWK, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { decodeUnverified, JwtError, signRs256, verifyRs256 } from '../../emulator/jwt.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ISS = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Jwt';
const NOW = 1_800_000_000;
const claims = { sub: 'abc', iss: ISS, exp: NOW + 60, iat: NOW, token_use: 'access' };

const reason = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof JwtError) return e.reason;
    throw e;
  }
  return 'accepted';
};

describe('emulator jwt', () => {
  it('signs tokens jose verifies, with the kid in the header', async () => {
    const token = signRs256('kid-1', claims, privateKey);
    const key = await importJWK({ ...(await exportJWK(publicKey)), alg: 'RS256' }, 'RS256');
    const { payload, protectedHeader } = await jwtVerify(token, key, {
      issuer: ISS,
      currentDate: new Date(NOW * 1000),
    });
    expect(protectedHeader).toEqual({ alg: 'RS256', kid: 'kid-1' });
    expect(payload).toEqual(claims);
    expect(decodeUnverified(token)).toEqual(claims);
  });

  it('verifies its own and jose-signed tokens; refuses tampering, other keys, alg none, wrong iss, expiry', async () => {
    const token = signRs256('kid-1', claims, privateKey);
    expect(verifyRs256(token, publicKey, { issuer: ISS, nowSeconds: NOW })).toEqual(claims);
    const viaJose = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k' }).sign(privateKey);
    expect(verifyRs256(viaJose, publicKey, { issuer: ISS, nowSeconds: NOW })).toEqual(claims);

    const [head, body, sig] = token.split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'mallory' })).toString('base64url');
    expect(
      reason(() => verifyRs256(`${head}.${forged}.${sig}`, publicKey, { issuer: ISS, nowSeconds: NOW })),
    ).toBe('signature');
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    expect(reason(() => verifyRs256(`${none}.${body}.`, publicKey, { issuer: ISS, nowSeconds: NOW }))).toBe(
      'signature',
    );
    expect(reason(() => verifyRs256(token, other.publicKey, { issuer: ISS, nowSeconds: NOW }))).toBe(
      'signature',
    );
    expect(reason(() => verifyRs256(token, publicKey, { issuer: `${ISS}x`, nowSeconds: NOW }))).toBe(
      'claims',
    );
    expect(reason(() => verifyRs256(token, publicKey, { issuer: ISS, nowSeconds: NOW + 59 }))).toBe(
      'accepted',
    );
    expect(reason(() => verifyRs256(token, publicKey, { issuer: ISS, nowSeconds: NOW + 60 }))).toBe(
      'expired',
    );
    expect(reason(() => verifyRs256('a.b', publicKey, { issuer: ISS, nowSeconds: NOW }))).toBe('malformed');
    expect(reason(() => decodeUnverified('x.!!!.y'))).toBe('malformed');
  });
});
