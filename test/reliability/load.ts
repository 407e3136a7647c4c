// Load: the emulator benchmark's remembered-device sign-ins at a steady pace (--rate, default
// 150/s; 0 runs flat out), with the extension's own flows (the background carrier, as
// device-flows.test.ts runs it) looping in parallel against the same emulator, in two halves of
// --seconds (default 120). Writes test-results/reliability/load.json.
//   npx tsx test/reliability/load.ts [--seconds 120] [--rate 150] [--concurrency 8] [--flows 2] [--flow-interval-ms 500] [--users 16]
// It judges only what a busy machine cannot change: no error, no sign-in lost, one device per user,
// and a heap that does not grow. The rate it reaches is reported, never judged (bench:emulator
// compares it with the target): CI runs on shared machines, and a slow one is not a broken one.
// The heap is judged drained: after each half the load stops and the emulator's clock moves past
// every sign-in session's expiry, so the heap after a full GC holds no session at all. The live heap
// under load holds the last 3 minutes' sessions and so follows the rate; the drained one does not,
// and grows from the first half to the second only if something is kept per sign-in.
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { REFRESH_TOKENS_PER_USER } from '../../emulator/store/store.ts';
import type { ClientJob, ClientReport } from '../bench/emulator-client.ts';
import {
  type BenchPool,
  deviceSignIn,
  type EnrolledDevice,
  enrollDevice,
  RawCognitoClient,
} from '../bench/emulator-protocol.ts';
import { backgroundFor, PageSimulator } from '../support/page-simulator.ts';
import { newTotpSecret } from '../support/totp.ts';
import type { LoadParentMessage, LoadServerMessage } from './load-server.ts';
import { FIGURES_DIR, type SuiteFigures } from './support/figures.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '120' },
    rate: { type: 'string', default: '150' },
    concurrency: { type: 'string', default: '8' },
    flows: { type: 'string', default: '2' },
    // Each extension loop starts a flow at most this often: people sign in now and then, and flows
    // run flat out in this process would take the cores the benchmark is measuring.
    'flow-interval-ms': { type: 'string', default: '500' },
    // Few, so that the first half's sign-ins reach each user's cap of live refresh tokens soon.
    users: { type: 'string', default: '8' },
  },
});
const seconds = Number(args.seconds);
const rate = Number(args.rate);
const concurrency = Number(args.concurrency);
const flowLoops = Number(args.flows);
const flowIntervalMs = Number(args['flow-interval-ms']);
const userCount = Number(args.users);
const log = (line: string) => process.stderr.write(`[load] ${line}\n`);
const here = (file: string) => new URL(file, import.meta.url).pathname;

const pool: BenchPool = {
  poolId: 'us-east-1_LoadPool',
  clientId: 'loadclient0000000000000001',
  password: 'Load-Password-1',
};
const totp = Array.from({ length: userCount }, () => newTotpSecret());
const FLOW_POOL = 'us-east-1_LoadFlows';
const FLOW_CLIENT = 'loadflowclient000000000001';
const flowUsers = Array.from({ length: flowLoops * 4 }, (_, i) => ({
  username: `flow-${i}`,
  typed: `flow-${i}@example.com`,
  password: `Flow-${i}-Passw0rd!`,
  totpSecret: '',
}));

function seed() {
  const client = (ClientId: string) => ({
    ClientId,
    ClientName: 'load',
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  const devices = { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false };
  return {
    pools: [
      {
        Id: pool.poolId,
        PoolName: 'load',
        MfaConfiguration: 'ON',
        DeviceConfiguration: devices,
        Clients: [client(pool.clientId)],
        Users: totp.map((TotpSecret, i) => ({ Username: `load-${i}`, Password: pool.password, TotpSecret })),
      },
      {
        Id: FLOW_POOL,
        PoolName: 'flows',
        MfaConfiguration: 'OFF',
        DeviceConfiguration: devices,
        AliasAttributes: ['email'],
        Clients: [client(FLOW_CLIENT)],
        Users: flowUsers.map((u) => ({
          Username: u.username,
          Password: u.password,
          Attributes: { email: u.typed, email_verified: 'true' },
        })),
      },
    ],
  };
}

function waitFor<T extends { type: string }>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`child exited (${code}) before '${type}'`));
    const onMessage = (m: T) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const MB = 1024 * 1024;

interface FlowLoop {
  ctx: Awaited<ReturnType<typeof backgroundFor>>;
  page: PageSimulator;
  users: typeof flowUsers;
  completed: number;
  errors: number;
  samples: string[];
}

async function openFlowLoop(url: string, loopIndex: number): Promise<FlowLoop> {
  const ctx = await backgroundFor(`https://load${loopIndex}.example`);
  const page = new PageSimulator(ctx, `${url}/`, FLOW_POOL, FLOW_CLIENT);
  const users = flowUsers.slice(loopIndex * 4, loopIndex * 4 + 4);
  return { ctx, page, users, completed: 0, errors: 0, samples: [] };
}

/** One extension loop until `done()`: enroll each user once, then device sign-ins and refreshes. */
async function runFlows(loop: FlowLoop, done: () => boolean) {
  const { page, users } = loop;
  for (let n = 0; !done(); n++) {
    const user = users[n % users.length];
    if (!user) break;
    const started = performance.now();
    try {
      const { result } = await page.signIn(user);
      if (result.status !== 200)
        throw new Error(`sign-in HTTP ${result.status}: ${result.text.slice(0, 120)}`);
      if (n % 4 === 3) {
        const refresh = await page.refresh(
          (result.body.AuthenticationResult as { RefreshToken: string }).RefreshToken,
        );
        if (refresh.status !== 200) throw new Error(`refresh HTTP ${refresh.status}`);
      }
      loop.completed++;
    } catch (e) {
      loop.errors++;
      if (loop.samples.length < 5) loop.samples.push(e instanceof Error ? e.message : String(e));
    }
    page.seen.length = 0;
    const rest = flowIntervalMs - (performance.now() - started);
    if (rest > 0 && !done()) await new Promise((r) => setTimeout(r, rest));
  }
}

/** The drained heap may differ by this much between the halves (GC noise measured ~0.1 MB). */
const TOLERANCE_MB = 1;
/** The smallest leak per sign-in the check is sure to see. */
const LEAK_BYTES = 512;
/** A sign-in session lives 3 minutes (the app client's default AuthSessionValidity): 4 covers it, and stays inside the 5-minute TIMESTAMP skew. */
const DRAIN_CLOCK_MS = 4 * 60_000;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'reliability-load-'));
  const seedPath = join(dir, 'seed.json');
  writeFileSync(seedPath, JSON.stringify(seed()));
  const server = fork(here('./load-server.ts'), [seedPath], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let client: ChildProcess | undefined;
  const ask = async <T extends LoadServerMessage>(m: LoadParentMessage, reply: T['type']): Promise<T> => {
    const answer = waitFor<T>(server, reply);
    server.send(m);
    return answer;
  };
  const heapNow = () => ask<Extract<LoadServerMessage, { type: 'memory' }>>({ type: 'memory' }, 'memory');
  try {
    const { url } = await waitFor<Extract<LoadServerMessage, { type: 'ready' }>>(server, 'ready');
    const raw = new RawCognitoClient(url, 8);
    const devices: EnrolledDevice[] = [];
    for (let i = 0; i < userCount; i += 8) {
      const batch = totp.slice(i, i + 8).map((secret, j) => enrollDevice(raw, pool, `load-${i + j}`, secret));
      devices.push(...(await Promise.all(batch)));
    }
    const loops = await Promise.all(Array.from({ length: flowLoops }, (_, i) => openFlowLoop(url, i)));
    log(
      `${devices.length} bench devices enrolled; two halves of ${seconds / 2} s at ${rate > 0 ? `${rate} sign-ins/s` : 'full rate'} with ${flowLoops} extension flow loop(s), one flow per ${flowIntervalMs} ms at most each…`,
    );

    const t0 = performance.now();
    const memory: { t: number; rss: number; heapUsed: number }[] = [];
    let sampling = true;
    let inFlight: Promise<unknown> = Promise.resolve();
    const sampler = setInterval(() => {
      if (!sampling || !server.connected) return;
      inFlight = heapNow().then((m) => {
        memory.push({ t: (performance.now() - t0) / 1000, rss: m.rss, heapUsed: m.heapUsed });
      });
    }, 5000);

    const reports: ClientReport[] = [];
    let loadMs = 0;
    const drained: { heapUsed: number; rss: number }[] = [];
    for (let half = 0; half < 2; half++) {
      const measureMs = (seconds / 2) * 1000;
      client = fork(here('../bench/emulator-client.ts'), [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      const report = waitFor<ClientReport>(client, 'report');
      client.send({
        type: 'run',
        url,
        pool,
        devices,
        concurrency,
        warmupMs: 0,
        measureMs,
        ...(rate > 0 ? { ratePerSecond: rate } : {}),
        // The first half fills every user's refresh tokens to the emulator's cap, however slow the
        // machine, so the second half starts with every bounded structure full.
        // The second half makes enough sign-ins for a leak of LEAK_BYTES each to show, however slow.
        minSignIns:
          half === 0 ? userCount * REFRESH_TOKENS_PER_USER + concurrency : (TOLERANCE_MB * MB) / LEAK_BYTES,
      } satisfies ClientJob);
      const halfStart = performance.now();
      let benchDone = false;
      const flowsDone = Promise.all(loops.map((loop) => runFlows(loop, () => benchDone)));
      reports.push(await report);
      loadMs += performance.now() - halfStart;
      benchDone = true;
      await flowsDone;

      // Drained: every session of this half expired (the clock moved past them); one sign-in made
      // then, as the emulator drops expired sessions when it makes a new one; the clock back.
      sampling = false;
      await inFlight;
      await ask({ type: 'clock', offsetMs: DRAIN_CLOCK_MS }, 'clock');
      const probe = devices[0];
      if (probe) await deviceSignIn(raw, pool, probe);
      await ask({ type: 'clock', offsetMs: 0 }, 'clock');
      const samples = [await heapNow(), await heapNow(), await heapNow()];
      const low = samples.reduce((a, b) => (b.heapUsed < a.heapUsed ? b : a));
      drained.push({ heapUsed: low.heapUsed, rss: low.rss });
      log(
        `half ${half + 1}: ${reports.at(-1)?.settled} sign-ins, drained heap ${round(low.heapUsed / MB, 1)} MB`,
      );
      sampling = true;
    }
    clearInterval(sampler);
    raw.close();

    const signIns = reports.reduce((s, r) => s + r.settled - r.errors, 0);
    const benchErrors = reports.reduce((s, r) => s + r.errors, 0);
    const started = reports.reduce((s, r) => s + r.started, 0);
    const settled = reports.reduce((s, r) => s + r.settled, 0);
    const perSecond = signIns / (loadMs / 1000);
    const heapSlope = slope(memory.map((m) => ({ x: m.t / 60, y: m.heapUsed / MB })));
    const rssSlope = slope(memory.map((m) => ({ x: m.t / 60, y: m.rss / MB })));
    const flowCompleted = loops.reduce((s, f) => s + f.completed, 0);
    const flowErrors = loops.reduce((s, f) => s + f.errors, 0);
    const vaultDevices = await Promise.all(loops.map((f) => f.ctx.vault.listDevices()));
    const oneDevicePerUser = loops.every((f, i) => vaultDevices[i]?.length === f.users.length);
    const heapMB = memory.map((m) => m.heapUsed / MB);
    // Flat: the drained heap after the second half is within TOLERANCE_MB of the one after the first
    // (which filled the bounded structures: every bench user's live refresh tokens at the cap,
    // tables grown, code compiled; the flow users' few tokens keep adding ~1 KB per flow). The
    // second half makes at least TOLERANCE_MB / LEAK_BYTES sign-ins, so such a leak fails it.
    const [first, second] = [drained[0]?.heapUsed ?? 0, drained[1]?.heapUsed ?? 0].map((b) => b / MB) as [
      number,
      number,
    ];
    const flat = second <= first + TOLERANCE_MB;
    const secondHalf = reports[1]?.started ?? 0;
    const checks = {
      'zero bench errors': benchErrors === 0,
      'no sign-in lost (every one started ended)': started === settled && started > 0,
      'zero extension-flow errors': flowErrors === 0,
      'one device per user and browser': oneDevicePerUser,
      'flat drained emulator heap': flat,
    };
    const failures = Object.entries(checks)
      .filter(([, ok]) => !ok)
      .map(([name]) => name);
    for (const r of reports) if (r.errorSamples.length) failures.push(`bench: ${r.errorSamples.join(' | ')}`);
    for (const f of loops) if (f.samples.length) failures.push(`flows: ${f.samples.join(' | ')}`);
    const figures: SuiteFigures = {
      suite: 'load',
      cases: Object.keys(checks).length,
      passed: Object.values(checks).filter(Boolean).length,
      failures,
      details: {
        seconds,
        paceSignInsPerSecond: rate > 0 ? rate : 'full',
        // Reported, not judged: it depends on what else the machine runs (bench:emulator has the target).
        deviceSignInsPerSecond: round(perSecond, 1),
        benchSignIns: signIns,
        benchStarted: started,
        benchSettled: settled,
        benchErrors,
        extensionFlowsCompleted: flowCompleted,
        extensionFlowErrors: flowErrors,
        drainedHeapMBFirstHalf: round(first, 1),
        drainedHeapMBSecondHalf: round(second, 1),
        drainedHeapBytesPerSignIn: Math.round(((second - first) * MB) / Math.max(1, secondHalf)),
        // The smallest leak per sign-in this run would have caught.
        leakDetectableBytesPerSignIn: Math.round((TOLERANCE_MB * MB) / Math.max(1, secondHalf)),
        memorySamples: memory.length,
        heapMBMin: round(Math.min(...heapMB), 1),
        heapMBMax: round(Math.max(...heapMB), 1),
        heapSlopeMBPerMin: round(heapSlope),
        rssSlopeMBPerMin: round(rssSlope),
        rssMBEnd: round((drained[1]?.rss ?? 0) / MB, 1),
        // Live heap under load after a full GC, every 5 s, MB (it follows the rate).
        heapMBSeries: memory.map((m) => round(m.heapUsed / MB, 1)).join(' '),
        rssBytesPerSignIn: Math.round(
          (((memory.at(-1)?.rss ?? 0) - (memory[0]?.rss ?? 0)) / Math.max(1, signIns + flowCompleted)) * 1,
        ),
      },
    };
    mkdirSync(FIGURES_DIR, { recursive: true });
    writeFileSync(join(FIGURES_DIR, 'load.json'), `${JSON.stringify(figures, null, 2)}\n`);
    process.stdout.write(
      `[reliability] load: ${figures.passed}/${figures.cases} passed ${JSON.stringify(figures.details)}\n`,
    );
    if (failures.length) process.exitCode = 1;
  } finally {
    if (client && client.exitCode === null) client.kill();
    if (server.connected) server.send({ type: 'close' } satisfies LoadParentMessage);
    await new Promise((r) => setTimeout(r, 500));
    if (server.exitCode === null) server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(),
  (e: unknown) => {
    log(`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
