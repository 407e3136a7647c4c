// Child process for the emulator benchmark: drives complete remembered-device sign-ins from
// `concurrency` loops for warmup + measured seconds and reports what happened in the measured window.
import { performance } from 'node:perf_hooks';
import { type BenchPool, deviceSignIn, type EnrolledDevice, RawCognitoClient } from './emulator-protocol.ts';

export interface ClientJob {
  type: 'run';
  url: string;
  pool: BenchPool;
  devices: EnrolledDevice[];
  concurrency: number;
  warmupMs: number;
  measureMs: number;
}

export interface ClientReport {
  type: 'report';
  latenciesMs: number[];
  errors: number;
  errorSamples: string[];
  cpuUserMs: number;
  cpuSystemMs: number;
  eventLoopUtilization: number;
}

async function run(job: ClientJob): Promise<ClientReport> {
  const client = new RawCognitoClient(job.url, job.concurrency);
  const start = performance.now();
  const windowStart = start + job.warmupMs;
  const windowEnd = windowStart + job.measureMs;
  const latencies: number[] = [];
  let errors = 0;
  const errorSamples: string[] = [];
  let cpuAtStart: NodeJS.CpuUsage | undefined;
  let eluAtStart: ReturnType<typeof performance.eventLoopUtilization> | undefined;
  const markStart = setTimeout(() => {
    cpuAtStart = process.cpuUsage();
    eluAtStart = performance.eventLoopUtilization();
  }, job.warmupMs);
  let cpu: NodeJS.CpuUsage | undefined;
  let elu = 0;
  const markEnd = setTimeout(() => {
    cpu = process.cpuUsage(cpuAtStart);
    elu = eluAtStart ? performance.eventLoopUtilization(eluAtStart).utilization : 0;
  }, job.warmupMs + job.measureMs);

  const loop = async (index: number) => {
    for (let n = 0; performance.now() < windowEnd; n++) {
      const device = job.devices[(index + n * job.concurrency) % job.devices.length];
      if (!device) throw new Error('no devices');
      const t0 = performance.now();
      try {
        await deviceSignIn(client, job.pool, device);
        const t1 = performance.now();
        if (t1 >= windowStart && t1 <= windowEnd) latencies.push(t1 - t0);
      } catch (e) {
        const t1 = performance.now();
        if (t1 >= windowStart && t1 <= windowEnd) {
          errors++;
          if (errorSamples.length < 5) errorSamples.push(e instanceof Error ? e.message : String(e));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, (_, i) => loop(i)));
  clearTimeout(markStart);
  clearTimeout(markEnd);
  client.close();
  const used = cpu ?? process.cpuUsage(cpuAtStart);
  return {
    type: 'report',
    latenciesMs: latencies,
    errors,
    errorSamples,
    cpuUserMs: used.user / 1000,
    cpuSystemMs: used.system / 1000,
    eventLoopUtilization: elu,
  };
}

process.on('message', (job: ClientJob) => {
  if (job.type !== 'run') return;
  run(job).then(
    (report) => process.send?.(report, () => process.exit(0)),
    (e: unknown) => {
      process.stderr.write(`client failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    },
  );
});
