// The tour's one-page report: every step's narration, timing, outcome and screenshot, written next to
// the screenshots as index.html so the folder can be opened, zipped or published as it is. A Chromium
// and a Firefox tour writing to the same folder each get their section.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { StepResult, TourOutcome } from './tour.ts';

export interface TourReportContext {
  browser: string;
  /** The demo site and emulator the tour ran against, shown in the header. */
  siteUrl: string;
  emulatorUrl: string;
  /** Whole tour, in milliseconds. */
  totalMs: number;
  finishedAt: Date;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Every step is listed: those after a failure as "not run", so the page shows how far the story got. */
function stepRows(outcome: TourOutcome, titles: readonly string[]): string {
  return titles
    .map((title, i) => {
      const result: StepResult | undefined = outcome.results[i];
      const verdict = result === undefined ? 'not-run' : result.ok ? 'ok' : 'failed';
      const mark = { ok: '✓', failed: '✗', 'not-run': '·' }[verdict];
      // Screenshots sit next to index.html: link them by file name so the folder can move.
      const image = result?.screenshot
        ? `<a href="${escapeHtml(basename(result.screenshot))}"><img src="${escapeHtml(basename(result.screenshot))}" alt="${escapeHtml(`Step ${i + 1}: ${title}`)}" loading="lazy"></a>`
        : '';
      return `<li class="step ${verdict}" data-step="${i + 1}">
  <h3><span class="mark" aria-label="${verdict}">${mark}</span> ${i + 1}. ${escapeHtml(title)}</h3>
  <p class="meta">${result ? `${result.ms} ms` : 'not run'}</p>
  ${result ? `<p class="detail">${escapeHtml(result.detail)}</p>` : ''}
  ${image}
</li>`;
    })
    .join('\n');
}

export interface TourRun {
  outcome: TourOutcome;
  context: TourReportContext;
}

function runSection(run: TourRun): string {
  const { outcome, context } = run;
  const passed = outcome.results.filter((r) => r.ok).length;
  const allOk = passed === outcome.results.length && outcome.results.length === outcome.titles.length;
  const summary = `${allOk ? 'Tour complete' : 'Tour FAILED'}: ${passed} of ${outcome.titles.length} steps behaved as expected in ${(context.totalMs / 1000).toFixed(1)} s`;
  return `<section class="run" data-browser="${escapeHtml(context.browser)}">
<h2 class="browser">${escapeHtml(context.browser)}</h2>
<p class="meta">headless · site ${escapeHtml(context.siteUrl)} · emulator ${escapeHtml(context.emulatorUrl)} · finished ${escapeHtml(context.finishedAt.toISOString())}</p>
<p class="summary ${allOk ? 'ok' : 'failed'}" data-testid="tour-summary">${escapeHtml(summary)}</p>
<ol>
${stepRows(outcome, outcome.titles)}
</ol>
</section>`;
}

/** One page for the runs (one per browser) whose screenshots share a folder. */
export function renderTourReport(runs: readonly TourRun[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Device Companion tour · ${escapeHtml(runs.map((r) => r.context.browser).join(', '))}</title>
<style>
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { max-width: 72rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.4; }
.meta { margin: 0.2rem 0; color: GrayText; font-variant-numeric: tabular-nums; }
.browser { text-transform: capitalize; margin-top: 2rem; }
.summary { font-size: 1.2rem; font-weight: 600; padding: 0.6rem 0.9rem; border-radius: 0.4rem; }
.summary.ok { background: #e6f4ea; color: #1e5b2f; }
.summary.failed { background: #fde7e9; color: #8a1c24; }
ol { list-style: none; padding: 0; }
.step { border-top: 1px solid #8884; padding: 1rem 0; }
.step h3 { font-size: 1.05rem; margin: 0; }
.step.ok .mark { color: #1e8e3e; }
.step.failed .mark { color: #c5221f; }
.step.not-run { opacity: 0.6; }
.detail { font-family: ui-monospace, monospace; font-size: 0.9rem; white-space: pre-wrap; }
.step img { max-width: 100%; max-height: 32rem; border: 1px solid #8886; border-radius: 0.3rem; }
</style>
</head>
<body>
<h1>Device Companion for Amazon Cognito: the guided tour</h1>
${runs.map(runSection).join('\n')}
</body>
</html>
`;
}

const RUN_FILE = /^tour-([a-z]+)\.json$/;

function readRun(path: string): TourRun | undefined {
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as TourRun & { context: { finishedAt: string } };
    return {
      outcome: raw.outcome,
      context: { ...raw.context, finishedAt: new Date(raw.context.finishedAt) },
    };
  } catch {
    return undefined; // a file of another version or a broken one: the page shows the runs it can read
  }
}

/**
 * Records this run as <outDir>/tour-<browser>.json and writes <outDir>/index.html for every run
 * recorded there, so the Chromium and Firefox tours of one folder (as CI runs them) share one page.
 * Returns the page's path.
 */
export function writeTourReport(outDir: string, outcome: TourOutcome, context: TourReportContext): string {
  writeFileSync(
    join(outDir, `tour-${context.browser}.json`),
    `${JSON.stringify({ outcome, context }, null, 2)}\n`,
  );
  const runs = readdirSync(outDir)
    .filter((name) => RUN_FILE.test(name))
    .sort()
    .flatMap((name) => readRun(join(outDir, name)) ?? []);
  const path = join(outDir, 'index.html');
  writeFileSync(path, renderTourReport(runs));
  return path;
}
