import { SrpError } from './errors.ts';
import { N } from './group.ts';

/**
 * g^e mod N for the fixed g = 2 by Lim-Lee combs: the exponent's bits are laid out as 8 rows, each row cut
 * into `blocks` blocks, and table[s][m] = Π_{row r ∈ m} g^(2^(r·rowBits + s·blockBits)) for every row set m.
 * A pass over the blockBits columns then costs one squaring per column plus one multiplication per block
 * and column, instead of one squaring per exponent bit.
 *
 * - LONG (a and b, 1024 bits; 8 rows × 4 blocks of 32 bits): 31 squarings + 128 multiplications ≈ 1.3 ms,
 *   where a sliding window needs ~1024 squarings + ~180 multiplications ≈ 10 ms.
 * - SHORT (x and u are SHA-256 outputs; x is on the sign-in critical path; 8 rows × 2 blocks of 16 bits):
 *   15 squarings + 32 multiplications.
 *
 * Both are built lazily, on first use or by prepareFixedBaseTable() when a worker is idle: nothing at
 * import time. Their bases g^(2^16j) come from one squaring chain (~1000 squarings); the combinations cost
 * 247 multiplications per block. The benchmark reports the total as tableBuildMs (~20 ms); memory ~600 KB.
 */
interface Comb {
  readonly bits: number;
  readonly rows: number;
  readonly rowBits: number;
  readonly blockBits: number;
  readonly tables: readonly bigint[][];
}

const ROWS = 8;
const CHAIN_STEP = 16;
/** chain[j] = g^(2^(16j)) mod N, extended as needed. */
const chain: bigint[] = [2n];

function chainAt(bit: number): bigint {
  if (bit % CHAIN_STEP !== 0) throw new Error('comb bases must sit on the chain');
  const j = bit / CHAIN_STEP;
  let t = chain[chain.length - 1]!;
  while (chain.length <= j) {
    for (let s = 0; s < CHAIN_STEP; s++) t = (t * t) % N;
    chain.push(t);
  }
  return chain[j]!;
}

function buildComb(bits: number, blocks: number): Comb {
  const rowBits = bits / ROWS;
  const blockBits = rowBits / blocks;
  const tables: bigint[][] = [];
  for (let s = 0; s < blocks; s++) {
    const entries: bigint[] = new Array(1 << ROWS);
    entries[0] = 1n;
    for (let r = 0; r < ROWS; r++) entries[1 << r] = chainAt(r * rowBits + s * blockBits);
    for (let m = 3; m < 1 << ROWS; m++) {
      const top = 1 << (31 - Math.clz32(m));
      if (m !== top) entries[m] = (entries[m ^ top]! * entries[top]!) % N;
    }
    tables.push(entries);
  }
  return { bits, rows: ROWS, rowBits, blockBits, tables };
}

function combPow(c: Comb, e: bigint): bigint {
  const { bits, rows, rowBits, blockBits, tables } = c;
  const str = e.toString(2).padStart(bits, '0'); // str[bits - 1 - p] is bit p
  const last = bits - 1;
  let result = 1n;
  for (let col = blockBits - 1; col >= 0; col--) {
    if (result !== 1n) result = (result * result) % N;
    for (let s = tables.length - 1; s >= 0; s--) {
      let m = 0;
      for (let r = 0; r < rows; r++) {
        if (str.charCodeAt(last - (r * rowBits + s * blockBits + col)) === 0x31 /* '1' */) m |= 1 << r;
      }
      if (m !== 0) {
        const t = tables[s]![m]!;
        result = result === 1n ? t : (result * t) % N;
      }
    }
  }
  return result;
}

const SHORT_BITS = 256;
const LONG_BITS = 1024;
let shortComb: Comb | undefined;
let longComb: Comb | undefined;

/** Builds both combs now (e.g. while a worker is idle) instead of on first use. */
export function prepareFixedBaseTable(): void {
  shortComb ??= buildComb(SHORT_BITS, 2);
  longComb ??= buildComb(LONG_BITS, 4);
}

/** Which combs exist: for the benchmark and tests. */
export function fixedBaseTableState(): { short: boolean; long: boolean } {
  return { short: shortComb !== undefined, long: longComb !== undefined };
}

/** g^e mod N for g = 2, e ≥ 0. */
export function powG(e: bigint): bigint {
  if (e < 0n) throw new SrpError('powG: negative exponent');
  if (e === 0n) return 1n;
  if (e < 1n << BigInt(SHORT_BITS)) {
    shortComb ??= buildComb(SHORT_BITS, 2);
    return combPow(shortComb, e);
  }
  longComb ??= buildComb(LONG_BITS, 4);
  if (e < 1n << BigInt(LONG_BITS)) return combPow(longComb, e);
  // Longer than any SRP exponent here: g^e = (g^hi)^(2^1024) · g^lo. Slow but correct.
  let high = powG(e >> BigInt(LONG_BITS));
  for (let i = 0; i < LONG_BITS; i++) high = (high * high) % N;
  return (high * combPow(longComb, BigInt.asUintN(LONG_BITS, e))) % N;
}
