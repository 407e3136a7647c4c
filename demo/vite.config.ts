// Builds one demo site: `vite build --config demo/vite.config.ts --mode amplify|acij` → demo/dist/<site>/.
// demo/build.ts builds both (npm run build:demo).
import { fileURLToPath } from 'node:url';
import { defineConfig, type InlineConfig } from 'vite';
import { DEMO_DIST_DIR, DEMO_SITES, type DemoSite } from '../dev/demo-sites/sites.ts';

const demoDir = fileURLToPath(new URL('.', import.meta.url));

export function demoSiteConfig(site: DemoSite): InlineConfig {
  return {
    configFile: false,
    root: `${demoDir}${site}`,
    base: '/',
    mode: 'production',
    logLevel: 'warn',
    // amazon-cognito-identity-js pulls in the `buffer` polyfill, which reads Node's `global`.
    define: { global: 'globalThis' },
    build: {
      outDir: `${DEMO_DIST_DIR}/${site}`,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      // Amplify alone is ~300 kB minified; that is the point of the demo, not a problem.
      chunkSizeWarningLimit: 1024,
    },
  };
}

export default defineConfig(({ mode }) => {
  const site = DEMO_SITES.find((s) => s === mode);
  if (!site) throw new Error(`demo build: --mode must be one of ${DEMO_SITES.join(', ')}, not "${mode}"`);
  return demoSiteConfig(site);
});
