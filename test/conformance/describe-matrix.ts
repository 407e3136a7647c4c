// The matrix inside `npm test`: one vitest test per cell, so the summary line counts them; a cell that
// Cognito or the client cannot support is a skipped test named with its reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, cellsFor, notApplicable } from './matrix.ts';
import { type ConformanceSession, startConformanceSession } from './runner.ts';

export function describeMatrix(browser: Browser): void {
  const cells = cellsFor([browser]);
  let session: ConformanceSession | undefined;

  beforeAll(async () => {
    session = await startConformanceSession(cells.filter((c) => !notApplicable(c.row, c.pool)));
  });
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
      it(name, async () => {
        if (!session) throw new Error('conformance session did not start');
        const outcome = await session.run(cell);
        expect(outcome.result, outcome.reason).toBe('pass');
      });
    }
  });
}
