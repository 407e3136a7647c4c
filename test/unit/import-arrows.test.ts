// The folders' dependency arrows, checked on every import: tests, demo and scripts use dev/, dev/
// uses the product code only; nothing outside test/ reaches into it, demo/ never into scripts/, and
// the shipped code into none of them (CONTRIBUTING.md, "Test helpers").
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const FOLDERS = ['background', 'popup', 'src', 'extension', 'emulator', 'demo', 'dev', 'scripts', 'test'];
const SHIPPED = ['background', 'popup', 'src', 'extension'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

/** Relative import specifiers of a file: static imports, re-exports and dynamic import(). */
function relativeImports(source: string): string[] {
  const found = source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm);
  return [...found].map((m) => m[1] as string);
}

interface Edge {
  from: string;
  to: string;
}

const topFolder = (path: string) => relative(root, path).split(/[\\/]/)[0] ?? '';

function edges(): Edge[] {
  return FOLDERS.flatMap((folder) =>
    sourceFiles(join(root, folder)).flatMap((file) =>
      relativeImports(readFileSync(file, 'utf8')).map((spec) => ({
        from: relative(root, file),
        to: relative(root, resolve(dirname(file), spec)),
      })),
    ),
  );
}

const forbidden = (all: Edge[], fromFolders: string[], toFolders: string[]) =>
  all
    .filter(
      (e) =>
        fromFolders.includes(topFolder(join(root, e.from))) &&
        toFolders.includes(topFolder(join(root, e.to))),
    )
    .map((e) => `${e.from} → ${e.to}`);

describe('import arrows between folders', () => {
  const all = edges();

  it('finds the imports it checks', () => {
    // A broken pattern would make every rule below pass vacuously.
    expect(all.some((e) => e.from.startsWith('test/') && e.to.startsWith('dev/'))).toBe(true);
    expect(all.some((e) => e.from.startsWith('demo/') && e.to.startsWith('dev/'))).toBe(true);
    expect(all.some((e) => e.from.startsWith('dev/') && e.to.startsWith('emulator/'))).toBe(true);
  });

  it('nothing outside test/ imports from test/', () => {
    expect(
      forbidden(
        all,
        FOLDERS.filter((f) => f !== 'test'),
        ['test'],
      ),
    ).toEqual([]);
  });

  it('demo/ does not import scripts/', () => {
    expect(forbidden(all, ['demo'], ['scripts'])).toEqual([]);
  });

  it('dev/ imports only the product code and the emulator, never the folders that use it', () => {
    expect(forbidden(all, ['dev'], ['demo', 'test', 'scripts'])).toEqual([]);
  });

  it('the shipped extension imports none of the development folders', () => {
    expect(forbidden(all, SHIPPED, ['demo', 'dev', 'scripts', 'test', 'emulator'])).toEqual([]);
  });
});
