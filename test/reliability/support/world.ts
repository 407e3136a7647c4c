// One emulator, one extension background (router.ts route() over the fake browser) and pages that
// send their Cognito calls through route() as the relay does. Cognito calls the background makes
// pass through an interceptor that can arm an emulator fault for one step or "stop the worker" there.

import { AdminListDevicesCommand } from '@aws-sdk/client-cognito-identity-provider';
import { vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import type { CallContext } from '../../../background/cognito-call/context.ts';
import { openVault } from '../../../background/vault/open.ts';
import { Vault } from '../../../background/vault/vault.ts';
import { startEmulator } from '../../../emulator/index.ts';
import type { CognitoCallReply, PageReply, WakeReply } from '../../../src/messages/index.ts';
import { injectFault, sdkClient, TestClock, TotpCodes } from '../../support/cognito-fixtures.ts';
import { type CallResult, PageSimulator } from '../../support/page-simulator.ts';
import { aliasDevicePool, type PageUser, pageUser, seedUserOf } from '../../support/seed-builders.ts';
import { contentSender, popupSender } from './fake-browser.ts';

export const MFA_POOL = 'us-east-1_RelMfa1';
export const MFA_CLIENT = 'relclient00000000000000001';
export const OPTIN_POOL = 'us-east-1_RelOptIn1';
export const OPTIN_CLIENT = 'relclient00000000000000002';
export const NOMFA_POOL = 'us-east-1_RelNoMfa1';
export const NOMFA_CLIENT = 'relclient00000000000000003';
export const SITE_POOLS = Array.from({ length: 10 }, (_, i) => ({
  poolId: `us-east-1_RelSite${i}`,
  clientId: `relsiteclient0000000000000${String(i).padStart(2, '0')}`,
  origin: `https://site${i}.example`,
}));

export type User = PageUser;

function makeUsers(prefix: string, count: number): User[] {
  return Array.from({ length: count }, (_, i) => pageUser(`${prefix}${i}`));
}

function seedPool(id: string, clientId: string, users: User[], mfa: 'ON' | 'OFF', optIn = false) {
  const seeded = users.map((u) => seedUserOf(u, mfa === 'ON'));
  return aliasDevicePool(id, clientId, seeded, { mfa, optIn });
}

type RouteFn = (
  message: unknown,
  sender: Runtime.MessageSender,
) => Promise<CognitoCallReply | WakeReply | PageReply<unknown>>;

/** What the interceptor does at the first request of `step`. */
export type Plan =
  | { step: string; kind: 'error' | 'throttle' | 'delay' | 'drop' }
  | { step: string; kind: 'stop-before' | 'stop-after' };

/** The name of the step a Cognito request is: an operation, or the challenge it answers. */
export function stepOf(operation: string, body: string): string {
  try {
    const parsed = JSON.parse(body) as { AuthFlow?: string; ChallengeName?: string };
    if (operation === 'InitiateAuth')
      return /REFRESH/.test(parsed.AuthFlow ?? '') ? 'refresh' : 'InitiateAuth';
    if (operation === 'RespondToAuthChallenge') return parsed.ChallengeName ?? operation;
  } catch {
    // Not JSON: the operation names the step.
  }
  return operation;
}

/** The timeout the test gives the extension's fetch (its own is 30 s): a delay fault outlasts it. */
export const CLIENT_TIMEOUT_MS = 300;
export const DELAY_MS = 1200;

export class World {
  readonly pools = {
    mfa: makeUsers('m', 160),
    optin: makeUsers('o', 40),
    nomfa: makeUsers('n', 40),
    site: makeUsers('s', 2),
  };
  private next = { mfa: 0, optin: 0, nomfa: 0 };
  url = '';
  /** The emulator's clock: a second TOTP code in one window moves it on instead of waiting 30 s. */
  readonly clock = new TestClock();
  readonly totp = new TotpCodes(this.clock);
  close: () => Promise<void> = async () => {};
  route!: RouteFn;
  private plan: Plan | undefined;
  private stopped: (() => void) | undefined;
  /** Settles when the planned stop happened: the worker is gone and its pending replies never come. */
  died: Promise<'died'> = new Promise(() => {});
  readonly originalFetch = globalThis.fetch;
  /** Every Cognito request body the background sent, and every line it logged. */
  readonly sentBodies: string[] = [];
  readonly logged: string[] = [];

  async start(): Promise<void> {
    const emulator = await startEmulator({
      port: 0,
      quiet: true,
      now: this.clock.now,
      // The clock moves ahead of real time for TOTP windows; TIMESTAMPs are computed from real time.
      timestampSkewSeconds: 7 * 86_400,
      seed: {
        pools: [
          seedPool(MFA_POOL, MFA_CLIENT, this.pools.mfa, 'ON'),
          seedPool(OPTIN_POOL, OPTIN_CLIENT, this.pools.optin, 'ON', true),
          seedPool(NOMFA_POOL, NOMFA_CLIENT, this.pools.nomfa, 'OFF'),
          ...SITE_POOLS.map((s) => seedPool(s.poolId, s.clientId, this.pools.site, 'OFF')),
        ],
      },
    });
    this.url = emulator.url;
    this.close = async () => {
      vi.unstubAllGlobals();
      await emulator.close();
    };
    // Node 20 has no navigator; the background names devices from its user agent (and has no Web Locks here).
    vi.stubGlobal('navigator', {
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0.0.0 Safari/537.36',
    });
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => this.intercept(input, init));
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        this.logged.push(
          args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' '),
        );
      });
    }
    await this.restartWorker();
  }

  user(pool: 'mfa' | 'optin' | 'nomfa'): User {
    const u = this.pools[pool][this.next[pool]++];
    if (!u) throw new Error(`out of seeded ${pool} users`);
    return u;
  }

  /** A stopped service worker: the next event loads the background's modules afresh (IndexedDB and storage.session stay). */
  async restartWorker(): Promise<void> {
    vi.resetModules();
    this.route = (await import('../../../background/router.ts')).route;
  }

  arm(plan: Plan): void {
    this.plan = plan;
    this.died = new Promise((resolve) => {
      this.stopped = () => resolve('died');
    });
  }
  /** Back to normal: no planned step, and the (restarted) worker's replies arrive again. */
  disarm(): void {
    this.plan = undefined;
    this.died = new Promise(() => {});
  }
  /** Whether the armed plan has fired (its step was reached). */
  fired = false;

  private async intercept(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const target = new Headers(init?.headers).get('x-amz-target');
    const body = typeof init?.body === 'string' ? init.body : '';
    if (!target) return this.originalFetch(input, init);
    this.sentBodies.push(body);
    const operation = target.split('.').pop() ?? '';
    const plan = this.plan;
    if (!plan || stepOf(operation, body) !== plan.step) return this.originalFetch(input, init);
    this.plan = undefined;
    this.fired = true;
    switch (plan.kind) {
      case 'stop-before':
        this.stopped?.();
        return new Promise(() => {});
      case 'stop-after': {
        await (await this.originalFetch(input, init)).text();
        this.stopped?.();
        return new Promise(() => {});
      }
      case 'error':
        await injectFault(this.url, { operation, kind: 'error', times: 1 });
        break;
      case 'throttle':
        await injectFault(this.url, {
          operation,
          kind: 'error',
          errorType: 'TooManyRequestsException',
          message: 'Rate exceeded',
          times: 1,
        });
        break;
      case 'drop':
        await injectFault(this.url, { operation, kind: 'drop', times: 1 });
        break;
      case 'delay': {
        await injectFault(this.url, { operation, kind: 'delay', delayMs: DELAY_MS, times: 1 });
        const signals = [AbortSignal.timeout(CLIENT_TIMEOUT_MS), ...(init?.signal ? [init.signal] : [])];
        return this.originalFetch(input, { ...init, signal: AbortSignal.any(signals) });
      }
    }
    return this.originalFetch(input, init);
  }

  /** A page on `origin` whose Cognito library's calls reach the background through route(). */
  page(origin: string, poolId: string, clientId: string, tabId = 1): RoutedPage {
    return new RoutedPage(this, origin, poolId, clientId, tabId);
  }

  async popup<T>(request: object): Promise<PageReply<T>> {
    const reply = await Promise.race([
      this.route(request, popupSender as Runtime.MessageSender),
      this.died.then(() => ({
        ok: false as const,
        error: { code: 'worker-stopped', message: 'worker stopped' },
      })),
    ]);
    return reply as PageReply<T>;
  }

  async vault(): Promise<Vault> {
    return new Vault(await openVault());
  }

  async cognitoDevices(poolId: string, username: string): Promise<string[]> {
    const listed = await sdkClient(this.url).send(
      new AdminListDevicesCommand({ UserPoolId: poolId, Username: username }),
    );
    return (listed.Devices ?? []).map((d) => d.DeviceKey ?? '').sort();
  }
}

/** An error the page sees when the carrier fails (the hook turns it into a network error): the page may retry. */
export class CarrierError extends Error {}

export class RoutedPage extends PageSimulator {
  constructor(
    private readonly world: World,
    readonly origin: string,
    poolId: string,
    clientId: string,
    private readonly tabId: number,
  ) {
    // TOTP codes from the world's test clock: codes the emulator has not seen, without waiting.
    super({ origin } as CallContext, `${world.url}/`, poolId, clientId, (secret) => world.totp.code(secret));
  }

  override async call(operation: string, body: object): Promise<CallResult> {
    const text = JSON.stringify(body);
    const message = { type: 'cognito.call', endpoint: this.endpoint, operation, body: text };
    const reply = (await Promise.race([
      this.world.route(message, contentSender(this.origin, this.tabId) as unknown as Runtime.MessageSender),
      this.world.died.then((): CognitoCallReply => ({ kind: 'error', message: 'The extension stopped' })),
    ])) as CognitoCallReply;
    let result: { status: number; text: string };
    if (reply.kind === 'passthrough') {
      const res = await this.world.originalFetch(this.endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
        },
        body: text,
      });
      result = { status: res.status, text: await res.text() };
    } else if (reply.kind === 'error') {
      this.seen.push(reply.message);
      throw new CarrierError(reply.message);
    } else {
      result = { status: reply.status, text: reply.body };
    }
    this.seen.push(result.text);
    let parsed: Record<string, unknown> = {};
    try {
      parsed = result.text ? (JSON.parse(result.text) as Record<string, unknown>) : {};
    } catch {
      parsed = {};
    }
    return { ...result, body: parsed };
  }
}
