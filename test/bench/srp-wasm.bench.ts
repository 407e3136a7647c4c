// `npm run bench:srp-wasm [-- --iterations n] [-- --targets node,chromium,firefox]`: the device SRP's
// modexps (fixed-base g^a and g^x, variable-base (B - k·g^x)^(a + u·x) with the exponent the device step
// uses, and a 3072-bit exponent) on this project's BigInt code versus the WebAssembly Montgomery
// multiplier, in Chromium and Firefox (a page on a loopback server) and in Node for reference.
// srp-wasm-page.ts does the timing. Prints a table, or with `-- --json` one JSON object on stdout
// (progress on stderr); the adoption rule (WebAssembly ≥ 2× faster than BigInt in both browsers) is
// judged on `criticalPath`. Never fails on numbers.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { findChromium, findFirefox } from '../../dev/find-browser.ts';
import { benchPageScript } from './page-script.ts';
import { type Impl, MEASURES, type ModexpBenchResult, runModexpBench } from './srp-wasm-page.ts';

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const iterations = Math.max(30, Number(args[args.indexOf('--iterations') + 1]) || 30);
const WARMUP = 5;
type Target = 'node' | 'chromium' | 'firefox';
const targets = (
  args.includes('--targets') ? (args[args.indexOf('--targets') + 1] ?? '') : 'node,chromium,firefox'
)
  .split(',')
  .filter((t): t is Target => t === 'node' || t === 'chromium' || t === 'firefox');
const log = (line: string) => process.stderr.write(`${line}\n`);

/** srp-wasm-page.ts as one classic script exposing `srpWasmBench.runModexpBench`. */
function pageScript(): Promise<string> {
  return benchPageScript('./srp-wasm-page.ts', 'srpWasmBench');
}

/**
 * A loopback server for the page and its script. Cross-origin isolated, because Firefox rounds
 * performance.now() to whole milliseconds otherwise (isolated: 20 µs); no CSP, a web page needs none
 * for WebAssembly.
 */
async function serve(script: string): Promise<{ url: string; close: () => Promise<void> }> {
  const isolated = {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
  };
  const server = createServer((req, res) => {
    if (req.url === '/bench.js') {
      res.writeHead(200, { ...isolated, 'content-type': 'text/javascript' }).end(script);
    } else {
      res
        .writeHead(200, { ...isolated, 'content-type': 'text/html' })
        .end('<!doctype html><title>modexp bench</title><script src="/bench.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

declare const srpWasmBench: { runModexpBench: typeof runModexpBench };
const inPage = ([n, w]: [number, number]) => srpWasmBench.runModexpBench(n, w);

async function inChromium(url: string): Promise<ModexpBenchResult> {
  const browser = await chromium.launch({ executablePath: findChromium(), headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    return await page.evaluate(inPage, [iterations, WARMUP] as [number, number]);
  } finally {
    await browser.close();
  }
}

async function inFirefox(url: string): Promise<ModexpBenchResult> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: true,
    protocolTimeout: 30 * 60_000,
  });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    return await page.evaluate(inPage, [iterations, WARMUP] as [number, number]);
  } finally {
    await browser.close();
  }
}

const loadBefore = loadavg().map((l) => Math.round(l * 100) / 100);
const server = targets.some((t) => t !== 'node') ? await serve(await pageScript()) : undefined;
const results: Partial<Record<Target, ModexpBenchResult & { loadAverage1m: number }>> = {};
try {
  for (const target of targets) {
    log(`${target}: ${WARMUP} warm-up + ${iterations} measured iterations ...`);
    const run =
      target === 'node'
        ? () => runModexpBench(iterations, WARMUP)
        : target === 'chromium'
          ? () => inChromium(server!.url)
          : () => inFirefox(server!.url);
    const result = await run();
    results[target] = { ...result, loadAverage1m: Math.round(loadavg()[0]! * 100) / 100 };
    const s = result.speedup;
    log(
      `${target}: criticalPath ${result.results.bigint.criticalPath.median} ms BigInt vs ` +
        `${result.results.wasm.criticalPath.median} ms wasm (${s.criticalPath}×), fixedBaseA ${s.fixedBaseA}×, ` +
        `variableBase ${s.variableBase}×, one multiplication ${s.multiplyUs}× (scalar kernel: criticalPath ` +
        `${result.speedupScalar.criticalPath}×), mismatches ${result.mismatches}`,
    );
  }
} finally {
  await server?.close();
}
const browsers = (['chromium', 'firefox'] as const).filter((b) => results[b]);
const adopt =
  browsers.length === 2 &&
  browsers.every((b) => results[b]!.mismatches === 0 && results[b]!.speedup.criticalPath >= 2);
const summary = {
  iterations,
  warmup: WARMUP,
  loadAverageBefore: loadBefore,
  loadAverageAfter: loadavg().map((l) => Math.round(l * 100) / 100),
  results,
  rule: 'adopt only if the WebAssembly (SIMD) criticalPath is ≥ 2× faster than BigInt in both Chromium and Firefox',
  adopt,
};
if (asJson) process.stdout.write(`${JSON.stringify(summary)}\n`);
else {
  console.log(
    `median ms per operation (multiplyUs: µs per 3072-bit modular multiplication), load ${loadBefore.join(' ')}`,
  );
  for (const [target, r] of Object.entries(results)) {
    console.log(`\n${target} (${r.userAgent}), load average ${r.loadAverage1m}, mismatches ${r.mismatches}`);
    console.log(
      'measure            bigint    wasm simd  wasm scalar  simd speed-up  scalar speed-up  simd, of minimums',
    );
    for (const m of MEASURES) {
      const cell = (impl: Impl) => r.results[impl][m].median.toFixed(3).padStart(9);
      console.log(
        `${m.padEnd(17)} ${cell('bigint')} ${cell('wasm')} ${cell('wasmScalar')}   ${r.speedup[m].toFixed(2).padStart(10)}×  ${r.speedupScalar[m].toFixed(2).padStart(13)}×  ${r.speedupOfMinimums[m].toFixed(2).padStart(16)}×`,
      );
    }
  }
  console.log(`\n${summary.rule}: ${adopt ? 'met, adopt' : 'not met, do not adopt'}`);
}
