import { SrpError } from './errors.ts';
import { powG } from './fixed-base.ts';
import { N } from './group.ts';

/** base^exponent mod modulus for non-negative exponents; the server side can inject node:crypto's instead. */
export type ModPow = (base: bigint, exponent: bigint, modulus: bigint) => bigint;

/**
 * Sliding-window exponentiation on native BigInt. V8 has no Montgomery/Barrett primitive that beats
 * `(x * y) % m` (measured: Barrett and chunked Montgomery in BigInt cost as much or more), so the
 * win comes from doing fewer multiplications: odd-power windows of up to 6 bits cut the multiplies of a
 * 1024-bit exponent from ~512 to ~180, and g = 2 modulo N goes to the fixed-base tables instead.
 */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus <= 0n) throw new SrpError('modPow: modulus must be positive');
  if (exponent < 0n) throw new SrpError('modPow: negative exponent');
  if (modulus === 1n) return 0n;
  let b = base % modulus;
  if (b < 0n) b += modulus;
  if (exponent === 0n) return 1n;
  if (b <= 1n) return b;
  if (b === 2n && modulus === N) return powG(exponent);
  return slidingWindowPow(b, exponent, modulus);
}

/** Sliding-window width for an exponent of bitLength bits (wasm-modpow.ts uses the same). */
export function windowBits(bitLength: number): number {
  if (bitLength > 640) return 6;
  if (bitLength > 200) return 5;
  if (bitLength > 64) return 4;
  if (bitLength > 16) return 3;
  return 1;
}

function slidingWindowPow(b: bigint, exponent: bigint, m: bigint): bigint {
  const bits = exponent.toString(2);
  const len = bits.length;
  const w = windowBits(len);
  // odd[i] = b^(2i+1)
  const odd: bigint[] = [b];
  if (w > 1) {
    const b2 = (b * b) % m;
    for (let i = 1; i < 1 << (w - 1); i++) odd.push((odd[i - 1]! * b2) % m);
  }
  let result = 1n;
  let started = false;
  let i = 0;
  while (i < len) {
    if (bits.charCodeAt(i) === 0x30 /* '0' */) {
      result = (result * result) % m;
      i++;
      continue;
    }
    let j = Math.min(i + w, len) - 1;
    while (bits.charCodeAt(j) === 0x30) j--;
    const value = Number.parseInt(bits.slice(i, j + 1), 2);
    const factor = odd[value >> 1]!;
    if (started) {
      for (let s = i; s <= j; s++) result = (result * result) % m;
      result = (result * factor) % m;
    } else {
      result = factor;
      started = true;
    }
    i = j + 1;
  }
  return result;
}
