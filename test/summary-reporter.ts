import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints the plain closing line CI reads ("N passed, N failed, N skipped") after vitest's own
 * report, and lists every skipped test with its reason so a skip is never silent.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const skips: string[] = [];
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else {
          skipped++;
          skips.push(`${test.fullName}${test.options.mode === 'todo' ? ' (todo)' : ''}`);
        }
      }
      if (mod.state() === 'failed' && mod.children.size === 0) failed++;
    }
    if (skips.length) process.stdout.write(`\nskipped:\n${skips.map((s) => `  - ${s}`).join('\n')}\n`);
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
