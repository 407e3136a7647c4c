// The matrix inside `npm test`: the cells run once (two at a time, as `npm run conformance` does) before
// the tests, then one vitest test per cell reports its outcome, so the summary line counts them; a cell
// that Cognito or the client cannot support is a skipped test named with its reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type CellOutcome, cellsFor, notApplicable } from './matrix.ts';
import { type ConformanceSession, DEFAULT_CONCURRENCY, runCells, startConformanceSession } from './runner.ts';

/** The whole Chromium matrix takes minutes on a loaded 2-core machine. */
const MATRIX_TIMEOUT_MS = 20 * 60_000;

/** CONFORMANCE_ONLY=<text> keeps the cells whose row key, flow, pool or browser contains it. */
const only = process.env.CONFORMANCE_ONLY;

export function describeMatrix(browser: Browser): void {
  const cells = cellsFor(
    [browser],
    only ? (c) => `${c.row.key} ${c.row.flow} ${c.pool.key} ${c.browser}`.includes(only) : undefined,
  );
  const applicable = cells.filter((c) => !notApplicable(c.row, c.pool));
  let session: ConformanceSession | undefined;
  const outcomes = new Map<(typeof cells)[number], CellOutcome>();

  beforeAll(async () => {
    session = await startConformanceSession(applicable);
    const results = await runCells(session, applicable, { concurrency: DEFAULT_CONCURRENCY });
    applicable.forEach((cell, i) => {
      const outcome = results[i];
      if (outcome) outcomes.set(cell, outcome);
    });
  }, MATRIX_TIMEOUT_MS);
  afterAll(async () => {
    await session?.close();
  });

  describe(`conformance matrix in ${browser}`, () => {
    for (const cell of cells) {
      const name = `${cell.row.label} · ${cell.pool.key}`;
      const na = notApplicable(cell.row, cell.pool);
      if (na) {
        it.skip(`${name} (n/a: ${na})`, () => {});
        continue;
      }
      it(name, () => {
        const outcome = outcomes.get(cell);
        expect(outcome, 'the cell did not run').toBeDefined();
        expect(outcome?.result, outcome?.reason).toBe('pass');
      });
    }
  });
}
