import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { type Browser, manifestFor } from './scripts/manifest.ts';

// One build per browser: `vite build --mode chrome|firefox|chrome-test|firefox-test` → dist/<mode>/.
export default defineConfig(({ mode }) => {
  const [browserName, flavour] = mode.split('-');
  if (browserName !== 'chrome' && browserName !== 'firefox') {
    throw new Error(`unknown build mode "${mode}": use chrome, firefox, chrome-test or firefox-test`);
  }
  const browser: Browser = browserName;
  const test = flavour === 'test';
  return {
    plugins: [
      preact(),
      crx({ manifest: manifestFor(browser, test) as unknown as ManifestV3Export, browser }),
    ],
    define: { __TEST_BUILD__: JSON.stringify(test) },
    build: {
      outDir: `dist/${mode}`,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      sourcemap: false,
    },
  };
});
