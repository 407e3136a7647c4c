// Firefox for Android readiness, checked without a phone: every WebExtension API the extension's
// code calls and every key of its Firefox manifest, looked up in MDN's browser-compat-data (the
// data AMO's linter and MDN's tables use) for Firefox for Android at the manifest's minimum
// version; and the one gap, managed storage, degrading with a stated reason.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import sourceManifest from '../../manifest.json' with { type: 'json' };
import { manifestFor } from '../../scripts/manifest.ts';

const noManaged = vi.hoisted(() => ({ on: false }));
vi.mock('../../extension/page-hook.iife.ts?script', () => ({ default: 'page-hook.js' }));
vi.mock('../../extension/relay.iife.ts?script', () => ({ default: 'relay.js' }));
vi.mock('webextension-polyfill', async () => {
  const { fakeBrowser } = await import('../reliability/support/fake-browser.ts');
  return {
    default: new Proxy(fakeBrowser, {
      get: (target, key) =>
        key === 'storage' && noManaged.on
          ? { ...target.storage, managed: undefined }
          : Reflect.get(target, key),
    }),
  };
});

const root = fileURLToPath(new URL('../../', import.meta.url));
// MDN's data (a dependency of web-ext's linter), read by Node: Vite's JSON transform is slow on its 10+ MB.
const bcd = createRequire(import.meta.url)('@mdn/browser-compat-data') as {
  webextensions: { api: CompatNode; manifest: CompatNode };
};
const ANDROID_MIN = Number.parseFloat(
  sourceManifest.browser_specific_settings.gecko_android.strict_min_version,
);

/** APIs Firefox for Android lacks, each with the code that copes without it. */
const ANDROID_GAPS: Record<string, { file: string; copesWith: RegExp }> = {
  'storage.managed': {
    file: 'background/managed-config.ts',
    copesWith: /browser\.storage\.managed === undefined/,
  },
};

interface Support {
  version_added: string | boolean | null;
  version_removed?: string;
}
interface CompatNode {
  __compat?: { support: { firefox_android?: Support | Support[] } };
  [key: string]: unknown;
}

/** The Android version from which `node` works, or undefined where it never has. */
function androidSince(node: CompatNode): number | undefined {
  const raw = node.__compat?.support.firefox_android;
  const current = (Array.isArray(raw) ? raw : raw ? [raw] : []).find((s) => s.version_removed === undefined);
  const added = current?.version_added;
  if (typeof added !== 'string') return undefined;
  return Number.parseFloat(added.replace('≤', ''));
}

/** The deepest BCD entry along `path` (storage.local.get → api.storage.local). */
function lookup(tree: CompatNode, path: string[]): { node: CompatNode; found: string } | undefined {
  let node: CompatNode | undefined = tree;
  const found: string[] = [];
  for (const part of path) {
    const next: CompatNode | undefined = node?.[part] as CompatNode | undefined;
    if (!next?.__compat) break;
    node = next;
    found.push(part);
  }
  return found.length && node ? { node, found: found.join('.') } : undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => /\.tsx?$/.test(f) && statSync(join(root, f)).isFile());
}

/** `browser.tabs.onUpdated.addListener` → ['tabs', 'onUpdated', 'addListener'], in every shipped source file. */
function apiCalls(): Map<string, string[]> {
  const calls = new Map<string, string[]>();
  for (const file of ['background', 'popup', 'extension', 'src'].flatMap(sourceFiles)) {
    for (const m of readFileSync(join(root, file), 'utf8').matchAll(/\bbrowser\.(\w+)\.(\w+)(?:\.(\w+))?/g)) {
      const path = [m[1], m[2], m[3]].filter((p): p is string => p !== undefined).join('.');
      calls.set(path, [...(calls.get(path) ?? []), file]);
    }
  }
  return calls;
}

describe('Firefox for Android, from browser-compat-data', () => {
  const api = bcd.webextensions.api;

  it('declares Android with the same minimum as desktop', () => {
    expect(sourceManifest.browser_specific_settings.gecko_android.strict_min_version).toBe(
      sourceManifest.browser_specific_settings.gecko.strict_min_version,
    );
  });

  it('finds the API calls it checks', () => {
    const calls = [...apiCalls().keys()];
    for (const expected of ['storage.session.get', 'scripting.registerContentScripts', 'action.setBadgeText'])
      expect(calls).toContain(expected);
  });

  it('every API the code calls exists on Android at the minimum version, or has a known way around', () => {
    const missing: string[] = [];
    for (const [path, files] of apiCalls()) {
      const entry = lookup(api, path.split('.'));
      if (!entry) throw new Error(`browser.${path} (${files[0]}) is not in browser-compat-data`);
      const since = androidSince(entry.node);
      if (since !== undefined && since <= ANDROID_MIN) continue;
      const gap = Object.entries(ANDROID_GAPS).find(([prefix]) =>
        `${entry.found}.`.startsWith(`${prefix}.`),
      )?.[1];
      if (!gap) {
        missing.push(`browser.${path} (${files.join(', ')}): Android ${since ?? 'never'}`);
        continue;
      }
      expect(readFileSync(join(root, gap.file), 'utf8'), gap.file).toMatch(gap.copesWith);
    }
    expect(missing).toEqual([]);
  });

  it('every key of the Firefox manifest is understood by Android at the minimum version', () => {
    const manifest = bcd.webextensions.manifest;
    const built = manifestFor('firefox', false);
    // Keys added to the manifest after the minimum version, each ignored where not understood.
    const later = new Set(['browser_specific_settings.gecko.data_collection_permissions']);
    const unsupported: string[] = [];
    const visit = (value: unknown, path: string[]) => {
      const key = path.join('.');
      const entry = lookup(manifest, path);
      if (entry?.found === key && !later.has(key)) {
        const since = androidSince(entry.node);
        if (since === undefined || since > ANDROID_MIN)
          unsupported.push(`${key}: Android ${since ?? 'never'}`);
      }
      if (value && typeof value === 'object' && !Array.isArray(value))
        for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
    };
    for (const [k, v] of Object.entries(built)) visit(v, [k]);
    expect(unsupported).toEqual([]);
  });
});

describe('managed configuration where the browser has none (Firefox for Android)', () => {
  beforeEach(() => {
    noManaged.on = false;
  });

  it('applies nothing and records why, instead of failing', async () => {
    noManaged.on = true;
    const { applyManagedConfig, MANAGED_UNAVAILABLE } = await import('../../background/managed-config.ts');
    const { state } = await applyManagedConfig(1);
    expect(state).toMatchObject({ applied: [], pending: [], problems: [], unavailable: MANAGED_UNAVAILABLE });
  });

  it('says nothing of the kind where managed storage exists', async () => {
    const { applyManagedConfig } = await import('../../background/managed-config.ts');
    const { state } = await applyManagedConfig(2);
    expect(state).not.toHaveProperty('unavailable');
  });
});
