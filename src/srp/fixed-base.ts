import { SrpError } from './errors.ts';
import { N } from './group.ts';

/**
 * 2^e mod N for g = 2, two precomputed forms, both built lazily (nothing at import time):
 *
 * Long exponents (a, b: 1024 bits) use Yao's fixed-base method: with table[i] = 2^(32^i) mod N, write e in base 32 and take
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

/**
 * Short exponents (x and u are SHA-256 outputs, 256 bits; x is on the sign-in critical path) use a
 * Lim-Lee comb with 8 rows of 32 bits, each row split in 2 blocks of 16: comb[s][m] = Π_{r ∈ m} g^(2^(32r + 16s)).
 * Then g^e costs 15 squarings + 32 multiplications instead of Yao's ~81 multiplications.
 * Building it costs ~500 multiplications (its 16 bases come from the Yao table with ≤ 4 squarings each).
 */
const SHORT_BITS = 256;
const COMB_ROWS = 8;
const ROW_BITS = SHORT_BITS / COMB_ROWS; // 32
const BLOCK_BITS = ROW_BITS / 2; // 16
let comb: [bigint[], bigint[]] | undefined;

function baseAt(bit: number): bigint {
  // g^(2^bit) from the Yao table entry at or below it
  const i = Math.floor(bit / DIGIT_BITS);
  ensureTable(i + 1);
  let t = table[i]!;
  for (let s = i * DIGIT_BITS; s < bit; s++) t = (t * t) % N;
  return t;
}

function ensureComb(): [bigint[], bigint[]] {
  if (comb) return comb;
  const build = (block: number): bigint[] => {
    const entries: bigint[] = new Array(1 << COMB_ROWS);
    entries[0] = 1n;
    for (let r = 0; r < COMB_ROWS; r++) entries[1 << r] = baseAt(r * ROW_BITS + block * BLOCK_BITS);
    for (let m = 3; m < 1 << COMB_ROWS; m++) {
      const top = 1 << (31 - Math.clz32(m));
      if (m !== top) entries[m] = (entries[m ^ top]! * entries[top]!) % N;
    }
    return entries;
  };
  comb = [build(0), build(1)];
  return comb;
}

function powGShort(e: bigint): bigint {
  const [comb0, comb1] = ensureComb();
  const bits = e.toString(2).padStart(SHORT_BITS, '0'); // bits[SHORT_BITS - 1 - p] is bit p
  let result = 1n;
  for (let col = BLOCK_BITS - 1; col >= 0; col--) {
    if (result !== 1n) result = (result * result) % N;
    let m1 = 0;
    let m0 = 0;
    for (let r = 0; r < COMB_ROWS; r++) {
      const p = r * ROW_BITS + col;
      if (bits.charCodeAt(SHORT_BITS - 1 - p - BLOCK_BITS) === 0x31) m1 |= 1 << r;
      if (bits.charCodeAt(SHORT_BITS - 1 - p) === 0x31) m0 |= 1 << r;
    }
    if (m1) result = result === 1n ? comb1[m1]! : (result * comb1[m1]!) % N;
    if (m0) result = result === 1n ? comb0[m0]! : (result * comb0[m0]!) % N;
  }
  return result;
}

/** Builds both tables now, for exponents up to `bits` bits (e.g. while a worker is idle). */
export function prepareFixedBaseTable(bits = 1088): void {
  ensureTable(Math.ceil(bits / DIGIT_BITS));
  ensureComb();
}

/** How many exponent bits the Yao table currently covers (the comb always covers 256). */
export function fixedBaseTableBits(): number {
  return table.length * DIGIT_BITS;
}

/** g^e mod N for g = 2, e ≥ 0. */
export function powG(e: bigint): bigint {
  if (e < 0n) throw new SrpError('powG: negative exponent');
  if (e === 0n) return 1n;
  if (e < 1n << BigInt(SHORT_BITS)) return powGShort(e);
  return powGLong(e);
}

function powGLong(e: bigint): bigint {
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
