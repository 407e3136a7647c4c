// Shared helpers for tests that talk to the Cognito emulator over loopback HTTP:
// start it with a seeded pool, mint TOTP codes, read the outbox, and stand in for browser storage.
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { TestClock, TotpCodes } from '../../dev/clock.ts';
import { type SeedPool, startEmulator } from '../../emulator/index.ts';
import { newTotpSecret, totpAt } from './totp.ts';

export type { SeedClient, SeedPool, SeedUser } from '../../emulator/index.ts';

export const ALL_USER_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];

export interface RunningEmulator {
  url: string;
  port: number;
  clock: TestClock;
  totp: TotpCodes;
  close(): Promise<void>;
}

/** Starts an in-process emulator on a free loopback port, seeded with the given pools. */
export async function startSeededEmulator(
  pools: SeedPool[],
  opts: {
    timestampSkewSeconds?: number;
    dataFile?: string;
    clock?: TestClock;
    triggerTimeoutMs?: number;
  } = {},
): Promise<RunningEmulator> {
  const clock = opts.clock ?? new TestClock();
  const emulator = await startEmulator({
    port: 0,
    seed: { pools },
    quiet: true,
    now: clock.now,
    ...(opts.timestampSkewSeconds === undefined ? {} : { timestampSkewSeconds: opts.timestampSkewSeconds }),
    ...(opts.dataFile === undefined ? {} : { dataFile: opts.dataFile }),
    ...(opts.triggerTimeoutMs === undefined ? {} : { triggerTimeoutMs: opts.triggerTimeoutMs }),
  });
  return {
    url: emulator.url,
    port: emulator.port,
    clock,
    totp: new TotpCodes(clock),
    close: () => emulator.close(),
  };
}

export { newTotpSecret, TestClock, TotpCodes, totpAt };

export interface OutboxMessage {
  code: string;
  [key: string]: unknown;
}

/** Messages (SMS / email codes) the emulator "sent" to a user, oldest first. */
export async function readOutbox(url: string, poolId: string, username: string): Promise<OutboxMessage[]> {
  const query = new URLSearchParams({ poolId, username });
  const res = await fetch(`${url}/_emulator/outbox?${query}`);
  if (!res.ok) throw new Error(`outbox: HTTP ${res.status}`);
  const body: unknown = await res.json();
  const list = Array.isArray(body) ? body : (body as { messages?: unknown }).messages;
  if (!Array.isArray(list)) throw new Error(`outbox: unexpected body ${JSON.stringify(body)}`);
  return list.filter(
    (m): m is OutboxMessage =>
      typeof m === 'object' && m !== null && typeof (m as OutboxMessage).code === 'string',
  );
}

export async function latestOutboxCode(url: string, poolId: string, username: string): Promise<string> {
  const messages = await readOutbox(url, poolId, username);
  const last = messages.at(-1);
  if (!last) throw new Error(`outbox: no message for ${username}`);
  return last.code;
}

export interface Fault {
  operation: string;
  kind: 'error' | 'delay' | 'drop';
  errorType?: string;
  message?: string;
  delayMs?: number;
  times?: number;
}

export async function injectFault(url: string, fault: Fault): Promise<void> {
  const res = await fetch(`${url}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  if (!res.ok) throw new Error(`faults: HTTP ${res.status}`);
}

/** The browser Storage subset amazon-cognito-identity-js and Amplify use, kept in memory. */
export class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  clear(): void {
    this.items.clear();
  }
  keys(): string[] {
    return [...this.items.keys()];
  }
}

/** The official SDK pointed at the emulator; Admin* calls are signed with throwaway credentials. */
export function sdkClient(url: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'emulator-does-not-check' },
    maxAttempts: 1,
  });
}

export interface CognitoExchange {
  operation: string;
  request: Record<string, unknown>;
  status: number;
  response: Record<string, unknown>;
}

/**
 * Records every Cognito JSON call made through globalThis.fetch (amazon-cognito-identity-js and
 * Amplify both use it), so a test can assert which challenges a real client went through.
 */
export function recordCognitoTraffic(): {
  exchanges: CognitoExchange[];
  challenges(): string[];
  stop(): void;
} {
  const original = globalThis.fetch;
  const exchanges: CognitoExchange[] = [];
  const recording: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const target = headers.get('x-amz-target');
    const res = await original(input, init);
    if (target && typeof init?.body === 'string') {
      const response = (await res
        .clone()
        .json()
        .catch(() => ({}))) as Record<string, unknown>;
      exchanges.push({
        operation: target.split('.').pop() ?? target,
        request: JSON.parse(init.body) as Record<string, unknown>,
        status: res.status,
        response,
      });
    }
    return res;
  };
  globalThis.fetch = recording;
  return {
    exchanges,
    /** Challenge names the server answered with, in order ("tokens" for an AuthenticationResult). */
    challenges: () =>
      exchanges
        .filter((e) => e.operation === 'InitiateAuth' || e.operation === 'RespondToAuthChallenge')
        .map((e) =>
          e.status !== 200
            ? `error:${String(e.response.__type ?? e.status)
                .split('#')
                .pop()}`
            : typeof e.response.ChallengeName === 'string'
              ? e.response.ChallengeName
              : 'tokens',
        ),
    stop: () => {
      globalThis.fetch = original;
    },
  };
}

export function attribute(
  attrs: ReadonlyArray<{ Name?: string; Value?: string }> | undefined,
  name: string,
): string | undefined {
  return attrs?.find((a) => a.Name === name)?.Value;
}
