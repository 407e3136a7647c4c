// Start-up cost of the emulator, for bench:emulator's JSON: startMs = startEmulator() in this process
// (module already loaded) until its first API answer; cliStartMs = `node --import tsx emulator/cli.ts`
// spawned until it prints its listening line (what `npm run emulator` costs, minus npm itself).
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface StartTimes {
  startMs: number;
  cliStartMs: number;
  /** Each CLI start measured (the reported one is the median). */
  cliStartRunsMs: number[];
}

const round = (n: number) => Math.round(n * 10) / 10;

async function inProcessStartMs(): Promise<number> {
  const { startEmulator } = await import('../../emulator/index.ts');
  const t0 = performance.now();
  const emu = await startEmulator({ port: 0, quiet: true });
  try {
    const res = await fetch(`${emu.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools',
      },
      body: '{"MaxResults":1}',
    });
    await res.text();
    if (!res.ok) throw new Error(`ListUserPools answered HTTP ${res.status}`);
    return performance.now() - t0;
  } finally {
    await emu.close();
  }
}

/** Spawns the CLI, resolves at its listening line, then stops that child (and only it) with SIGTERM. */
function cliStartMs(): Promise<number> {
  const cli = new URL('../../emulator/cli.ts', import.meta.url).pathname;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('emulator CLI printed no listening line within 30 s'));
    }, 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('cognito emulator listening on ')) {
        const ms = performance.now() - t0;
        clearTimeout(timer);
        child.once('exit', () => resolve(ms));
        child.kill('SIGTERM');
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!out.includes('listening')) reject(new Error(`emulator CLI exited (${code}) before listening`));
    });
  });
}

export async function measureStart(cliRuns = 3): Promise<StartTimes> {
  const startMs = await inProcessStartMs();
  const runs: number[] = [];
  for (let i = 0; i < cliRuns; i++) runs.push(await cliStartMs());
  const sorted = [...runs].sort((a, b) => a - b);
  return {
    startMs: round(startMs),
    cliStartMs: round(sorted[Math.floor(sorted.length / 2)] ?? Number.NaN),
    cliStartRunsMs: runs.map(round),
  };
}
