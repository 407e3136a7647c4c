// The matrix as people read it: one table per browser, rows = client · flow, columns = pools,
// ✓ / ✗ / n.a. in the cells, then every ✗ and n.a. with its reason.
import { type Browser, type CellOutcome, POOLS, ROWS } from './matrix.ts';
import type { MatrixReport } from './runner.ts';

const MARK = { pass: '✓', fail: '✗', 'n/a': 'n.a.' } as const;

export function formatTable(report: MatrixReport): string {
  const lines: string[] = [];
  const browsers = [...new Set(report.cells.map((c) => c.browser))] as Browser[];
  for (const browser of browsers) {
    const cells = report.cells.filter((c) => c.browser === browser);
    const pools = POOLS.filter((p) => cells.some((c) => c.pool === p.key));
    const rows = ROWS.filter((r) => cells.some((c) => c.client === r.client && c.flow === r.flow));
    const find = (client: string, flow: string, pool: string): CellOutcome | undefined =>
      cells.find((c) => c.client === client && c.flow === flow && c.pool === pool);
    lines.push(`### ${browser}`, '');
    lines.push(`| client · flow | ${pools.map((p) => p.key).join(' | ')} |`);
    lines.push(`| --- | ${pools.map(() => ':-:').join(' | ')} |`);
    for (const row of rows) {
      const marks = pools.map((p) => {
        const cell = find(row.client, row.flow, p.key);
        return cell ? MARK[cell.result] : '';
      });
      lines.push(`| ${row.label} | ${marks.join(' | ')} |`);
    }
    lines.push('');
  }
  const notes = report.cells.filter((c) => c.result !== 'pass');
  if (notes.length) {
    lines.push('Cells that are not ✓:', '');
    for (const c of notes) {
      lines.push(`- ${MARK[c.result]} ${c.browser} · ${c.client} · ${c.flow} · ${c.pool}: ${c.reason}`);
    }
    lines.push('');
  }
  lines.push(`${report.passed} passed, ${report.failed} failed, ${report.notApplicable} not applicable`);
  return lines.join('\n');
}
