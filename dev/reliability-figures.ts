// Where the reliability suites leave their counts and what one file holds: written by the suites
// (test/reliability/support/figures.ts), read by scripts/report-reliability.ts.
import { join } from 'node:path';

export const FIGURES_DIR = join(process.cwd(), 'test-results', 'reliability');

export interface SuiteFigures {
  suite: string;
  /** Cases run and cases that met every invariant. */
  cases: number;
  passed: number;
  failures: string[];
  /** Suite-specific numbers (e.g. generated inputs, stop points), printed as they are. */
  details: Record<string, number | string>;
}
