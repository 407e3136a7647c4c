// The tour's HTML report: one page, every step with its narration, timing and screenshot.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderTourReport, writeTourReport } from '../../demo/tour/report.ts';
import type { TourOutcome } from '../../demo/tour/tour.ts';

const context = {
  browser: 'chromium',
  siteUrl: 'http://127.0.0.1:8501/',
  emulatorUrl: 'http://127.0.0.1:8500',
  totalMs: 4321,
  finishedAt: new Date('2026-12-01T12:00:00Z'),
};

const stepsOf = (html: string) => [...html.matchAll(/<li class="step ([a-z-]+)" data-step="(\d+)">/g)];

describe('tour report', () => {
  it('lists every step with its detail, time and screenshot linked by file name', () => {
    const outcome: TourOutcome = {
      steps: 2,
      titles: ['Enable the site', 'Sign out'],
      results: [
        {
          title: 'Enable the site',
          ok: true,
          ms: 120,
          detail: 'enabled',
          screenshot: 'demo-output/chromium-01-popup.png',
        },
        { title: 'Sign out', ok: true, ms: 30, detail: 'signed-out' },
      ],
    };
    const html = renderTourReport([{ outcome, context }]);
    expect(stepsOf(html).map((m) => m[1])).toEqual(['ok', 'ok']);
    expect(html).toContain('<img src="chromium-01-popup.png"');
    expect(html).not.toContain('src="demo-output/');
    expect(html).toContain('120 ms');
    expect(html).toContain('Tour complete: 2 of 2 steps behaved as expected in 4.3 s');
    expect(html.match(/<img /g)).toHaveLength(1);
  });

  it('marks the failed step and the steps it kept from running, and says the tour failed', () => {
    const outcome: TourOutcome = {
      steps: 3,
      titles: ['One', 'Two', 'Three'],
      results: [
        { title: 'One', ok: true, ms: 10, detail: 'fine' },
        {
          title: 'Two',
          ok: false,
          ms: 20,
          detail: 'expected an MFA prompt',
          screenshot: '/x/chromium-02-failed.png',
        },
      ],
    };
    const html = renderTourReport([{ outcome, context }]);
    expect(stepsOf(html).map((m) => m[1])).toEqual(['ok', 'failed', 'not-run']);
    expect(html).toContain('Tour FAILED: 1 of 3 steps');
    expect(html).toContain('src="chromium-02-failed.png"');
  });

  it('escapes narration, so a page error cannot inject markup into the report', () => {
    const outcome: TourOutcome = {
      steps: 1,
      titles: ['<b>title</b>'],
      results: [
        { title: '<b>title</b>', ok: false, ms: 1, detail: 'error "<script>alert(1)</script>" & more' },
      ],
    };
    const html = renderTourReport([{ outcome, context }]);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>title</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&amp; more');
  });

  it('writes index.html into the output folder and returns its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tour-report-'));
    try {
      const outcome: TourOutcome = { steps: 0, titles: [], results: [] };
      const path = writeTourReport(dir, outcome, context);
      expect(path).toBe(join(dir, 'index.html'));
      expect(readFileSync(path, 'utf8')).toContain('<!doctype html>');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps one section per browser when both tours write to one folder, the latest run of each', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tour-report-'));
    const run = (detail: string): TourOutcome => ({
      steps: 1,
      titles: ['Sign out'],
      results: [{ title: 'Sign out', ok: true, ms: 5, detail }],
    });
    try {
      writeTourReport(dir, run('first chromium run'), context);
      writeTourReport(dir, run('firefox run'), { ...context, browser: 'firefox' });
      const path = writeTourReport(dir, run('second chromium run'), context);
      const html = readFileSync(path, 'utf8');
      expect([...html.matchAll(/<section class="run" data-browser="(\w+)">/g)].map((m) => m[1])).toEqual([
        'chromium',
        'firefox',
      ]);
      expect(html).toContain('second chromium run');
      expect(html).toContain('firefox run');
      expect(html).not.toContain('first chromium run');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
