// `npm run conformance [-- --json] [--browser chromium|firefox] [--only <text>]`: runs the matrix
// through the built extension (npm run build:test first) and prints the table, or with --json exactly
// one JSON object {cells, passed, failed, notApplicable}. Exit status 1 when any cell fails.
import { parseArgs } from 'node:util';
import { type Browser, cellsFor } from './matrix.ts';
import { formatTable } from './report.ts';
import { runMatrix } from './runner.ts';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    browser: { type: 'string', multiple: true },
    only: { type: 'string' },
  },
});
const browsers: Browser[] = values.browser?.length
  ? values.browser.map((b) => {
      if (b !== 'chromium' && b !== 'firefox')
        throw new Error(`--browser must be chromium or firefox, not ${b}`);
      return b;
    })
  : ['chromium', 'firefox'];
const only = values.only;
const cells = cellsFor(
  browsers,
  only ? (c) => `${c.row.key} ${c.row.flow} ${c.pool.key} ${c.browser}`.includes(only) : undefined,
);

const started = Date.now();
const report = await runMatrix(cells, (cell) => {
  if (!values.json) {
    const mark = cell.result === 'pass' ? '✓' : cell.result === 'fail' ? '✗' : '-';
    process.stderr.write(
      `${mark} ${cell.browser} ${cell.client} ${cell.flow} ${cell.pool}${cell.result === 'fail' ? `: ${cell.reason}` : ''}\n`,
    );
  }
});
if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
else {
  process.stdout.write(`${formatTable(report)}\n`);
  process.stdout.write(`(${cells.length} cells in ${Math.round((Date.now() - started) / 1000)} s)\n`);
}
process.exitCode = report.failed > 0 ? 1 : 0;
