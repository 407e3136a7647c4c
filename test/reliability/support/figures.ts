// Each reliability suite counts its own cases and writes them here; scripts/report-reliability.ts
// reads these files, so every figure in the report comes from a run, never from a constant.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIGURES_DIR, type SuiteFigures } from '../../../dev/reliability-figures.ts';

export { FIGURES_DIR, type SuiteFigures };

export class Tally {
  cases = 0;
  passed = 0;
  readonly failures: string[] = [];
  readonly details: Record<string, number | string> = {};

  /** Runs one case; a thrown assertion counts as a failure and is rethrown for vitest. */
  async check<T>(name: string, work: () => Promise<T>): Promise<T> {
    this.cases++;
    try {
      const out = await work();
      this.passed++;
      return out;
    } catch (error) {
      this.failures.push(`${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      throw error;
    }
  }

  write(suite: string): void {
    mkdirSync(FIGURES_DIR, { recursive: true });
    const figures: SuiteFigures = {
      suite,
      cases: this.cases,
      passed: this.passed,
      failures: this.failures.slice(0, 20),
      details: this.details,
    };
    writeFileSync(join(FIGURES_DIR, `${suite}.json`), `${JSON.stringify(figures, null, 2)}\n`);
    process.stdout.write(
      `[reliability] ${suite}: ${this.passed}/${this.cases} passed ${JSON.stringify(this.details)}\n`,
    );
  }
}
