import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * A bench page's TypeScript module and what it imports, bundled by vite into one classic script that
 * sets `globalName` (for `page.addScriptTag` or a served <script>). `entry` is relative to test/bench/.
 */
export async function benchPageScript(entry: string, globalName: string): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry: fileURLToPath(new URL(entry, import.meta.url)), formats: ['iife'], name: globalName },
    },
  });
  const first = (Array.isArray(out) ? out[0] : out) as { output: { type: string; code?: string }[] };
  const code = first.output.find((o) => o.type === 'chunk')?.code;
  if (!code) throw new Error(`${entry} built to nothing`);
  return code;
}
