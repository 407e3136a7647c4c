// Child process for the reliability load run: the emulator on its own event loop, answering
// memory samples over IPC so its RSS and heap can be tracked while it is under load.
import { readFileSync } from 'node:fs';
import { startEmulator } from '../../emulator/index.ts';

export type LoadServerMessage =
  | { type: 'ready'; url: string }
  | { type: 'memory'; rss: number; heapUsed: number; cpuMs: number };
export type LoadParentMessage = { type: 'memory' } | { type: 'close' };

const seedPath = process.argv[2];
if (!seedPath || !process.send) {
  process.stderr.write('usage: forked by load.ts with a seed file path\n');
  process.exit(2);
}
const emulator = await startEmulator({
  port: 0,
  seed: JSON.parse(readFileSync(seedPath, 'utf8')),
  quiet: true,
});
process.send({ type: 'ready', url: emulator.url } satisfies LoadServerMessage);
process.on('message', async (m: LoadParentMessage) => {
  if (m.type === 'memory') {
    // Live memory, not garbage waiting for the collector: a full GC first (the parent forks this
    // process with --expose-gc), so the heap slope says whether anything is retained.
    (globalThis as { gc?: () => void }).gc?.();
    const mem = process.memoryUsage();
    const cpu = process.cpuUsage();
    process.send?.({
      type: 'memory',
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      cpuMs: (cpu.user + cpu.system) / 1000,
    } satisfies LoadServerMessage);
  } else {
    await emulator.close();
    process.exit(0);
  }
});
