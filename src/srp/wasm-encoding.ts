/**
 * Just enough of the WebAssembly binary format (core spec, "Binary Format"; SIMD opcodes from the
 * fixed-width SIMD proposal merged into it) to emit a module with one memory and one function
 * `mul(r, a, b)`: the Montgomery kernels write their code with `Code` and wrap it with `mulModule`.
 */

export const op = {
  loop: 0x03,
  end: 0x0b,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i64Load: 0x29,
  i64Load32u: 0x35,
  i64Store: 0x37,
  i64Store32: 0x3e,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Ne: 0x47,
  i64LtU: 0x54,
  i32Add: 0x6a,
  i64Add: 0x7c,
  i64Sub: 0x7d,
  i64Mul: 0x7e,
  i64And: 0x83,
  i64ShrU: 0x88,
  i32WrapI64: 0xa7,
  if: 0x04,
} as const;

/** SIMD instructions: the 0xfd prefix, then the opcode as an unsigned LEB128. */
export const simd = {
  v128Load: 0x00,
  v128Store: 0x0b,
  v128Const: 0x0c,
  i32x4Splat: 0x11,
  v128Load64Zero: 0x5d,
  i64x2Add: 0xce,
  i64x2ExtmulLowI32x4U: 0xde,
  i64x2ExtmulHighI32x4U: 0xdf,
} as const;

export const type = { void: 0x40, i32: 0x7f, i64: 0x7e, v128: 0x7b } as const;

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(value: bigint): number[] {
  const out: number[] = [];
  let v = value;
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const signBit = (byte & 0x40) !== 0;
    if ((v === 0n && !signBit) || (v === -1n && signBit)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => vec([...new TextEncoder().encode(s)].map((b) => [b]));

/** A function body under construction; memory offsets are byte offsets, alignment hints log2. */
export class Code {
  readonly bytes: number[] = [];
  emit(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }
  get(local: number): this {
    return this.emit(op.localGet, local);
  }
  set(local: number): this {
    return this.emit(op.localSet, local);
  }
  tee(local: number): this {
    return this.emit(op.localTee, local);
  }
  i32(v: number): this {
    return this.emit(op.i32Const, ...sleb(BigInt(v)));
  }
  i64(v: bigint): this {
    return this.emit(op.i64Const, ...sleb(v));
  }
  mem(opcode: number, align: number, offset: number): this {
    return this.emit(opcode, align, ...uleb(offset));
  }
  simd(opcode: number, ...immediates: number[]): this {
    return this.emit(0xfd, ...uleb(opcode), ...immediates);
  }
  simdMem(opcode: number, align: number, offset: number): this {
    return this.simd(opcode, align, ...uleb(offset));
  }
  /** v128.const from four u32 lanes (little-endian). */
  v128(lanes: readonly number[]): this {
    const bytes = new Uint8Array(new Uint32Array(lanes).buffer);
    return this.simd(simd.v128Const, ...bytes);
  }
  /** x >> bits, x & (2^bits - 1) on the i64 on the stack. */
  shr(bits: number): this {
    return this.emit(op.i64Const, ...sleb(BigInt(bits)), op.i64ShrU);
  }
  low(bits: number): this {
    return this.i64((1n << BigInt(bits)) - 1n).emit(op.i64And);
  }
}

/**
 * A module exporting `memory` (`pages` of 64 KiB, growable) and `mul(r: i32, a: i32, b: i32)` with the
 * given extra locals (count, type) and body.
 */
export function mulModule(locals: [number, number][], code: Code, pages: number): Uint8Array<ArrayBuffer> {
  const body = [...vec(locals.map(([n, t]) => [...uleb(n), t])), ...code.bytes, op.end];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec([[type.i32], [type.i32], [type.i32]]), ...vec([])]])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0x00, ...uleb(pages)]])),
    ...section(
      7,
      vec([
        [...name('memory'), 0x02, 0],
        [...name('mul'), 0x00, 0],
      ]),
    ),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ]);
}

/** -m⁻¹ mod 2^bits by Newton's iteration (each step doubles the correct low bits); m odd. */
export function negInverse(m: bigint, bits: number): bigint {
  const mask = (1n << BigInt(bits)) - 1n;
  const m0 = m & mask;
  let inv = 1n;
  for (let i = 0; i < 6; i++) inv = (inv * (2n - m0 * inv)) & mask;
  return ((1n << BigInt(bits)) - inv) & mask;
}
