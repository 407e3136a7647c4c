import { montgomeryModuleBytes, OPERANDS_OFFSET } from './montgomery-wasm.ts';

/**
 * base^exponent mod m on the WebAssembly Montgomery multiplier of montgomery-wasm.ts: the same
 * sliding-window exponentiation as modpow.ts (odd powers, windows of up to 6 bits), every multiplication
 * in Montgomery form, operands as 32-bit limbs in the module's memory.
 */
export interface WasmModPow {
  readonly modulus: bigint;
  /** base^exponent mod modulus for 0 ≤ exponent; any base (reduced first). */
  modPow(base: bigint, exponent: bigint): bigint;
  /** Raw Montgomery multiplications: `mul(r, a, b)` on slots (benchmarks and tests). */
  readonly mulCount: () => number;
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

function windowBits(bitLength: number): number {
  if (bitLength > 640) return 6;
  if (bitLength > 200) return 5;
  if (bitLength > 64) return 4;
  if (bitLength > 16) return 3;
  return 1;
}

/** Compiles and instantiates the multiplier for modulus (odd, > 1); rejects where WebAssembly is unavailable. */
export async function createWasmModPow(modulus: bigint): Promise<WasmModPow> {
  const limbs = Math.ceil(modulus.toString(16).length / 8);
  const { instance } = await WebAssembly.instantiate(montgomeryModuleBytes(modulus, limbs));
  const { memory, mul } = instance.exports as unknown as Exports;
  const slotBytes = 4 * limbs;
  const hexDigits = 8 * limbs;
  const slot = (i: number) => OPERANDS_OFFSET + i * slotBytes;
  let words = new Uint32Array(memory.buffer);
  let count = 0;

  const write = (i: number, x: bigint): void => {
    const hex = x.toString(16).padStart(hexDigits, '0');
    const base = slot(i) >> 2;
    for (let j = 0; j < limbs; j++) {
      const end = hexDigits - 8 * j;
      words[base + j] = Number.parseInt(hex.slice(end - 8, end), 16);
    }
  };
  const read = (i: number): bigint => {
    const base = slot(i) >> 2;
    let hex = '';
    for (let j = limbs - 1; j >= 0; j--) hex += words[base + j]!.toString(16).padStart(8, '0');
    return BigInt(`0x${hex}`);
  };
  const mulSlots = (r: number, a: number, b: number): void => {
    count++;
    mul(slot(r), slot(a), slot(b));
  };

  const R = 1n << BigInt(32 * limbs);
  if (memory.buffer.byteLength < slot(SLOT_X + 1)) {
    memory.grow(Math.ceil((slot(SLOT_X + 1) - memory.buffer.byteLength) / 65536));
    words = new Uint32Array(memory.buffer);
  }
  write(SLOT_R2, (R * R) % modulus);
  write(SLOT_ONE, 1n);

  function modPow(base: bigint, exponent: bigint): bigint {
    if (exponent < 0n) throw new RangeError('negative exponent');
    let b = base % modulus;
    if (b < 0n) b += modulus;
    if (exponent === 0n) return 1n % modulus;
    // b·R mod m: one Montgomery multiplication by R² mod m
    write(SLOT_X, b);
    mulSlots(0, SLOT_X, SLOT_R2);
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
        new Uint8Array(memory.buffer).copyWithin(slot(SLOT_ACC), slot(odd), slot(odd) + slotBytes);
        started = true;
      }
      i = j + 1;
    }
    // out of Montgomery form: ·1·R⁻¹
    mulSlots(SLOT_ACC, SLOT_ACC, SLOT_ONE);
    return read(SLOT_ACC);
  }

  return { modulus, modPow, mulCount: () => count };
}
