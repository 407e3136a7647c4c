import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeX, powG } from '../../src/srp/deterministic.ts';
import { hexToBigInt, k, modPow, N } from '../../src/srp/index.ts';
import { createWasmModPow } from '../../src/srp/wasm-modpow.ts';

interface Generated {
  case: 'user' | 'device';
  poolName?: string;
  userIdForSrp?: string;
  password?: string;
  deviceGroupKey?: string;
  deviceKey?: string;
  devicePassword?: string;
  saltHex: string;
  aHex: string;
  SRP_A: string;
  bHex: string;
  SRP_B: string;
  uHex: string;
  SHex: string;
  verifierHex: string;
}
const vectors = (
  JSON.parse(readFileSync(new URL('../fixtures/srp-known-answers.json', import.meta.url), 'utf8')) as {
    generated: Generated[];
  }
).generated;

/** Deterministic pseudo-random bigints (xorshift), so a failure replays. */
function randoms(seed: number) {
  let s = seed >>> 0 || 1;
  const word = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0).toString(16).padStart(8, '0');
  };
  return (bits: number) => BigInt(`0x${Array.from({ length: Math.ceil(bits / 32) }, word).join('')}`);
}

describe.each(['scalar', 'simd'] as const)('WebAssembly Montgomery modPow, %s kernel', (kernel) => {
  it('gives the known answers: A = g^a, v = g^x, B, and S both ways', async () => {
    const wasm = await createWasmModPow(N, kernel);
    expect(vectors.length).toBeGreaterThan(0);
    for (const v of vectors) {
      const a = hexToBigInt(v.aHex);
      const b = hexToBigInt(v.bHex);
      const u = hexToBigInt(v.uHex);
      const [p1, p2, secret] =
        v.case === 'user'
          ? [v.poolName, v.userIdForSrp, v.password]
          : [v.deviceGroupKey, v.deviceKey, v.devicePassword];
      const x = await computeX(p1!, p2!, secret!, hexToBigInt(v.saltHex));
      expect(wasm.modPow(2n, a).toString(16)).toBe(v.SRP_A);
      expect(wasm.modPow(2n, x).toString(16)).toBe(v.verifierHex);
      expect(((k * hexToBigInt(v.verifierHex) + wasm.modPow(2n, b)) % N).toString(16)).toBe(v.SRP_B);
      const base = (((hexToBigInt(v.SRP_B) - k * wasm.modPow(2n, x)) % N) + N) % N;
      expect(wasm.modPow(base, a + u * x).toString(16)).toBe(v.SHex);
      // and the server's side of S: (A·v^u)^b
      const Av = (hexToBigInt(v.SRP_A) * wasm.modPow(hexToBigInt(v.verifierHex), u)) % N;
      expect(wasm.modPow(Av, b).toString(16)).toBe(v.SHex);
    }
  });

  it('agrees with the BigInt modPow on random and edge operands modulo N', async () => {
    const wasm = await createWasmModPow(N, kernel);
    const rand = randoms(15);
    const cases: [bigint, bigint][] = [
      [0n, 5n],
      [1n, rand(1024)],
      [N - 1n, rand(1024)],
      [N - 1n, 2n],
      [N + 5n, 3n],
      [rand(3072), 0n],
      [rand(3072), 1n],
      [rand(4000), rand(20)],
      [-7n, 3n],
    ];
    for (let i = 0; i < 12; i++) cases.push([rand(3072) % N, rand([1024, 1025, 256, 3072][i % 4]!)]);
    for (const [base, e] of cases) expect(wasm.modPow(base, e)).toBe(modPow(base, e, N));
    const base = rand(3072);
    expect(wasm.squarings(base, 200)).toBe(modPow(base, 1n << 200n, N));
  });

  it('works for other odd moduli and limb counts (odd and even, top limb partly used)', async () => {
    const rand = randoms(7);
    for (const bits of [31, 64, 95, 521, 2048]) {
      const m = rand(bits) | 1n | (1n << BigInt(bits - 1));
      const wasm = await createWasmModPow(m, kernel);
      for (let i = 0; i < 6; i++) {
        const base = rand(bits + 8);
        const e = rand(bits);
        expect(wasm.modPow(base, e)).toBe(modPow(base, e, m));
      }
    }
  });

  it('fixed-base combs agree with the BigInt powG, and longer exponents fall back', async () => {
    const wasm = await createWasmModPow(N, kernel);
    const rand = randoms(3);
    for (const bits of [256, 1024]) {
      const pow = wasm.fixedBase(2n, bits);
      const exponents = [0n, 1n, 2n, (1n << BigInt(bits)) - 1n, 1n << BigInt(bits), rand(bits + 64)];
      for (let i = 0; i < 6; i++) exponents.push(rand(bits) >> BigInt(i * 7));
      for (const e of exponents) expect(pow(e)).toBe(powG(e));
    }
    const other = wasm.fixedBase(N - 12345n, 256);
    const e = rand(256);
    expect(other(e)).toBe(modPow(N - 12345n, e, N));
  });

  it('refuses an even modulus and a negative exponent', async () => {
    await expect(createWasmModPow(1n << 64n, kernel)).rejects.toThrow(/odd/);
    const wasm = await createWasmModPow(N, kernel);
    expect(() => wasm.modPow(3n, -1n)).toThrow(RangeError);
  });
});
