// `npm run conformance [-- --json] [--browser chromium|firefox] [--only <text>] [--concurrency N]`:
// runs the matrix through the built extension (npm run build:test first) and prints the table, or with
// --json exactly one JSON object {cells, passed, failed, notApplicable}. Exit status 1 when a cell fails.
import { parseArgs } from 'node:util';
import { type Browser, type CellOutcome, cellsFor } from './matrix.ts';
import { formatTable } from './report.ts';
import { DEFAULT_CONCURRENCY, runMatrix } from './runner.ts';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    browser: { type: 'string', multiple: true },
    only: { type: 'string' },
    concurrency: { type: 'string', default: String(DEFAULT_CONCURRENCY) },
  },
});

function browserName(value: string): Browser {
  if (value !== 'chromium' && value !== 'firefox') {
    throw new Error(`--browser must be chromium or firefox, not ${value}`);
  }
  return value;
}

const browsers: Browser[] = values.browser?.length
  ? values.browser.map(browserName)
  : ['chromium', 'firefox'];
const concurrency = Number(values.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1)
  throw new Error('--concurrency must be a positive integer');
const only = values.only;
const cells = cellsFor(
  browsers,
  only ? (c) => `${c.row.key} ${c.row.flow} ${c.pool.key} ${c.browser}`.includes(only) : undefined,
);

/** Progress on stderr, so stdout stays the table (or the one JSON object). */
function progress(cell: CellOutcome): void {
  const mark = cell.result === 'pass' ? '✓' : cell.result === 'fail' ? '✗' : '-';
  const why = cell.result === 'fail' ? `: ${cell.reason}` : '';
  process.stderr.write(`${mark} ${cell.browser} ${cell.client} ${cell.flow} ${cell.pool}${why}\n`);
}

const started = Date.now();
const report = await runMatrix(cells, { concurrency, ...(values.json ? {} : { onCell: progress }) });
if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
else {
  process.stdout.write(`${formatTable(report)}\n`);
  process.stdout.write(`(${cells.length} cells in ${Math.round((Date.now() - started) / 1000)} s)\n`);
}
process.exitCode = report.failed > 0 ? 1 : 0;
