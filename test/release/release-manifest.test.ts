// What a store upload carries: the release builds (npm run build) and their archives. Builds them
// first unless RELEASE_BUILD_FRESH=1 says the caller (.ci/run) just did, so the test never reads a stale dist/.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import sourceManifest from '../../manifest.json' with { type: 'json' };
import { BACKGROUND_FILE } from '../../scripts/finish-build.ts';
import { archivePath } from '../../scripts/package.ts';
import { pngFileSize } from '../../scripts/png-size.ts';
import { readZip, zipDirectory } from '../../scripts/zip.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const browsers = ['chrome', 'firefox'] as const;

type Manifest = Record<string, unknown> & {
  permissions?: string[];
  content_security_policy?: { extension_pages?: string };
  background?: Record<string, unknown>;
};
const manifests = {} as Record<(typeof browsers)[number], Manifest>;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) =>
    statSync(join(dir, p)).isFile(),
  );
}

beforeAll(() => {
  if (process.env.RELEASE_BUILD_FRESH !== '1')
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' });
  for (const b of browsers)
    manifests[b] = JSON.parse(readFileSync(join(root, 'dist', b, 'manifest.json'), 'utf8')) as Manifest;
}, 120_000);

describe.each(browsers)('release build for %s', (browser) => {
  const m = () => manifests[browser];

  it('asks only for storage, scripting and activeTab at install', () => {
    expect(m().permissions).toEqual(['storage', 'scripting', 'activeTab']);
    expect(m().optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    expect(m()).not.toHaveProperty('optional_permissions');
    expect(m()).not.toHaveProperty('host_permissions');
    expect(m()).not.toHaveProperty('content_scripts');
  });

  it('carries no test key, no external messaging and nothing web-accessible', () => {
    expect(m()).not.toHaveProperty('key');
    expect(m()).not.toHaveProperty('externally_connectable');
    expect(m()).not.toHaveProperty('web_accessible_resources');
    expect(m().name).toBe('__MSG_extensionName__');
    expect(m().version).toBe(sourceManifest.version);
  });

  it('has a strict CSP for its own pages', () => {
    const csp = m().content_security_policy?.extension_pages ?? '';
    const directives = Object.fromEntries(
      csp.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-|wasm-unsafe|https?:|\*/);
    expect(m().content_security_policy).not.toHaveProperty('sandbox');
  });

  it('ships no test-build code: no pinned key, test name or ?origin= override in any file', () => {
    const dir = join(root, 'dist', browser);
    const keyFragment = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA1lemWnjD9H6';
    for (const file of filesUnder(dir)) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text, file).not.toContain(keyFragment);
      expect(text, file).not.toContain('(test build)');
      // The popup's ?origin= override, which lets automation point it at any site, is test-build only.
      expect(text, file).not.toMatch(/location\.search\)\.get\([`'"]origin[`'"]\)/);
    }
  });

  it('is zipped with a versioned name, manifest at the root, byte for byte the build', () => {
    const zip = readZip(archivePath(browser, sourceManifest.version));
    const dir = join(root, 'dist', browser);
    const files = filesUnder(dir).map((f) => f.split('\\').join('/'));
    expect([...zip.keys()].sort()).toEqual(files.sort());
    for (const [name, data] of zip) expect(data.equals(readFileSync(join(dir, name))), name).toBe(true);
    expect(JSON.parse(zip.get('manifest.json')?.toString('utf8') ?? '{}')).toEqual(m());
  });

  it('starts its background from one classic script and ships no script that nothing loads', () => {
    const dir = join(root, 'dist', browser);
    const files = filesUnder(dir).map((f) => f.split('\\').join('/'));
    const scripts = files.filter((f) => f.endsWith('.js'));
    const background = readFileSync(join(dir, BACKGROUND_FILE), 'utf8');
    // One file: it names no other script of the build, so it imports none (it names the content
    // scripts it registers, which run in pages, not in the background).
    for (const other of scripts.filter((f) => !f.startsWith('extension/') && f !== BACKGROUND_FILE))
      expect(background, other).not.toContain(basename(other));
    const texts = files
      .filter((f) => /\.(js|html|json)$/.test(f))
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);
    for (const script of scripts)
      expect(
        texts.some(([f, text]) => f !== script && text.includes(basename(script))),
        `${script} is loaded by nothing`,
      ).toBe(true);
  });

  it('has its icons: each declared file exists, is a PNG, and is the size it is declared at', () => {
    const dir = join(root, 'dist', browser);
    const action = m().action as { default_icon?: Record<string, string> } | undefined;
    for (const icons of [m().icons as Record<string, string> | undefined, action?.default_icon]) {
      expect(Object.keys(icons ?? {}).sort()).toEqual(['128', '16', '32', '48']);
      for (const [size, file] of Object.entries(icons ?? {}))
        expect(pngFileSize(join(dir, file)), file).toEqual({ width: Number(size), height: Number(size) });
    }
    // The grey "not enabled here" variant the toolbar switches to.
    for (const size of [16, 32])
      expect(pngFileSize(join(dir, `icons/icon-off-${size}.png`))).toEqual({ width: size, height: size });
  });

  it('zips reproducibly: the same tree gives the same bytes', () => {
    const again = join(mkdtempSync(join(tmpdir(), 'release-zip-')), 'again.zip');
    zipDirectory(join(root, 'dist', browser), again);
    expect(readFileSync(again).equals(readFileSync(archivePath(browser, sourceManifest.version)))).toBe(true);
    rmSync(dirname(again), { recursive: true, force: true });
  });
});

describe('what README justifies', () => {
  it("the popup never uses dangerouslySetInnerHTML (web-ext lint's innerHTML warning is Preact's unused path)", () => {
    const popupDir = join(root, 'popup');
    for (const file of filesUnder(popupDir).filter((f) => /\.(tsx?|jsx?)$/.test(f)))
      expect(readFileSync(join(popupDir, file), 'utf8'), file).not.toContain('dangerouslySetInnerHTML');
  });
});

describe('browser-specific parts', () => {
  it('Chrome: a service worker, a minimum version and the managed storage schema it ships', () => {
    const m = manifests.chrome;
    expect(m.background).toEqual({ service_worker: BACKGROUND_FILE });
    expect(m.minimum_chrome_version).toBeDefined();
    expect(m).not.toHaveProperty('browser_specific_settings');
    const schemaPath = (m.storage as { managed_schema?: string } | undefined)?.managed_schema;
    expect(schemaPath).toBe('managed-schema.json');
    const schema = JSON.parse(readFileSync(join(root, 'dist/chrome', schemaPath ?? ''), 'utf8'));
    expect(schema.type).toBe('object');
  });

  it('Firefox: an event page, a fixed gecko id, data collection declared, no Chrome-only keys', () => {
    const m = manifests.firefox;
    expect(m.background).toEqual({ scripts: [BACKGROUND_FILE] });
    expect(m.browser_specific_settings).toMatchObject({
      gecko: {
        id: sourceManifest.browser_specific_settings.gecko.id,
        data_collection_permissions: { required: ['none'] },
      },
    });
    expect(m).not.toHaveProperty('minimum_chrome_version');
    expect(m).not.toHaveProperty('storage');
  });
});
