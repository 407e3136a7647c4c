// Sets up the matrix's world once — one emulator seeded with every column's pool, the three client
// sites, one browser of each kind with the extension and the sites enabled — and runs cells in it.
import { startEmulator } from '../../emulator/index.ts';
import { sdkClient, TestClock, TotpCodes } from '../support/cognito-fixtures.ts';
import { type BrowserUnderTest, launchBrowserUnderTest } from './browsers.ts';
import { runCell, type World } from './lifecycle.ts';
import { type Browser, type Cell, type CellOutcome, type Client, POOLS } from './matrix.ts';
import { conformanceSeed, enableRotation } from './seed.ts';
import { startConformanceSites } from './sites.ts';

/** Two cells at a time: pages mostly wait on SRP and the loopback; more only crowds a 2-core machine. */
export const DEFAULT_CONCURRENCY = 2;

export interface MatrixReport {
  cells: CellOutcome[];
  passed: number;
  failed: number;
  notApplicable: number;
}

export interface ConformanceSession {
  run(cell: Cell): Promise<CellOutcome>;
  close(): Promise<void>;
}

export async function startConformanceSession(cells: readonly Cell[]): Promise<ConformanceSession> {
  const clock = new TestClock();
  const codes = new TotpCodes(clock);
  const { seed, totpSecret } = conformanceSeed(POOLS, cells);
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => {});
  };
  try {
    const emulator = await startEmulator({
      port: 0,
      seed,
      quiet: true,
      now: clock.now,
      // Pages sign TIMESTAMP with the real (or a shifted) clock while the emulator's test clock moves on.
      timestampSkewSeconds: 24 * 3600,
    });
    closers.push(() => emulator.close());
    const admin = sdkClient(emulator.url);
    closers.push(async () => admin.destroy());
    await enableRotation(admin, POOLS);
    const sites = await startConformanceSites(emulator.url);
    closers.push(() => sites.close());
    const world: World = {
      emulatorUrl: emulator.url,
      admin,
      totp: (secret) => codes.code(secret),
      totpSecret,
      pageUrl: (cell) =>
        sites.pageUrl(cell.row.client, cell.pool.key, cell.row.appClient, cell.row.managesDevices),
    };
    const browsers = new Map<Browser, BrowserUnderTest>();
    for (const name of new Set(cells.map((c) => c.browser))) {
      const browser = await launchBrowserUnderTest(name);
      closers.push(() => browser.close());
      for (const client of Object.keys(sites.urls) as Client[]) {
        await browser.enableSite(new URL(sites.urls[client]).origin);
      }
      if (cells.some((c) => c.browser === name && c.row.managesDevices))
        await browser.enableSite(new URL(sites.managesDevicesUrl).origin);
      browsers.set(name, browser);
    }
    return {
      run(cell) {
        const browser = browsers.get(cell.browser);
        if (!browser) throw new Error(`no ${cell.browser} in this session`);
        return runCell(browser, world, cell);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

export function summarize(cells: CellOutcome[]): MatrixReport {
  return {
    cells,
    passed: cells.filter((c) => c.result === 'pass').length,
    failed: cells.filter((c) => c.result === 'fail').length,
    notApplicable: cells.filter((c) => c.result === 'n/a').length,
  };
}

/**
 * Runs cells `concurrency` at a time. Cells of one pool and browser share a lane and run one after the
 * other: the pages of one app client share the origin's storage, so two of them at once would sign
 * each other out. Outcomes come back in the order of `cells`.
 */
export async function runCells(
  session: ConformanceSession,
  cells: readonly Cell[],
  options: { concurrency?: number; onCell?: (outcome: CellOutcome) => void } = {},
): Promise<CellOutcome[]> {
  const lanes = new Map<string, number[]>();
  cells.forEach((cell, index) => {
    const key = `${cell.browser}|${cell.pool.key}`;
    lanes.set(key, [...(lanes.get(key) ?? []), index]);
  });
  const queue = [...lanes.values()];
  const outcomes: CellOutcome[] = new Array(cells.length);
  const worker = async () => {
    for (let lane = queue.shift(); lane; lane = queue.shift()) {
      for (const index of lane) {
        const outcome = await session.run(cells[index]!);
        outcomes[index] = outcome;
        options.onCell?.(outcome);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, worker));
  return outcomes;
}

export async function runMatrix(
  cells: readonly Cell[],
  options: { concurrency?: number; onCell?: (outcome: CellOutcome) => void } = {},
): Promise<MatrixReport> {
  const session = await startConformanceSession(cells);
  try {
    return summarize(await runCells(session, cells, options));
  } finally {
    await session.close();
  }
}
