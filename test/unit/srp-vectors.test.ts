import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  clientEphemeralFromSecret,
  computeU,
  computeX,
  deriveKey,
  deviceVerifierFromSecrets,
  powG,
  serverEphemeralFromSecret,
} from '../../src/srp/deterministic.ts';
import { bytesToHex } from '../../src/srp/hex.ts';
import {
  computePasswordClaim,
  computeVerifier,
  g,
  hexToBigInt,
  k,
  modPow,
  N,
  verifierConfigToSaltAndVerifier,
  verifyPasswordClaim,
} from '../../src/srp/index.ts';

/** A vector from test/fixtures/srp-known-answers.json (hex is minimal lowercase unless noted). */
interface Vector {
  name?: string;
  case: 'user' | 'device' | 'device-verifier';
  edge?: string;
  poolName?: string;
  userIdForSrp?: string;
  password?: string;
  deviceGroupKey?: string;
  deviceKey?: string;
  devicePassword?: string;
  saltHex: string;
  verifierConfig?: { PasswordVerifier: string; Salt: string };
  verifierHex?: string;
  aHex?: string;
  SRP_A?: string;
  bHex?: string;
  SRP_B?: string;
  uHex?: string;
  SHex?: string;
  hkdfKeyHex?: string;
  SECRET_BLOCK?: string;
  TIMESTAMP?: string;
  PASSWORD_CLAIM_SIGNATURE?: string;
}

// A copy of the team's shared known-answer vectors (shared/vectors), kept in the repository so a
// fresh clone can run every test.
const vectorsPath = fileURLToPath(new URL('../fixtures/srp-known-answers.json', import.meta.url));
if (!existsSync(vectorsPath)) {
  throw new Error(`SRP known-answer vectors not found at ${vectorsPath}`);
}
const file = JSON.parse(readFileSync(vectorsPath, 'utf8')) as { published: Vector[]; generated: Vector[] };
const vectors = [...file.published, ...file.generated].map((v, i) => ({
  ...v,
  label: v.name ?? `generated #${i - file.published.length} ${v.case} ${v.edge}`,
}));

function parts(v: Vector): { p1: string; p2: string; secret: string } {
  return v.case === 'user'
    ? { p1: v.poolName!, p2: v.userIdForSrp!, secret: v.password! }
    : { p1: v.deviceGroupKey!, p2: v.deviceKey!, secret: v.devicePassword! };
}

describe('SRP known-answer vectors', () => {
  it('loads both sections', () => {
    expect(file.published.length).toBeGreaterThan(0);
    expect(file.generated.length).toBeGreaterThan(0);
  });

  const withVerifierConfig = vectors.filter((v) => v.verifierConfig);
  it.each(withVerifierConfig)('$label: device verifier reproduces the ConfirmDevice config', async (v) => {
    const { p1, p2, secret } = parts(v);
    const salt = hexToBigInt(v.saltHex);
    const made = await deviceVerifierFromSecrets(p1, p2, secret, salt);
    expect(made.verifierConfig).toEqual(v.verifierConfig);
    // And the server reads back what the vector's client would have sent.
    const stored = verifierConfigToSaltAndVerifier(v.verifierConfig!);
    expect(stored.salt).toBe(salt);
    expect(stored.v).toBe(await computeVerifier(p1, p2, secret, salt));
    if (v.verifierHex) expect(stored.v).toBe(hexToBigInt(v.verifierHex));
  });

  const withVerifierHex = vectors.filter((v) => v.verifierHex);
  it.each(withVerifierHex)('$label: computeVerifier gives the verifier', async (v) => {
    const { p1, p2, secret } = parts(v);
    expect((await computeVerifier(p1, p2, secret, hexToBigInt(v.saltHex))).toString(16)).toBe(v.verifierHex);
  });

  const clientCases = vectors.filter((v) => v.aHex && v.SRP_B);
  it.each(clientCases)('$label: client side reproduces SRP_A, u, S, key and signature', async (v) => {
    const { p1, p2, secret } = parts(v);
    const ephemeral = clientEphemeralFromSecret(hexToBigInt(v.aHex!));
    if (v.SRP_A) expect(ephemeral.AHex).toBe(v.SRP_A);
    const B = hexToBigInt(v.SRP_B!);
    const u = await computeU(ephemeral.A, B);
    if (v.uHex) expect(u.toString(16)).toBe(v.uHex);
    if (v.SHex) {
      // S re-derived step by step, so a wrong S is caught before the HMAC hides it.
      const x = await computeX(p1, p2, secret, hexToBigInt(v.saltHex));
      const base = (((B - k * powG(x)) % N) + N) % N;
      expect(modPow(base, ephemeral.a + u * x, N).toString(16)).toBe(v.SHex);
    }
    if (v.hkdfKeyHex && v.SHex)
      expect(bytesToHex(await deriveKey(hexToBigInt(v.SHex), u))).toBe(v.hkdfKeyHex);
    const claim = await computePasswordClaim({
      ephemeral,
      srpB: v.SRP_B!,
      salt: v.saltHex,
      secretBlock: v.SECRET_BLOCK!,
      namePart1: p1,
      namePart2: p2,
      secret,
      timestamp: v.TIMESTAMP!,
    });
    expect(claim).toEqual({ signature: v.PASSWORD_CLAIM_SIGNATURE, timestamp: v.TIMESTAMP });
  });

  const serverCases = vectors.filter((v) => v.bHex && v.verifierHex);
  it.each(serverCases)('$label: server side reproduces SRP_B and accepts the signature', async (v) => {
    const { p1, p2 } = parts(v);
    const verifier = hexToBigInt(v.verifierHex!);
    const server = serverEphemeralFromSecret(verifier, hexToBigInt(v.bHex!));
    expect(server.BHex).toBe(v.SRP_B);
    if (v.SHex) {
      // The server's S = (A·v^u)^b equals the vector's S.
      const A = hexToBigInt(v.SRP_A!);
      const u = await computeU(A, server.B);
      expect(modPow((A * modPow(verifier, u, N)) % N, server.b, N).toString(16)).toBe(v.SHex);
    }
    const input = {
      v: verifier,
      server,
      srpA: v.SRP_A!,
      salt: v.saltHex,
      secretBlock: v.SECRET_BLOCK!,
      namePart1: p1,
      namePart2: p2,
      timestamp: v.TIMESTAMP!,
      signature: v.PASSWORD_CLAIM_SIGNATURE!,
    };
    expect(await verifyPasswordClaim(input)).toBe(true);
    // The same claim with one bit of the signature flipped, or another second, is rejected.
    const sig = Buffer.from(input.signature, 'base64');
    sig[0]! ^= 1;
    expect(await verifyPasswordClaim({ ...input, signature: sig.toString('base64') })).toBe(false);
    const otherSecond = input.timestamp.replace(
      /:(\d\d) /,
      (_m, s: string) => `:${(Number(s) + 1) % 60 < 10 ? '0' : ''}${(Number(s) + 1) % 60} `,
    );
    expect(await verifyPasswordClaim({ ...input, timestamp: otherSecond })).toBe(false);
  });

  it('covers every vector somewhere', () => {
    for (const v of vectors) {
      const used = withVerifierConfig.includes(v) || clientCases.includes(v) || withVerifierHex.includes(v);
      expect(used, v.label).toBe(true);
    }
  });

  it('k = H(padHex(N) ‖ padHex(g))', async () => {
    const digest = await crypto.subtle.digest(
      'SHA-256',
      Buffer.from(`00${N.toString(16)}0${g.toString(16)}`, 'hex'),
    );
    expect(bytesToHex(new Uint8Array(digest))).toBe(k.toString(16).padStart(64, '0'));
  });
});
