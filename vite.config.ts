import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import { finishBuild } from './scripts/finish-build.ts';
import { ensureIcons } from './scripts/icons.ts';
import { type Browser, manifestFor } from './scripts/manifest.ts';

// One build per browser: `vite build --mode chrome|firefox|chrome-test|firefox-test` → dist/<mode>/.
export default defineConfig(async ({ mode }) => {
  const [browserName, flavour] = mode.split('-');
  if (browserName !== 'chrome' && browserName !== 'firefox') {
    throw new Error(`unknown build mode "${mode}": use chrome, firefox, chrome-test or firefox-test`);
  }
  const browser: Browser = browserName;
  const test = flavour === 'test';
  // The manifest's icons are drawn from public/icons/icon.svg; before crxjs looks for them.
  await ensureIcons();
  return {
    plugins: [
      preact(),
      crx({ manifest: manifestFor(browser, test) as unknown as ManifestV3Export, browser }),
      finishBuild(),
      extensionPageHead(),
    ],
    define: { __TEST_BUILD__: JSON.stringify(test), __BROWSER__: JSON.stringify(browser) },
    build: {
      outDir: `dist/${mode}`,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      sourcemap: false,
    },
  };
});

/**
 * What every extension page (popup/index.html, popup/options.html) has in its head, written once:
 * UTF-8, a viewport for the popup's narrow window, and both colour schemes (the CSS follows the system's).
 * The pages themselves carry only their title, body and entry script.
 */
function extensionPageHead(): Plugin {
  return {
    name: 'extension-page-head',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { charset: 'utf-8' }, injectTo: 'head-prepend' },
      {
        tag: 'meta',
        attrs: { name: 'viewport', content: 'width=device-width, initial-scale=1' },
        injectTo: 'head-prepend',
      },
      { tag: 'meta', attrs: { name: 'color-scheme', content: 'light dark' }, injectTo: 'head-prepend' },
    ],
  };
}
