// The modexps of the device SRP's critical path, timed on this project's BigInt code (its fixed-base
// combs built) and on the WebAssembly Montgomery multiplier (src/srp/wasm-modpow.ts, same algorithms).
// Bundled into a loopback page by srp-wasm.bench.ts for Chromium and Firefox, and imported by it
// directly for Node. Each iteration runs both implementations on the same fresh operands, round-robin,
// and compares their results.
import { powG, prepareFixedBaseTable, resetFixedBaseTables } from '../../src/srp/deterministic.ts';
import { k, modPow, N } from '../../src/srp/index.ts';
import { createWasmModPow, type WasmModPow } from '../../src/srp/wasm-modpow.ts';

export interface Stat {
  median: number;
  min: number;
  max: number;
}
export const MEASURES = [
  'fixedBaseA',
  'fixedBaseX',
  'variableBase',
  'criticalPath',
  'variableBase3072',
  'multiplyUs',
] as const;
export type Measure = (typeof MEASURES)[number];
export const IMPLS = ['bigint', 'wasm', 'wasmScalar'] as const;
/** wasm: the SIMD kernel (what createWasmModPow picks); wasmScalar: the scalar one. */
export type Impl = (typeof IMPLS)[number];
export interface ModexpBenchResult {
  userAgent: string;
  /** A page's timer is precise only when cross-origin isolated (Firefox: 1 ms otherwise). */
  crossOriginIsolated: boolean;
  iterations: number;
  warmup: number;
  /** Wrong results of the WebAssembly code against BigInt (must be 0, or the timings mean nothing). */
  mismatches: number;
  /** One-time costs: compiling and instantiating the SIMD module; building the g = 2 combs (both sizes). */
  setupMs: { wasmInstantiate: number; bigintTables: number; wasmTables: number };
  results: Record<Impl, Record<Measure, Stat>>;
  /** bigint median / wasm median: how many times faster the WebAssembly (SIMD) code is. */
  speedup: Record<Measure, number>;
  /** The same for the scalar kernel. */
  speedupScalar: Record<Measure, number>;
  /** bigint min / wasm min (SIMD): less sensitive to a busy machine than the medians. */
  speedupOfMinimums: Record<Measure, number>;
}

const random = (bytes: number): bigint => {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  let hex = '';
  for (const b of buf) hex += b.toString(16).padStart(2, '0');
  return BigInt(`0x${hex}`);
};

function stat(xs: number[]): Stat {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { median: round(median), min: round(s[0]!), max: round(s[s.length - 1]!) };
}

const SQUARINGS = 200;

export async function runModexpBench(iterations: number, warmup: number): Promise<ModexpBenchResult> {
  let t = performance.now();
  const wasm = await createWasmModPow(N, 'simd');
  const wasmInstantiate = performance.now() - t;
  const scalar = await createWasmModPow(N, 'scalar');
  resetFixedBaseTables();
  t = performance.now();
  prepareFixedBaseTable();
  const bigintTables = performance.now() - t;
  t = performance.now();
  const wasmLong = wasm.fixedBase(2n, 1024);
  const wasmShort = wasm.fixedBase(2n, 256);
  const wasmTables = performance.now() - t;
  const scalarLong = scalar.fixedBase(2n, 1024);
  const scalarShort = scalar.fixedBase(2n, 256);

  type Ops = Record<Measure, () => bigint>;
  const wasmOps =
    (w: WasmModPow, long: (e: bigint) => bigint, short: (e: bigint) => bigint) =>
    (x: Input): Ops => ({
      fixedBaseA: () => long(x.a),
      fixedBaseX: () => short(x.x),
      variableBase: () => w.modPow(x.base, x.e),
      criticalPath: () => {
        const base = (((x.B - k * short(x.x)) % N) + N) % N;
        return w.modPow(base, x.e);
      },
      variableBase3072: () => w.modPow(x.base, x.e3072),
      multiplyUs: () => w.squarings(x.base, SQUARINGS),
    });
  const impls: Record<Impl, (input: Input) => Ops> = {
    bigint: (x) => ({
      fixedBaseA: () => powG(x.a),
      fixedBaseX: () => powG(x.x),
      variableBase: () => modPow(x.base, x.e, N),
      criticalPath: () => {
        const base = (((x.B - k * powG(x.x)) % N) + N) % N;
        return modPow(base, x.e, N);
      },
      variableBase3072: () => modPow(x.base, x.e3072, N),
      multiplyUs: () => {
        let r = x.base;
        for (let i = 0; i < SQUARINGS; i++) r = (r * r) % N;
        return r;
      },
    }),
    wasm: wasmOps(wasm, wasmLong, wasmShort),
    wasmScalar: wasmOps(scalar, scalarLong, scalarShort),
  };
  interface Input {
    a: bigint;
    x: bigint;
    e: bigint;
    e3072: bigint;
    B: bigint;
    base: bigint;
  }
  const samples = Object.fromEntries(
    IMPLS.map((impl) => [impl, Object.fromEntries(MEASURES.map((m) => [m, []]))]),
  ) as unknown as Record<Impl, Record<Measure, number[]>>;
  let mismatches = 0;
  for (let i = 0; i < warmup + iterations; i++) {
    // a: 128 random bytes as createClientEphemeral; x, u: SHA-256 outputs; e = a + u·x as the device step
    const a = random(128);
    const x = random(32);
    const u = random(32);
    const B = random(384) % N;
    const input: Input = { a, x, e: a + u * x, e3072: random(384), B, base: random(384) % N };
    const order: Impl[] = i % 2 ? [...IMPLS].reverse() : [...IMPLS];
    for (const measure of MEASURES) {
      const out: Partial<Record<Impl, bigint>> = {};
      for (const impl of order) {
        const run = impls[impl](input)[measure];
        const start = performance.now();
        out[impl] = run();
        const ms = performance.now() - start;
        if (i >= warmup) samples[impl][measure].push(measure === 'multiplyUs' ? (ms * 1000) / SQUARINGS : ms);
      }
      if (out.bigint !== out.wasm || out.bigint !== out.wasmScalar) mismatches++;
    }
  }
  const results = Object.fromEntries(
    IMPLS.map((impl) => [impl, Object.fromEntries(MEASURES.map((m) => [m, stat(samples[impl][m])]))]),
  ) as Record<Impl, Record<Measure, Stat>>;
  const speedupOf = (impl: Impl, by: keyof Stat = 'median') =>
    Object.fromEntries(
      MEASURES.map((m) => [m, Math.round((results.bigint[m][by] / results[impl][m][by]) * 100) / 100]),
    ) as Record<Measure, number>;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    userAgent:
      typeof process !== 'undefined' && process.versions?.node
        ? `Node ${process.version}`
        : navigator.userAgent,
    crossOriginIsolated: typeof crossOriginIsolated === 'boolean' ? crossOriginIsolated : true,
    iterations,
    warmup,
    mismatches,
    setupMs: {
      wasmInstantiate: round(wasmInstantiate),
      bigintTables: round(bigintTables),
      wasmTables: round(wasmTables),
    },
    results,
    speedup: speedupOf('wasm'),
    speedupScalar: speedupOf('wasmScalar'),
    speedupOfMinimums: speedupOf('wasm', 'min'),
  };
}
