/**
 * A WebAssembly module, written here byte by byte, that multiplies in Montgomery form modulo one fixed odd
 * modulus: mul(r, a, b) stores a·b·R⁻¹ mod m at r, where a, b, r are byte offsets of little-endian 32-bit
 * limb arrays in the module's memory and R = 2^(32·limbs). Inputs must be < m; r may alias a or b.
 *
 * Method: CIOS with the multiplication and reduction steps fused (one pass over the limbs per limb of b),
 * 32-bit limbs in i64 accumulators (WebAssembly has no 64×64→128 multiply), the inner loop fully
 * unrolled with the modulus limbs and -m⁻¹ mod 2³² baked in as constants, the running sum t at
 * bytes [0, 4·(limbs + 2)). One final conditional subtraction, as t < 2m.
 */

const MASK32 = 0xffffffffn;

/** Where the accumulator t lives; operands go at or after OPERANDS_OFFSET. */
const T = 0;
export const OPERANDS_OFFSET = 1024;

// Opcodes (WebAssembly core spec, binary format).
const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
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
} as const;
const VOID = 0x40;
const I32 = 0x7f;
const I64 = 0x7e;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(value: bigint): number[] {
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

/** -m⁻¹ mod 2³² by Newton's iteration (each step doubles the correct low bits). */
function negInverse32(m: bigint): bigint {
  const m0 = m & MASK32;
  let inv = 1n;
  for (let i = 0; i < 5; i++) inv = (inv * (2n - m0 * inv)) & MASK32;
  return (0x100000000n - inv) & MASK32;
}

/** The module's bytes for modulus m (odd, > 1): exports `memory` and `mul(r, a, b)`. */
export function montgomeryModuleBytes(m: bigint, limbs: number): Uint8Array<ArrayBuffer> {
  if ((m & 1n) === 0n || m <= 1n) throw new Error('Montgomery modulus must be odd and > 1');
  if (m >> BigInt(32 * limbs) !== 0n) throw new Error('modulus wider than the limbs');
  if (4 * (limbs + 2) > OPERANDS_OFFSET) throw new Error('too many limbs for the accumulator area');
  const mLimbs = Array.from({ length: limbs }, (_, j) => (m >> BigInt(32 * j)) & MASK32);
  const n0 = negInverse32(m);

  // Params r=0, a=1, b=2; locals bi=3, mq=4, s=5, c1=6, c2=7 (i64), bEnd=8 (i32).
  const [R, A, B, BI, MQ, S, C1, C2, BEND] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const c: number[] = [];
  const get = (l: number) => c.push(op.localGet, l);
  const set = (l: number) => c.push(op.localSet, l);
  const i64 = (v: bigint) => c.push(op.i64Const, ...sleb(v));
  const i32 = (v: number) => c.push(op.i32Const, ...sleb(BigInt(v)));
  // memarg: alignment hint (log2), then the constant offset.
  const load32 = (offset: number) => c.push(op.i64Load32u, 2, ...uleb(offset));
  const store32 = (offset: number) => c.push(op.i64Store32, 2, ...uleb(offset));
  const hi = () => c.push(op.i64Const, 32, op.i64ShrU);
  const lo = () => c.push(op.i64Const, ...sleb(MASK32), op.i64And);

  // t = 0 (limbs + 2 words, as i64 stores)
  for (let w = 0; w < Math.ceil((limbs + 2) / 2); w++) {
    i32(0);
    i64(0n);
    c.push(op.i64Store, 3, ...uleb(T + 8 * w));
  }
  get(B);
  i32(4 * limbs);
  c.push(op.i32Add);
  set(BEND);

  c.push(op.loop, VOID);
  // bi = b[i]
  get(B);
  load32(0);
  set(BI);
  // j = 0: s = t0 + a0·bi; c1 = s >> 32; s = lo(s); q = s·n0 mod 2³²; c2 = (s + q·m0) >> 32
  i32(0);
  load32(T);
  get(A);
  load32(0);
  get(BI);
  c.push(op.i64Mul, op.i64Add, op.localTee, S);
  hi();
  set(C1);
  get(S);
  lo();
  c.push(op.localTee, S);
  i64(n0);
  c.push(op.i64Mul);
  lo();
  c.push(op.localTee, MQ);
  i64(mLimbs[0]!);
  c.push(op.i64Mul);
  get(S);
  c.push(op.i64Add);
  hi();
  set(C2);
  for (let j = 1; j < limbs; j++) {
    // s = t[j] + a[j]·bi + c1; c1 = s >> 32
    i32(0);
    load32(T + 4 * j);
    get(A);
    load32(4 * j);
    get(BI);
    c.push(op.i64Mul, op.i64Add);
    get(C1);
    c.push(op.i64Add, op.localTee, S);
    hi();
    set(C1);
    // s = lo(s) + q·m[j] + c2; c2 = s >> 32; t[j-1] = lo(s)
    i32(0);
    get(S);
    lo();
    get(MQ);
    i64(mLimbs[j]!);
    c.push(op.i64Mul, op.i64Add);
    get(C2);
    c.push(op.i64Add, op.localTee, S);
    store32(T + 4 * (j - 1));
    get(S);
    hi();
    set(C2);
  }
  // s = t[L] + c1; c1 = s >> 32; s = lo(s) + c2; t[L-1] = lo(s); t[L] = (s >> 32) + c1
  i32(0);
  load32(T + 4 * limbs);
  get(C1);
  c.push(op.i64Add, op.localTee, S);
  hi();
  set(C1);
  i32(0);
  get(S);
  lo();
  get(C2);
  c.push(op.i64Add, op.localTee, S);
  store32(T + 4 * (limbs - 1));
  i32(0);
  get(S);
  hi();
  get(C1);
  c.push(op.i64Add);
  store32(T + 4 * limbs);
  // next limb of b
  get(B);
  i32(4);
  c.push(op.i32Add, op.localTee, B);
  get(BEND);
  c.push(op.i32Ne, op.brIf, 0, op.end);

  // r = t - m, with the borrow in c1 (0 or 1)
  i64(0n);
  set(C1);
  for (let j = 0; j < limbs; j++) {
    get(R);
    i32(0);
    load32(T + 4 * j);
    i64(mLimbs[j]!);
    c.push(op.i64Sub);
    get(C1);
    c.push(op.i64Sub, op.localTee, S);
    store32(4 * j);
    get(S);
    i64(63n);
    c.push(op.i64ShrU);
    set(C1);
  }
  // t < m (its top word smaller than the borrow): r = t instead
  i32(0);
  load32(T + 4 * limbs);
  get(C1);
  c.push(op.i64LtU, op.if, VOID);
  for (let j = 0; j + 1 < limbs; j += 2) {
    get(R);
    i32(0);
    c.push(op.i64Load, 3, ...uleb(T + 4 * j), op.i64Store, 2, ...uleb(4 * j));
  }
  if (limbs % 2 === 1) {
    get(R);
    i32(0);
    load32(T + 4 * (limbs - 1));
    store32(4 * (limbs - 1));
  }
  c.push(op.end, op.end);

  const locals = vec([
    [...uleb(5), I64],
    [...uleb(1), I32],
  ]);
  const body = [...locals, ...c];
  const pages = Math.ceil((OPERANDS_OFFSET + 64 * 4 * limbs) / 65536);
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32]]), ...vec([])]])),
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
  ];
  return new Uint8Array(bytes);
}
