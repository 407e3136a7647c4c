import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nodeModPow, verifierMaterial } from '../../emulator/srp-node.ts';
import { modPow, N, padHex } from '../../src/srp/index.ts';

const big = (bytes: number): bigint => BigInt(`0x${randomBytes(bytes).toString('hex')}`);

describe("node:crypto modexp for the emulator's SRP", () => {
  it('agrees with the BigInt modPow for random bases and 32/128/384-byte exponents, and for g', () => {
    for (let i = 0; i < 24; i++) {
      const base = big(384) % N;
      const exp = big([32, 128, 384][i % 3]!);
      expect(nodeModPow(base, exp, N)).toBe(modPow(base, exp, N));
      expect(nodeModPow(2n, exp, N)).toBe(modPow(2n, exp, N));
    }
  });

  it('handles the inputs OpenSSL refuses (0, 1, N-1, exponent 0, base ≥ N) and other moduli', () => {
    const cases: Array<[bigint, bigint, bigint]> = [
      [0n, 5n, N],
      [1n, 7n, N],
      [N - 1n, 3n, N],
      [5n, 0n, N],
      [N + 5n, 9n, N],
      [7n, 13n, 1000003n],
    ];
    for (const [b, e, m] of cases) expect(nodeModPow(b, e, m)).toBe(modPow(b, e, m));
  });

  it('caches verifier material per verifier', () => {
    const v = big(384) % N;
    const a = verifierMaterial('0a', padHex(v));
    expect(verifierMaterial('0a', padHex(v))).toBe(a);
    expect(a.v).toBe(v);
  });
});
