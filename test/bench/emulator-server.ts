// Child process for the emulator benchmark: runs the emulator on its own event loop (and core) and
// reports its CPU time over IPC, so server and client costs can be told apart.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { startEmulator } from '../../emulator/index.ts';

export type ServerMessage =
  | { type: 'ready'; url: string }
  | { type: 'cpu'; userMs: number; systemMs: number; eventLoopUtilization: number };

export type ParentMessage = { type: 'cpu' } | { type: 'close' };

const seedPath = process.argv[2];
if (!seedPath || !process.send) {
  process.stderr.write('usage: forked by emulator.bench.ts with a seed file path\n');
  process.exit(2);
}
const send = (m: ServerMessage) => process.send?.(m);

const emulator = await startEmulator({
  port: 0,
  seed: JSON.parse(readFileSync(seedPath, 'utf8')),
  quiet: true,
});
let elu = performance.eventLoopUtilization();
send({ type: 'ready', url: emulator.url });

process.on('message', async (m: ParentMessage) => {
  if (m.type === 'cpu') {
    const usage = process.cpuUsage();
    const now = performance.eventLoopUtilization();
    send({
      type: 'cpu',
      userMs: usage.user / 1000,
      systemMs: usage.system / 1000,
      eventLoopUtilization: performance.eventLoopUtilization(now, elu).utilization,
    });
    elu = now;
  } else if (m.type === 'close') {
    await emulator.close();
    process.exit(0);
  }
});
