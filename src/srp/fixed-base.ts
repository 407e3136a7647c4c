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
 * - SHORT (x and u are SHA-256 outputs; x is on the sign-in critical path; 8 rows × 4 blocks of 8 bits):
 *   7 squarings + 32 multiplications.
 *
 * Both are built a while after the first exponent (see scheduleBuild) or by prepareFixedBaseTable():
 * nothing at import time, nothing while a sign-in waits. Their bases g^(2^8j) come from one squaring chain (~1000 squarings); the combinations cost
 * 247 multiplications per block. The benchmark reports the total as tableBuildMs (~25 ms); memory ~800 KB.
 */
interface Comb {
  readonly bits: number;
  readonly rows: number;
  readonly rowBits: number;
  readonly blockBits: number;
  readonly tables: readonly bigint[][];
}

const ROWS = 8;
const CHAIN_STEP = 8;
/** chain[j] = g^(2^(8j)) mod N, extended as needed. */
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
/** How long after the first exponent the combs are built: past the sign-in that asked for it. */
export const TABLE_BUILD_DELAY_MS = 2000;
let shortComb: Comb | undefined;
let longComb: Comb | undefined;
let buildScheduled = false;

/**
 * g^e without tables, for g = 2: left to right, each step a squaring and, for a 1 bit, a doubling folded
 * into the same reduction: r = (r² << bit) mod N. One reduction per exponent bit (~8.6 ms for 1024 bits).
 */
function shiftPow(e: bigint): bigint {
  const bits = e.toString(2);
  let r = 2n; // the leading 1 bit
  for (let i = 1; i < bits.length; i++) {
    r = bits.charCodeAt(i) === 0x31 ? ((r * r) << 1n) % N : (r * r) % N;
  }
  return r;
}

/** Builds both combs now (e.g. while a worker is idle) instead of after the first exponent. */
export function prepareFixedBaseTable(): void {
  shortComb ??= buildComb(SHORT_BITS, 4);
  longComb ??= buildComb(LONG_BITS, 4);
}

/** Which combs exist: for the benchmark and tests. */
export function fixedBaseTableState(): { short: boolean; long: boolean } {
  return { short: shortComb !== undefined, long: longComb !== undefined };
}

/** Forgets the combs, as a restarted service worker would: tests only. */
export function resetFixedBaseTables(): void {
  shortComb = longComb = undefined;
  buildScheduled = false;
  chain.length = 1;
}

/**
 * The combs cost ~25 ms to build and save ~7 ms per 1024-bit exponent, and a sign-in computes two
 * (the extension's device SRP: A twice, as the background starts one per password step). A worker
 * woken by a sign-in, as it mostly is, would pay more for them than they save: they are built once
 * the sign-in is over, so the next sign-in of the worker's life has them and none waits for them.
 */
function scheduleBuild(): void {
  if (buildScheduled) return;
  buildScheduled = true;
  const timer = setTimeout(prepareFixedBaseTable, TABLE_BUILD_DELAY_MS) as unknown as { unref?: () => void };
  // Node (emulator, tests, benchmarks): the build is no reason to keep a process alive.
  timer.unref?.();
}

/**
 * g^e mod N for g = 2, e ≥ 0. Without tables (a fresh worker) by shiftPow, scheduling their build for
 * later; with them by the combs.
 */
export function powG(e: bigint): bigint {
  if (e < 0n) throw new SrpError('powG: negative exponent');
  if (e === 0n) return 1n;
  if (e >= 1n << BigInt(LONG_BITS)) return shiftPow(e); // longer than any SRP exponent here
  const comb = e < 1n << BigInt(SHORT_BITS) ? shortComb : longComb;
  if (comb) return combPow(comb, e);
  scheduleBuild();
  return shiftPow(e);
}
