import { windowBits } from './modpow.ts';
import { type MontgomeryKernel, scalarKernel, simdKernel } from './montgomery-wasm.ts';

/**
 * Modular exponentiation on the WebAssembly Montgomery multiplier of montgomery-wasm.ts, with the same
 * algorithms as the BigInt code: sliding windows (odd powers, windows of up to 6 bits) as in modpow.ts
 * for any base, Lim-Lee combs (8 rows, 4 blocks) as in fixed-base.ts for a fixed one. Operands are
 * limbs (u32 each) in the module's memory, every multiplication in Montgomery form.
 */
export interface WasmModPow {
  readonly modulus: bigint;
  /** Which multiplier runs: SIMD where the engine has it, else the scalar one. */
  readonly kernel: MontgomeryKernel['name'];
  /** base^exponent mod modulus for exponent ≥ 0; any base (reduced first). */
  modPow(base: bigint, exponent: bigint): bigint;
  /**
   * base^e for a fixed base by a comb built now (4 · 256 table entries): e below 2^bits (bits a
   * multiple of 32) uses it, a longer e falls back to modPow.
   */
  fixedBase(base: bigint, bits: number): (exponent: bigint) => bigint;
  /** base^(2^n) mod modulus: n squarings in a row (benchmarks time one multiplication with it). */
  squarings(base: bigint, n: number): bigint;
  /** Montgomery multiplications so far (tests and benchmarks count them). */
  mulCount(): number;
}

interface Exports {
  memory: WebAssembly.Memory;
  mul: (r: number, a: number, b: number) => void;
}

const WINDOW_SLOTS = 32; // odd powers b^1 … b^63
const SLOT_ACC = WINDOW_SLOTS;
const SLOT_SQ = WINDOW_SLOTS + 1;
const SLOT_R2 = WINDOW_SLOTS + 2;
const SLOT_ONE = WINDOW_SLOTS + 3;
const SLOT_X = WINDOW_SLOTS + 4;
const FIRST_FREE_SLOT = WINDOW_SLOTS + 5;
const COMB_ROWS = 8;
const COMB_BLOCKS = 4;

const KERNELS = { simd: simdKernel, scalar: scalarKernel } as const;

/**
 * Compiles and instantiates a multiplier for modulus (odd, > 1): the one named, or SIMD falling back to
 * scalar where the engine refuses it. Rejects where WebAssembly is unavailable.
 */
export async function createWasmModPow(
  modulus: bigint,
  kernelName?: MontgomeryKernel['name'],
): Promise<WasmModPow> {
  let kernel = KERNELS[kernelName ?? 'simd'](modulus);
  let instance: WebAssembly.Instance;
  try {
    ({ instance } = await WebAssembly.instantiate(kernel.bytes));
  } catch (error) {
    if (kernelName !== undefined) throw error;
    kernel = scalarKernel(modulus);
    ({ instance } = await WebAssembly.instantiate(kernel.bytes));
  }
  const { memory, mul } = instance.exports as unknown as Exports;
  const { limbs, limbBits, operandsOffset } = kernel;
  const slotBytes = 4 * limbs;
  const digits = limbBits / 4; // hex digits per limb
  const hexDigits = digits * limbs;
  const slot = (i: number) => operandsOffset + i * slotBytes;
  let count = 0;
  let nextSlot = FIRST_FREE_SLOT;

  // memory.grow detaches the old buffer: views are re-made after every allocation.
  let words = new Uint32Array(memory.buffer);
  const allocate = (n: number): number => {
    const first = nextSlot;
    nextSlot += n;
    const need = slot(nextSlot) - memory.buffer.byteLength;
    if (need > 0) memory.grow(Math.ceil(need / 65536));
    words = new Uint32Array(memory.buffer);
    return first;
  };
  allocate(0);

  const write = (i: number, x: bigint): void => {
    const hex = x.toString(16).padStart(hexDigits, '0');
    const base = slot(i) >> 2;
    for (let j = 0; j < limbs; j++) {
      const end = hexDigits - digits * j;
      words[base + j] = Number.parseInt(hex.slice(end - digits, end), 16);
    }
  };
  const read = (i: number): bigint => {
    const base = slot(i) >> 2;
    let hex = '';
    for (let j = limbs - 1; j >= 0; j--) hex += words[base + j]!.toString(16).padStart(digits, '0');
    // the SIMD kernel keeps values in [0, 2m)
    return BigInt(`0x${hex}`) % modulus;
  };
  const mulSlots = (r: number, a: number, b: number): void => {
    count++;
    mul(slot(r), slot(a), slot(b));
  };
  const copy = (to: number, from: number): void => {
    const f = slot(from) >> 2;
    words.copyWithin(slot(to) >> 2, f, f + limbs);
  };
  const R = 1n << BigInt(limbBits * limbs);
  write(SLOT_R2, (R * R) % modulus);
  write(SLOT_ONE, 1n);

  /** x mod m into slot i in Montgomery form (x·R mod m: one multiplication by R² mod m). */
  const toMontgomery = (i: number, x: bigint): void => {
    let b = x % modulus;
    if (b < 0n) b += modulus;
    write(SLOT_X, b);
    mulSlots(i, SLOT_X, SLOT_R2);
  };
  /** The value of SLOT_ACC out of Montgomery form (·1·R⁻¹). */
  const result = (): bigint => {
    mulSlots(SLOT_ACC, SLOT_ACC, SLOT_ONE);
    return read(SLOT_ACC);
  };

  function modPow(base: bigint, exponent: bigint): bigint {
    if (exponent < 0n) throw new RangeError('negative exponent');
    if (exponent === 0n) return 1n % modulus;
    toMontgomery(0, base);
    const bits = exponent.toString(2);
    const len = bits.length;
    const w = windowBits(len);
    if (w > 1) {
      mulSlots(SLOT_SQ, 0, 0);
      for (let i = 1; i < 1 << (w - 1); i++) mulSlots(i, i - 1, SLOT_SQ);
    }
    let started = false;
    let i = 0;
    while (i < len) {
      if (bits.charCodeAt(i) === 0x30 /* '0' */) {
        mulSlots(SLOT_ACC, SLOT_ACC, SLOT_ACC);
        i++;
        continue;
      }
      let j = Math.min(i + w, len) - 1;
      while (bits.charCodeAt(j) === 0x30) j--;
      const odd = Number.parseInt(bits.slice(i, j + 1), 2) >> 1;
      if (started) {
        for (let s = i; s <= j; s++) mulSlots(SLOT_ACC, SLOT_ACC, SLOT_ACC);
        mulSlots(SLOT_ACC, SLOT_ACC, odd);
      } else {
        copy(SLOT_ACC, odd);
        started = true;
      }
      i = j + 1;
    }
    return result();
  }

  function fixedBase(base: bigint, bits: number): (exponent: bigint) => bigint {
    if (bits % (COMB_ROWS * COMB_BLOCKS) !== 0) throw new RangeError('comb bits must be a multiple of 32');
    const rowBits = bits / COMB_ROWS;
    const blockBits = rowBits / COMB_BLOCKS;
    const entries = 1 << COMB_ROWS;
    const table = allocate(COMB_BLOCKS * entries);
    const at = (s: number, m: number) => table + s * entries + m;
    // base^(2^p) for p = r·rowBits + s·blockBits: one squaring chain, kept where the table wants it
    const chain = allocate(1);
    toMontgomery(chain, base);
    for (let p = 0; p <= bits - blockBits; p++) {
      if (p % blockBits === 0) copy(at((p % rowBits) / blockBits, 1 << Math.floor(p / rowBits)), chain);
      mulSlots(chain, chain, chain);
    }
    for (let s = 0; s < COMB_BLOCKS; s++) {
      for (let m = 3; m < entries; m++) {
        const top = 1 << (31 - Math.clz32(m));
        if (m !== top) mulSlots(at(s, m), at(s, m ^ top), at(s, top));
      }
    }
    const limit = 1n << BigInt(bits);
    return (e: bigint): bigint => {
      if (e < 0n || e >= limit) return modPow(base, e);
      const str = e.toString(2).padStart(bits, '0'); // str[bits - 1 - p] is bit p
      const last = bits - 1;
      let started = false;
      for (let col = blockBits - 1; col >= 0; col--) {
        if (started) mulSlots(SLOT_ACC, SLOT_ACC, SLOT_ACC);
        for (let s = COMB_BLOCKS - 1; s >= 0; s--) {
          let m = 0;
          for (let r = 0; r < COMB_ROWS; r++) {
            if (str.charCodeAt(last - (r * rowBits + s * blockBits + col)) === 0x31) m |= 1 << r;
          }
          if (m === 0) continue;
          if (started) mulSlots(SLOT_ACC, SLOT_ACC, at(s, m));
          else {
            copy(SLOT_ACC, at(s, m));
            started = true;
          }
        }
      }
      return started ? result() : 1n % modulus;
    };
  }

  function squarings(base: bigint, n: number): bigint {
    toMontgomery(SLOT_ACC, base);
    for (let i = 0; i < n; i++) mulSlots(SLOT_ACC, SLOT_ACC, SLOT_ACC);
    return result();
  }

  return { modulus, kernel: kernel.name, modPow, fixedBase, squarings, mulCount: () => count };
}
