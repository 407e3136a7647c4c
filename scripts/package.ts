// Last step of `npm run build`: dist/chrome and dist/firefox → the archives the stores take,
// named for the version (dist/device-companion-chrome-0.1.0.zip). Refuses test builds.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from './manifest.ts';
import { kB, zipDirectory } from './zip.ts';

const root = fileURLToPath(new URL('../', import.meta.url));

export const PACKAGE_NAME = 'device-companion';

export function archivePath(browser: Browser, version: string): string {
  return join(root, 'dist', `${PACKAGE_NAME}-${browser}-${version}.zip`);
}

export function packageRelease(browser: Browser): string {
  const dir = join(root, 'dist', browser);
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`no build in ${dir}: run npm run build`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    version: string;
    key?: string;
    host_permissions?: unknown;
  };
  // A store upload must never carry the pinned test key or the pre-granted loopback access.
  if (manifest.key !== undefined || manifest.host_permissions !== undefined)
    throw new Error(`${dir} is a test build (key/host_permissions): rebuild with npm run build`);
  const out = archivePath(browser, manifest.version);
  const files = zipDirectory(dir, out);
  console.log(`${out.slice(root.length)}  ${files.length} files, ${kB(out)}`);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const browsers = process.argv.slice(2) as Browser[];
  for (const browser of browsers.length ? browsers : (['chrome', 'firefox'] as const))
    packageRelease(browser);
}
