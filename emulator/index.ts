import type { AddressInfo } from 'node:net';
import { Emulator } from './context.ts';
import { createEmulatorServer } from './http/server.ts';
import { applySeed, loadSeed, type SeedFile } from './seed.ts';
import { nullBackend } from './store/backend.ts';
import { Store } from './store/store.ts';

export type { SeedClient, SeedFile, SeedPool, SeedUser } from './seed.ts';
export type { PoolEmulatorOptions } from './store/records.ts';

export interface EmulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  /** SQLite file that keeps everything across restarts; in memory when absent. */
  dataFile?: string;
  /** Pools, clients and users to create at start (an object or a path to JSON). */
  seed?: SeedFile | string;
  /** How far a TIMESTAMP may be from the server clock. Default 300 s. */
  timestampSkewSeconds?: number;
  /** How long a Lambda trigger may run before the request fails (AWS: 5 seconds). Default 5000. */
  triggerTimeoutMs?: number;
  /** Do not print SMS/email codes. */
  quiet?: boolean;
  /** Test clock, epoch milliseconds. */
  now?: () => number;
}

export interface RunningEmulator {
  /** 'http://127.0.0.1:<port>', no trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  // The SQLite driver loads only when a data file is asked for (it is a native module: slower to load).
  const backend = opts.dataFile
    ? (await import('./store/sqlite.ts')).openSqliteBackend(opts.dataFile)
    : nullBackend;
  const store = new Store(backend);
  const now = opts.now ?? Date.now;
  const emu = new Emulator(store, now, {
    timestampSkewSeconds: opts.timestampSkewSeconds ?? 300,
    quiet: opts.quiet ?? false,
    triggerTimeoutMs: opts.triggerTimeoutMs ?? 5000,
  });
  try {
    if (opts.seed) await applySeed(emu, loadSeed(opts.seed));
  } catch (err) {
    store.close();
    throw err;
  }
  const server = createEmulatorServer(emu);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((err) => {
    store.close();
    throw err;
  });
  const sweep = setInterval(() => store.sweepRefreshTokens(now() / 1000), 10 * 60_000);
  sweep.unref();
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close() {
      closed ??= new Promise<void>((resolve) => {
        clearInterval(sweep);
        server.closeAllConnections();
        server.close(() => {
          store.close();
          resolve();
        });
      });
      return closed;
    },
  };
}
