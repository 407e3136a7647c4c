// One seeded emulator per test file: started before the file's tests, stopped after them, with the
// official AWS SDK pointed at it; and the "this call must fail" helper the contract files share.
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll } from 'vitest';
import { type RunningEmulator, type SeedPool, sdkClient, startSeededEmulator } from './cognito-fixtures.ts';

export type EmulatorStartOptions = NonNullable<Parameters<typeof startSeededEmulator>[1]>;

export interface EmulatorFixture extends RunningEmulator {
  /** The AWS SDK on this emulator (Admin* calls signed with throwaway credentials), made on first use. */
  readonly sdk: CognitoIdentityProviderClient;
}

/**
 * Registers a beforeAll that starts the emulator seeded with `pools` and an afterAll that stops it
 * (and the SDK client). The returned object reads the running emulator, so use it inside hooks and
 * tests; hooks a file registers after this call run after the start and before the stop.
 */
export function useSeededEmulator(
  pools: SeedPool[] | (() => SeedPool[]),
  options: EmulatorStartOptions = {},
): EmulatorFixture {
  let running: RunningEmulator | undefined;
  let sdk: CognitoIdentityProviderClient | undefined;
  const started = (): RunningEmulator => {
    if (!running) throw new Error('the emulator starts in beforeAll: read it inside a hook or a test');
    return running;
  };
  beforeAll(async () => {
    running = await startSeededEmulator(typeof pools === 'function' ? pools() : pools, options);
  });
  afterAll(async () => {
    sdk?.destroy();
    await running?.close();
  });
  return {
    get url() {
      return started().url;
    },
    get port() {
      return started().port;
    },
    get clock() {
      return started().clock;
    },
    get totp() {
      return started().totp;
    },
    close: () => started().close(),
    get sdk() {
      sdk ??= sdkClient(started().url);
      return sdk;
    },
  };
}

/** The error `call` rejects with; fails the test when it resolves. */
export async function failure<E = Error & { $metadata?: { httpStatusCode?: number } }>(
  call: Promise<unknown>,
): Promise<E> {
  try {
    await call;
  } catch (error) {
    return error as E;
  }
  throw new Error('expected the call to fail');
}
