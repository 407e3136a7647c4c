// npm run report:reliability [-- --json] [-- --seconds 120]
// Runs the reliability suites (vitest project "reliability", the Chromium cases, then the load run), reads the figures
// each one wrote to test-results/reliability/*.json, and prints one table (or, with --json, one JSON
// object). Exits non-zero if any case failed or a suite wrote no figures.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FIGURES_DIR, type SuiteFigures } from '../dev/reliability-figures.ts';

const { values: args } = parseArgs({
  options: { json: { type: 'boolean', default: false }, seconds: { type: 'string', default: '120' } },
});
const EXPECTED = [
  'worker-restarts',
  'cognito-faults',
  'concurrency',
  'fuzz',
  'durability',
  'cross-site and settings attacks',
  'chromium',
  'firefox',
  'load',
];

rmSync(FIGURES_DIR, { recursive: true, force: true });
// Suite output goes to stderr so that --json leaves stdout to the one JSON object.
const run = (cmd: string, argv: string[]) =>
  spawnSync(cmd, argv, { stdio: ['ignore', process.stderr, process.stderr], env: process.env }).status ?? 1;
const vitestStatus = run('npx', ['vitest', 'run', '--project', 'reliability']);
// The browser cases need the test build (the extension with its pinned id, and the demo sites).
const browserStatus =
  run('npm', ['run', '-s', 'build:test']) ||
  run('npx', [
    'vitest',
    'run',
    '--project',
    'e2e',
    'test/e2e/reliability-chromium.test.ts',
    'test/e2e/reliability-firefox.test.ts',
  ]);
const loadStatus = run('npx', ['tsx', 'test/reliability/load.ts', '--seconds', args.seconds]);

const suites = new Map<string, SuiteFigures>();
if (existsSync(FIGURES_DIR)) {
  for (const file of readdirSync(FIGURES_DIR).filter((f) => f.endsWith('.json'))) {
    const figures = JSON.parse(readFileSync(join(FIGURES_DIR, file), 'utf8')) as SuiteFigures;
    suites.set(figures.suite, figures);
  }
}
const missing = EXPECTED.filter((s) => !suites.has(s));
const rows = [...suites.values()].sort((a, b) => EXPECTED.indexOf(a.suite) - EXPECTED.indexOf(b.suite));
const failed = rows.reduce((n, s) => n + (s.cases - s.passed), 0);
const ok =
  failed === 0 && missing.length === 0 && vitestStatus === 0 && browserStatus === 0 && loadStatus === 0;

if (args.json) {
  process.stdout.write(
    `${JSON.stringify({ ok, failed, missing, vitestStatus, browserStatus, loadStatus, suites: Object.fromEntries(suites) })}\n`,
  );
} else {
  const table = [
    ['suite', 'passed', 'cases', 'figures (from test-results/reliability/*.json)'],
    ...rows.map((s) => [
      s.suite,
      String(s.passed),
      String(s.cases),
      Object.entries(s.details)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
    ]),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...table.map((r) => r[i]?.length ?? 0)));
  const lines = table.map((r) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  '));
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  for (const s of rows) for (const f of s.failures) lines.push(`FAILED ${s.suite}: ${f}`);
  if (missing.length) lines.push(`no figures from: ${missing.join(', ')}`);
  lines.push(ok ? 'reliability: all cases passed' : `reliability: ${failed} case(s) failed`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
process.exitCode = ok ? 0 : 1;
