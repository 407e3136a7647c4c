// Child process for the emulator benchmark: drives complete remembered-device sign-ins from
// `concurrency` loops for warmup + measured seconds and reports what happened in the measured window.
import { performance } from 'node:perf_hooks';
import {
  type BenchPool,
  deviceSignIn,
  type EnrolledDevice,
  type PasswordFlow,
  RawCognitoClient,
} from './emulator-protocol.ts';

export interface ClientJob {
  type: 'run';
  url: string;
  pool: BenchPool;
  devices: EnrolledDevice[];
  concurrency: number;
  warmupMs: number;
  measureMs: number;
  /** Sign-ins started per second across all loops at most (a steady load); absent: flat out. */
  ratePerSecond?: number;
  /** The password step; default USER_SRP_AUTH. */
  flow?: PasswordFlow;
  /** Keep going past the window until this many sign-ins have started (the ones after it are not timed). */
  minSignIns?: number;
}

export interface ClientReport {
  type: 'report';
  latenciesMs: number[];
  errors: number;
  errorSamples: string[];
  cpuUserMs: number;
  cpuSystemMs: number;
  eventLoopUtilization: number;
  /** Every sign-in started, and every one that ended (tokens or an error), window or not: equal unless one was lost. */
  started: number;
  settled: number;
}

async function run(job: ClientJob): Promise<ClientReport> {
  const client = new RawCognitoClient(job.url, job.concurrency);
  const start = performance.now();
  const windowStart = start + job.warmupMs;
  const windowEnd = windowStart + job.measureMs;
  const latencies: number[] = [];
  let errors = 0;
  const errorSamples: string[] = [];
  let started = 0;
  let settled = 0;
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

  // Paced: sign-in k starts no earlier than k / rate after the start; a loop that falls behind the
  // schedule goes at once, so the pace is a ceiling and never a burst.
  let ticket = 0;
  const pace = async () => {
    if (!job.ratePerSecond) return;
    const due = start + (ticket++ * 1000) / job.ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  };

  const loop = async (index: number) => {
    const more = () => performance.now() < windowEnd || started < (job.minSignIns ?? 0);
    for (let n = 0; more(); n++) {
      await pace();
      if (!more()) break;
      const device = job.devices[(index + n * job.concurrency) % job.devices.length];
      if (!device) throw new Error('no devices');
      const t0 = performance.now();
      started++;
      try {
        await deviceSignIn(client, job.pool, device, job.flow);
        settled++;
        const t1 = performance.now();
        if (t1 >= windowStart && t1 <= windowEnd) latencies.push(t1 - t0);
      } catch (e) {
        settled++;
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
    started,
    settled,
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
