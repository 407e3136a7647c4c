import { Code, mulModule, negInverse, op, simd, type } from './wasm-encoding.ts';

/**
 * WebAssembly modules, emitted here byte by byte, that multiply in Montgomery form modulo one fixed odd
 * modulus m: `mul(r, a, b)` stores a·b·R⁻¹ mod m at r, where a, b, r are byte offsets of little-endian
 * limb arrays (one u32 per limb) in the module's memory and R = 2^(limbBits·limbs). r may alias a or b.
 * The modulus limbs and -m⁻¹ mod 2^limbBits are baked into the code as constants; the inner loops are
 * fully unrolled; the accumulator t sits at byte 0, operands from `operandsOffset` on.
 */
export interface MontgomeryKernel {
  readonly name: 'scalar' | 'simd';
  readonly limbBits: number;
  readonly limbs: number;
  readonly operandsOffset: number;
  readonly bytes: Uint8Array<ArrayBuffer>;
}

function limbsOf(m: bigint, limbBits: number, limbs: number): bigint[] {
  const mask = (1n << BigInt(limbBits)) - 1n;
  return Array.from({ length: limbs }, (_, j) => (m >> BigInt(limbBits * j)) & mask);
}

function checkModulus(m: bigint): void {
  if ((m & 1n) === 0n || m <= 1n) throw new Error('Montgomery modulus must be odd and > 1');
}

/**
 * 32-bit limbs in i64 accumulators (WebAssembly has no 64×64→128 multiply), CIOS with the
 * multiplication and reduction fused: one pass over the limbs per limb of b. Operands < m; the result
 * < m (one conditional subtraction at the end).
 */
export function scalarKernel(m: bigint): MontgomeryKernel {
  checkModulus(m);
  const limbs = Math.ceil(m.toString(16).length / 8);
  const operandsOffset = 8 * Math.ceil((4 * (limbs + 2)) / 8) + 64;
  const mLimbs = limbsOf(m, 32, limbs);
  const n0 = negInverse(m, 32);
  const T = 0;
  // Params r=0, a=1, b=2; locals bi=3, q=4, s=5, c1=6, c2=7 (i64), bEnd=8 (i32).
  const [R, A, B, BI, Q, S, C1, C2, BEND] = [0, 1, 2, 3, 4, 5, 6, 7, 8] as const;
  const c = new Code();
  const load32 = (offset: number) => c.mem(op.i64Load32u, 2, offset);
  const store32 = (offset: number) => c.mem(op.i64Store32, 2, offset);

  for (let w = 0; w < Math.ceil((limbs + 2) / 2); w++)
    c.i32(0)
      .i64(0n)
      .mem(op.i64Store, 3, T + 8 * w);
  c.get(B)
    .i32(4 * limbs)
    .emit(op.i32Add)
    .set(BEND);
  c.emit(op.loop, type.void);
  c.get(B);
  load32(0);
  c.set(BI);
  // j = 0: s = t0 + a0·bi; c1 = s >> 32; q = lo(s)·n0 mod 2³²; c2 = (lo(s) + q·m0) >> 32
  c.i32(0);
  load32(T);
  c.get(A);
  load32(0);
  c.get(BI).emit(op.i64Mul, op.i64Add).tee(S).shr(32).set(C1);
  c.get(S).low(32).tee(S).i64(n0).emit(op.i64Mul).low(32).tee(Q).i64(mLimbs[0]!).emit(op.i64Mul);
  c.get(S).emit(op.i64Add).shr(32).set(C2);
  for (let j = 1; j < limbs; j++) {
    // s = t[j] + a[j]·bi + c1; c1 = s >> 32; s = lo(s) + q·m[j] + c2; c2 = s >> 32; t[j-1] = lo(s)
    c.i32(0);
    load32(T + 4 * j);
    c.get(A);
    load32(4 * j);
    c.get(BI).emit(op.i64Mul, op.i64Add).get(C1).emit(op.i64Add).tee(S).shr(32).set(C1);
    c.i32(0).get(S).low(32).get(Q).i64(mLimbs[j]!).emit(op.i64Mul, op.i64Add).get(C2).emit(op.i64Add).tee(S);
    store32(T + 4 * (j - 1));
    c.get(S).shr(32).set(C2);
  }
  // s = t[L] + c1; c1 = s >> 32; s = lo(s) + c2; t[L-1] = lo(s); t[L] = (s >> 32) + c1
  c.i32(0);
  load32(T + 4 * limbs);
  c.get(C1).emit(op.i64Add).tee(S).shr(32).set(C1);
  c.i32(0).get(S).low(32).get(C2).emit(op.i64Add).tee(S);
  store32(T + 4 * (limbs - 1));
  c.i32(0).get(S).shr(32).get(C1).emit(op.i64Add);
  store32(T + 4 * limbs);
  c.get(B).i32(4).emit(op.i32Add).tee(B).get(BEND).emit(op.i32Ne, op.brIf, 0, op.end);

  // r = t - m with the borrow in c1; then, if t < m (its top word below the borrow), r = t
  c.i64(0n).set(C1);
  for (let j = 0; j < limbs; j++) {
    c.get(R).i32(0);
    load32(T + 4 * j);
    c.i64(mLimbs[j]!).emit(op.i64Sub).get(C1).emit(op.i64Sub).tee(S);
    store32(4 * j);
    c.get(S).shr(63).set(C1);
  }
  c.i32(0);
  load32(T + 4 * limbs);
  c.get(C1).emit(op.i64LtU, op.if, type.void);
  for (let j = 0; j < limbs; j++) {
    c.get(R).i32(0);
    load32(T + 4 * j);
    store32(4 * j);
  }
  c.emit(op.end);

  const bytes = mulModule(
    [
      [5, type.i64],
      [1, type.i32],
    ],
    c,
    1,
  );
  return { name: 'scalar', limbBits: 32, limbs, operandsOffset, bytes };
}

/**
 * 28-bit limbs, two lanes at a time with SIMD (i64x2.extmul_low/high_i32x4_u: four 32×32→64 products
 * from one load of four limbs), carries deferred: t holds one i64 per output position (2·limbs of them)
 * and the products of all rounds are added there unreduced (each < 2^56, at most 2·limbs ≤ 254 per
 * position, so no i64 overflows); only the running position carries, to get q. R = 2^(28·limbs) ≥ 4m,
 * so operands and result stay in [0, 2m) and no final subtraction is needed (the caller reduces
 * once when it leaves Montgomery form).
 */
export function simdKernel(m: bigint): MontgomeryKernel {
  checkModulus(m);
  const BITS = 28;
  let limbs = Math.ceil((m.toString(2).length + 2) / BITS);
  if (limbs % 2 === 0) limbs++; // limbs - 1 even: groups of four limbs plus at most one pair
  if (2 * limbs > 254) throw new Error('modulus too wide for the deferred-carry kernel');
  const mLimbs = limbsOf(m, BITS, limbs).map(Number);
  const n0 = negInverse(m, BITS);
  const T = 0;
  const operandsOffset = 16 * Math.ceil((8 * (2 * limbs + 2)) / 16) + 64;
  // Params r=0, a=1, b=2; locals bi=3, q=4, s=5, c=6 (i64), tp=7, bEnd=8 (i32), bv=9, qv=10, av=11 (v128).
  const [R, A, B, BI, Q, S, C, TP, BEND, BV, QV, AV] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
  const c = new Code();
  for (let w = 0; w < limbs + 1; w++)
    c.i32(0)
      .v128([0, 0, 0, 0])
      .simdMem(simd.v128Store, 4, T + 16 * w);
  c.i64(0n).set(C).i32(T).set(TP);
  c.get(B)
    .i32(4 * limbs)
    .emit(op.i32Add)
    .set(BEND);
  c.emit(op.loop, type.void);
  c.get(B).mem(op.i64Load32u, 2, 0).set(BI);
  // position i: s = t[i] + a0·bi + c; q = lo(s)·n0 mod 2^28; c = (s + q·m0) >> 28
  c.get(TP).mem(op.i64Load, 3, 0);
  c.get(A).mem(op.i64Load32u, 2, 0).get(BI).emit(op.i64Mul, op.i64Add).get(C).emit(op.i64Add).tee(S);
  c.low(BITS).i64(n0).emit(op.i64Mul).low(BITS).tee(Q);
  c.i64(BigInt(mLimbs[0]!)).emit(op.i64Mul).get(S).emit(op.i64Add).shr(BITS).set(C);
  c.get(BI).emit(op.i32WrapI64).simd(simd.i32x4Splat).set(BV);
  c.get(Q).emit(op.i32WrapI64).simd(simd.i32x4Splat).set(QV);
  // positions i+j, j ≥ 1: t += a[j]·bi + m[j]·q, two lanes per instruction
  const pair = (j: number, high: boolean, mLanes: number[]) => {
    const mul = high ? simd.i64x2ExtmulHighI32x4U : simd.i64x2ExtmulLowI32x4U;
    const at = 8 * (j + (high ? 2 : 0));
    c.get(TP).get(TP).simdMem(simd.v128Load, 3, at);
    c.get(AV).get(BV).simd(mul).simd(simd.i64x2Add);
    c.v128(mLanes).get(QV).simd(mul).simd(simd.i64x2Add);
    c.simdMem(simd.v128Store, 3, at);
  };
  let j = 1;
  for (; j + 3 < limbs; j += 4) {
    const mLanes = mLimbs.slice(j, j + 4);
    c.get(A)
      .simdMem(simd.v128Load, 2, 4 * j)
      .set(AV);
    pair(j, false, mLanes);
    pair(j, true, mLanes);
  }
  if (j < limbs) {
    c.get(A)
      .simdMem(simd.v128Load64Zero, 2, 4 * j)
      .set(AV);
    pair(j, false, [...mLimbs.slice(j, j + 2), 0, 0]);
  }
  c.get(TP).i32(8).emit(op.i32Add).set(TP);
  c.get(B).i32(4).emit(op.i32Add).tee(B).get(BEND).emit(op.i32Ne, op.brIf, 0, op.end);
  // r = positions limbs … 2·limbs - 1, carried into 28-bit limbs
  for (let p = 0; p < limbs; p++) {
    c.get(R)
      .i32(0)
      .mem(op.i64Load, 3, T + 8 * (limbs + p))
      .get(C)
      .emit(op.i64Add)
      .tee(S)
      .low(BITS);
    c.mem(op.i64Store32, 2, 4 * p);
    c.get(S).shr(BITS).set(C);
  }
  const bytes = mulModule(
    [
      [4, type.i64],
      [2, type.i32],
      [3, type.v128],
    ],
    c,
    1,
  );
  return { name: 'simd', limbBits: BITS, limbs, operandsOffset, bytes };
}
