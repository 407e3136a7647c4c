// What the build changes in the extension crxjs has written (manifest.json included), in one place
// and in order:
// - no web-accessible resources: crxjs lists dynamically imported scripts as web-accessible for every
//   http(s) page; content scripts registered through the scripting API need no such entry, and any
//   page could probe it to detect the extension;
// - the background as one classic script, background.js, instead of the graph crxjs writes for it (a
//   loader module importing the entry chunk, which imports the chunks it shares with the extension
//   pages). A stopped worker is mostly started by the sign-in that needs it, and each module of that
//   graph is one more script the browser loads and links before the first line of ours runs;
// - no script that nothing loads.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { build, type Plugin } from 'vite';
import { filesUnder } from './files-under.ts';

export const BACKGROUND_FILE = 'background.js';

type Background = { service_worker?: string; scripts?: string[]; type?: string };
type Manifest = { background?: Background; web_accessible_resources?: unknown[] };

/**
 * Deletes every script of the build that nothing loads: no page, no manifest entry, no kept script
 * names it. That is the loader and the entry chunk joined into background.js, and the module copies
 * crxjs leaves of the content scripts it also builds as IIFEs. A chunk an extension page imports
 * stays, and so does any chunk a kept one imports.
 */
async function removeUnloadedScripts(outDir: string): Promise<void> {
  const texts = new Map<string, string>();
  for (const file of filesUnder(outDir))
    if (/\.(js|html|json)$/.test(file)) texts.set(file, await readFile(file, 'utf8'));
  const unloaded = new Set([...texts.keys()].filter((file) => file.endsWith('.js')));
  for (let changed = true; changed; ) {
    changed = false;
    for (const file of unloaded) {
      const name = basename(file);
      if ([...texts].some(([other, text]) => !unloaded.has(other) && text.includes(name))) {
        unloaded.delete(file);
        changed = true;
      }
    }
  }
  for (const file of unloaded) await rm(file);
}

/** Joins the background named by the manifest into BACKGROUND_FILE and names that instead. */
async function joinBackground(outDir: string, manifest: Manifest): Promise<void> {
  const background = manifest.background ?? {};
  const loader = background.service_worker ?? background.scripts?.[0];
  if (!loader || loader === BACKGROUND_FILE) throw new Error('manifest.json names no background to join');
  // The chunks are minified already; this joins them, scoped in one function (a classic script).
  await build({
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: false,
      minify: true,
      target: 'es2022',
      rollupOptions: {
        input: join(outDir, loader),
        output: { format: 'iife', entryFileNames: BACKGROUND_FILE },
      },
    },
  });
  manifest.background =
    background.service_worker !== undefined
      ? { service_worker: BACKGROUND_FILE }
      : { scripts: [BACKGROUND_FILE] };
}

export function finishBuild(): Plugin {
  let outDir = '';
  return {
    name: 'finish-build',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // After crxjs has written manifest.json, which it finalises after every generateBundle hook.
    closeBundle: {
      sequential: true,
      order: 'post',
      async handler() {
        const manifestPath = join(outDir, 'manifest.json');
        const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
        delete manifest.web_accessible_resources;
        await joinBackground(outDir, manifest);
        await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
        await removeUnloadedScripts(outDir);
      },
    },
  };
}
