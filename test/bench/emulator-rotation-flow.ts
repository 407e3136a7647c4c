// bench:emulator's rotationRefresh flow: GetTokensFromRefreshToken on an app client with refresh-token
// rotation (no grace period), each remembered device refreshing with the token its previous refresh
// returned and its DeviceKey, as Amplify v6 does. One refresh = one "sign-in" of the flow's row.
import { performance } from 'node:perf_hooks';
import { type BenchPool, deviceSignIn, type EnrolledDevice, RawCognitoClient } from './emulator-protocol.ts';

export interface FlowRow {
  signInsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  errorSamples: string[];
  /** The emulator's CPU per refresh over the timed window, when the caller can read it. */
  serverCpuMsPerSignIn?: number;
}

const round = (n: number) => Math.round(n * 10) / 10;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

export async function measureRotationRefresh(
  url: string,
  pool: BenchPool,
  devices: EnrolledDevice[],
  opts: {
    concurrency: number;
    seconds: number;
    /** The emulator process's CPU time so far (ms), read before and after the timed window. */
    serverCpuMs?: () => Promise<number>;
  },
): Promise<FlowRow> {
  const client = new RawCognitoClient(url, opts.concurrency);
  try {
    // One sign-in per device on the rotating client gives each its first refresh token.
    const tokens = new Map<string, string>();
    for (const device of devices) {
      const result = await deviceSignIn(client, pool, device);
      tokens.set(device.deviceKey, String(result.RefreshToken));
    }
    const cpuBefore = await opts.serverCpuMs?.();
    const end = performance.now() + opts.seconds * 1000;
    const latencies: number[] = [];
    const errorSamples: string[] = [];
    let errors = 0;
    const loop = async (index: number) => {
      // Each loop owns the devices index, index + concurrency, ...: no two refresh one token at once.
      const owned = devices.filter((_, i) => i % opts.concurrency === index);
      for (let n = 0; performance.now() < end; n++) {
        const device = owned[n % owned.length];
        if (!device) return;
        const t0 = performance.now();
        try {
          const out = await client.call('GetTokensFromRefreshToken', {
            ClientId: pool.clientId,
            RefreshToken: tokens.get(device.deviceKey),
            DeviceKey: device.deviceKey,
          });
          const rotated = (out.AuthenticationResult as { RefreshToken?: string } | undefined)?.RefreshToken;
          if (!rotated) throw new Error('rotation answered no RefreshToken');
          tokens.set(device.deviceKey, rotated);
          latencies.push(performance.now() - t0);
        } catch (e) {
          errors++;
          if (errorSamples.length < 5) errorSamples.push(e instanceof Error ? e.message : String(e));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency, devices.length) }, (_, i) => loop(i)));
    const cpuAfter = await opts.serverCpuMs?.();
    latencies.sort((a, b) => a - b);
    return {
      signInsPerSecond: round(latencies.length / opts.seconds),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      errors,
      errorSamples,
      ...(cpuBefore !== undefined && cpuAfter !== undefined
        ? {
            serverCpuMsPerSignIn:
              Math.round(((cpuAfter - cpuBefore) / Math.max(1, latencies.length)) * 100) / 100,
          }
        : {}),
    };
  } finally {
    client.close();
  }
}
