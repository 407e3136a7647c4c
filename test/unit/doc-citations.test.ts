// Every document a source file or doc cites exists in the repository, with the heading it names: a
// comment pointing at `docs/architecture.md#enrollment` breaks this test when the heading is renamed,
// and one pointing at a document that lives elsewhere (or numbered flows and issues of a tracker the
// repository does not have) is caught before it reaches a reader.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SELF = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(SELF), '../..');
const SCANNED_DIRS = [
  'background',
  'src',
  'popup',
  'extension',
  'emulator',
  'demo',
  'scripts',
  'test',
  '.ci',
  'docs',
];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'test-results', 'demo-output', 'fixtures', '.tmp']);
const TEXT_FILE = /\.(ts|tsx|js|mjs|cjs|md|html|css|sh)$|^run$/;
/**
 * Rewritten together with their code elsewhere; their comments still name the old documents.
 * Remove the entry once they cite docs/.
 */
/** `path/to/file.md` or `file.md#anchor`, not part of a URL. */
const MD_CITATION = /(?:[\w.-]+\/)*[\w.-]+\.md(?:#[\w-]+)?(?![\w-])/g;
/**
 * Numbered flows, or issues of no named tracker, point into documents and trackers the repository does
 * not hold. An issue of another project names it (`amplify-js issue 5623`, `aws/aws-sdk-js-v3#123`).
 */
const NUMBERED_REFERENCE = /(?<![-\w])(?:flows? \d|(?<![\w.]+[-/][\w.-]+ )issue #?\d)/gi;

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const heading = inFence ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading?.[1]) continue;
    anchors.add(
      heading[1]
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    );
  }
  return anchors;
}

interface Problem {
  file: string;
  cited: string;
  why: string;
}

/** The broken citations in one file's text. `read` returns a repository file's text, or undefined if absent. */
function brokenCitations(file: string, text: string, read: (path: string) => string | undefined): Problem[] {
  const problems: Problem[] = [];
  for (const match of text.matchAll(MD_CITATION)) {
    const cited = match[0];
    const wordStart = text.lastIndexOf(' ', match.index) + 1;
    if (/:\/\//.test(text.slice(wordStart, match.index))) continue; // part of a URL
    const [path = '', anchor] = cited.split('#');
    const candidates = [join(dirname(file), path), path];
    const target = candidates.find((p) => read(p) !== undefined);
    if (target === undefined) {
      problems.push({ file, cited, why: 'no such file in the repository' });
      continue;
    }
    if (anchor !== undefined && !headingAnchors(read(target) ?? '').has(anchor)) {
      problems.push({ file, cited, why: `${target} has no heading #${anchor}` });
    }
  }
  if (!file.endsWith('.md')) {
    for (const match of text.matchAll(NUMBERED_REFERENCE)) {
      problems.push({ file, cited: match[0], why: 'cite a docs/ heading instead of a number' });
    }
  }
  return problems;
}

function filesUnder(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).flatMap((name) => {
    if (SKIPPED_DIRS.has(name)) return [];
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return filesUnder(path);
    return TEXT_FILE.test(name) ? [path] : [];
  });
}

function readRepoFile(path: string): string | undefined {
  const abs = resolve(ROOT, path);
  if (relative(ROOT, abs).startsWith('..') || !existsSync(abs) || !statSync(abs).isFile()) return undefined;
  return readFileSync(abs, 'utf8');
}

describe('citations of documents', () => {
  it('finds a missing document, a missing heading and a numbered flow (the checker can fail)', () => {
    const docs: Record<string, string> = { 'docs/guide.md': '# Guide\n\n## Device challenge\n' };
    const read = (p: string) => docs[p];
    const text = [
      '// See docs/guide.md#device-challenge and docs/guide.md.',
      '// See PROTOCOL.md, docs/guide.md#enrollment and flow 3 (issue 7).',
      '// Not a citation of ours: amplify-js issue 5623.',
      '// Not a citation: https://example.com/README.md',
    ].join('\n');
    expect(brokenCitations('src/x.ts', text, read).map((p) => p.cited)).toEqual([
      'PROTOCOL.md',
      'docs/guide.md#enrollment',
      'flow 3',
      'issue 7',
    ]);
  });

  it('reads anchors as GitHub writes them', () => {
    const anchors = headingAnchors(
      '# Top\n## ConfirmDevice verifier\n```\n## not a heading\n```\n### Sites and bindings\n',
    );
    expect([...anchors]).toEqual(['top', 'confirmdevice-verifier', 'sites-and-bindings']);
  });

  it('every cited document and heading exists in the repository', () => {
    const files = [
      ...SCANNED_DIRS.flatMap(filesUnder),
      ...readdirSync(ROOT).filter((name) => /\.(md|ts|json)$/.test(name) && name !== 'package-lock.json'),
    ]
      // This file's own examples are broken on purpose.
      .filter((file) => file !== relative(ROOT, SELF));
    expect(files.length).toBeGreaterThan(100);
    const problems = files.flatMap((file) => brokenCitations(file, readRepoFile(file) ?? '', readRepoFile));
    expect(problems).toEqual([]);
  });
});
