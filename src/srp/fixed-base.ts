import { SrpError } from './errors.ts';
import { N } from './group.ts';

/**
 * 2^e mod N by Yao's fixed-base method: with table[i] = 2^(32^i) mod N, write e in base 32 and take
 * Π_d (Π_{digit i = d} table[i])^d, the outer product by the running-product trick. A 1024-bit e costs
 * ~230 multiplications instead of ~1024 squarings. The table (80 KB for 1024-bit exponents) grows lazily
 * to the longest exponent seen, so a service worker that restarts pays ~1 squaring per exponent bit once
 * (see tableBuildMs in the benchmark), and nothing at import time.
 */
const DIGIT_BITS = 5;
const RADIX = 1 << DIGIT_BITS;
const table: bigint[] = [2n];

function ensureTable(digits: number): void {
  let t = table[table.length - 1]!;
  while (table.length < digits) {
    for (let s = 0; s < DIGIT_BITS; s++) t = (t * t) % N;
    table.push(t);
  }
}

/** Builds the table for exponents up to `bits` bits now (e.g. while a worker is idle). */
export function prepareFixedBaseTable(bits = 1088): void {
  ensureTable(Math.ceil(bits / DIGIT_BITS));
}

/** How many exponent bits the table currently covers. */
export function fixedBaseTableBits(): number {
  return table.length * DIGIT_BITS;
}

/** g^e mod N for g = 2, e ≥ 0. */
export function powG(e: bigint): bigint {
  if (e < 0n) throw new SrpError('powG: negative exponent');
  if (e === 0n) return 1n;
  const digits = e.toString(RADIX); // most significant digit first
  const n = digits.length;
  ensureTable(n);
  const buckets: (bigint | undefined)[] = new Array(RADIX);
  for (let i = 0; i < n; i++) {
    const d = Number.parseInt(digits[n - 1 - i]!, RADIX);
    if (d === 0) continue;
    const prev = buckets[d];
    buckets[d] = prev === undefined ? table[i]! : (prev * table[i]!) % N;
  }
  let acc: bigint | undefined;
  let result: bigint | undefined;
  for (let d = RADIX - 1; d >= 1; d--) {
    const bucket = buckets[d];
    if (bucket !== undefined) acc = acc === undefined ? bucket : (acc * bucket) % N;
    if (acc !== undefined) result = result === undefined ? acc : (result * acc) % N;
  }
  return result!;
}
