// Child process for the reliability load run: the emulator on its own event loop, answering
// memory samples over IPC so its RSS and heap can be tracked while it is under load.
import { readFileSync } from 'node:fs';
import { startEmulator } from '../../emulator/index.ts';

export type LoadServerMessage =
  | { type: 'ready'; url: string }
  | { type: 'memory'; rss: number; heapUsed: number; cpuMs: number }
  | { type: 'clock'; offsetMs: number };
/** `clock` moves the emulator's clock by offsetMs from the real one (0: back to real time). */
export type LoadParentMessage = { type: 'memory' } | { type: 'clock'; offsetMs: number } | { type: 'close' };

const seedPath = process.argv[2];
if (!seedPath || !process.send) {
  process.stderr.write('usage: forked by load.ts with a seed file path\n');
  process.exit(2);
}
// The parent moves the clock past every sign-in session's expiry to see the heap with none alive.
let offsetMs = 0;
const emulator = await startEmulator({
  port: 0,
  now: () => Date.now() + offsetMs,
  seed: JSON.parse(readFileSync(seedPath, 'utf8')),
  quiet: true,
});
process.send({ type: 'ready', url: emulator.url } satisfies LoadServerMessage);
process.on('message', async (m: LoadParentMessage) => {
  if (m.type === 'clock') {
    offsetMs = m.offsetMs;
    process.send?.({ type: 'clock', offsetMs } satisfies LoadServerMessage);
  } else if (m.type === 'memory') {
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
