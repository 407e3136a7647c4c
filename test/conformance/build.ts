// Builds the three conformance pages with vite, as a site bundles its client library:
// test/conformance/pages/<client>/ → test/conformance/dist/<client>/. Part of `npm run build:test`.
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';

export const PAGE_DIRS = ['amplify', 'acij', 'sdk'] as const;
export type PageDir = (typeof PAGE_DIRS)[number];

const here = fileURLToPath(new URL('.', import.meta.url));
export const CONFORMANCE_DIST = `${here}dist`;

function pageConfig(page: PageDir): InlineConfig {
  return {
    configFile: false,
    root: `${here}pages/${page}`,
    base: '/',
    mode: 'production',
    logLevel: 'warn',
    // The AWS SDK and amazon-cognito-identity-js read Node's `global`.
    define: { global: 'globalThis' },
    build: {
      outDir: `${CONFORMANCE_DIST}/${page}`,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      chunkSizeWarningLimit: 2048,
    },
  };
}

export async function buildConformancePages(): Promise<void> {
  for (const page of PAGE_DIRS) await build(pageConfig(page));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildConformancePages();
