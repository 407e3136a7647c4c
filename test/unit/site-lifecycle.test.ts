// The site lifecycle (background/sites/lifecycle.ts) over a real vault on fake-indexeddb, with the
// browser's side recorded through its injected dependencies: no browser module is mocked.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { CallContext } from '../../background/cognito-call/context.ts';
import { endpointAllowed } from '../../background/cognito-call/site-limits.ts';
import { planEntry } from '../../background/sites/import-plan.ts';
import { type SiteDeps, siteLifecycle } from '../../background/sites/lifecycle.ts';
import { openVault } from '../../background/vault/open.ts';
import { Vault } from '../../background/vault/vault.ts';
import { originPattern } from '../../src/origin-pattern.ts';

async function setup(browser: 'chrome' | 'firefox' = 'chrome', granted: string[] = []) {
  const vault = new Vault(await openVault('lifecycle-test', new IDBFactory()));
  const calls: string[] = [];
  const permissions = new Set(granted.map((o) => originPattern(o, browser)));
  const deps: SiteDeps = {
    vault,
    now: () => 1000,
    hostPattern: (origin) => originPattern(origin, browser),
    hasHostPermission: async (origin) => permissions.has(originPattern(origin, browser)),
    releaseHostPermission: async (origin) => {
      calls.push(`release ${origin}`);
      permissions.delete(originPattern(origin, browser));
    },
    registerScripts: async (origin) => void calls.push(`register ${origin}`),
    unregisterScripts: async (origin) => void calls.push(`unregister ${origin}`),
    injectIntoOpenTabs: async (origins) => void calls.push(`inject ${origins.join(' ')}`),
    forgetSiteState: async (origin) => void calls.push(`forget ${origin}`),
  };
  return { vault, calls, permissions, sites: siteLifecycle(deps) };
}

const A = 'https://a.example';

describe('site lifecycle', () => {
  it('enables a granted site once: scripts, record, activity entry, open tabs; settings applied', async () => {
    const { vault, calls, sites } = await setup('chrome', [A]);
    const first = await sites.enable(A, {
      settings: { policy: 'always', customEndpoint: 'https://auth.a.example/' },
    });
    expect(first).toMatchObject({
      kind: 'enabled',
      created: true,
      site: { policy: 'always', customEndpoint: 'https://auth.a.example/' },
    });
    const again = await sites.enable(A, { cause: 'administrator' });
    expect(again).toMatchObject({ kind: 'enabled', created: false });
    expect(calls).toEqual([`register ${A}`, `inject ${A}`]);
    expect((await vault.listActivity()).map((a) => a.kind)).toEqual(['site-enabled']);
  });

  it('changes nothing for a site the browser has not granted', async () => {
    const { vault, calls, sites } = await setup();
    expect(await sites.enable(A, { settings: { policy: 'always' } })).toEqual({
      kind: 'needs-access',
      origin: A,
    });
    expect(await vault.listSites()).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('disabling drops scripts, record and per-site state, and gives the host permission back', async () => {
    const { vault, calls, permissions, sites } = await setup('chrome', [A]);
    await sites.enable(A);
    calls.length = 0;
    await sites.disable(A);
    expect(calls).toEqual([`unregister ${A}`, `forget ${A}`, `release ${A}`]);
    expect(permissions.size).toBe(0);
    expect(await vault.getSite(A)).toBeUndefined();
  });

  it('in Firefox, keeps the host permission another enabled port of the same host still needs', async () => {
    const one = 'http://dev.example:3000';
    const two = 'http://dev.example:4000';
    const { calls, sites } = await setup('firefox', [one, two]);
    await sites.enable(one);
    await sites.enable(two);
    calls.length = 0;
    await sites.disable(one);
    expect(calls).not.toContain(`release ${one}`);
    await sites.disable(two);
    expect(calls).toContain(`release ${two}`);
  });

  it('a revoked permission disables without trying to release it again', async () => {
    const { calls, sites } = await setup('chrome', [A]);
    await sites.enable(A);
    calls.length = 0;
    await sites.disable(A, { cause: 'revoked' });
    expect(calls).toEqual([`unregister ${A}`, `forget ${A}`]);
  });
});

describe('import plan', () => {
  const site = {
    origin: A,
    policy: 'ask' as const,
    clients: [],
    enabledAt: 1,
    customEndpoint: 'https://auth.a.example/',
  };
  it('calls out an endpoint set, changed or removed, and a policy changed', () => {
    expect(
      planEntry({ origin: A, policy: 'ask', customEndpoint: 'https://evil.example/' }, site, true),
    ).toEqual({
      origin: A,
      kind: 'update',
      endpoint: { from: 'https://auth.a.example/', to: 'https://evil.example/' },
      needsAccess: false,
    });
    expect(planEntry({ origin: A, policy: 'always' }, site, true)).toEqual({
      origin: A,
      kind: 'update',
      policy: { from: 'ask', to: 'always' },
      endpoint: { from: 'https://auth.a.example/' },
      needsAccess: false,
    });
    expect(
      planEntry({ origin: A, policy: 'ask', customEndpoint: 'https://auth.a.example/' }, site, true),
    ).toEqual({
      origin: A,
      kind: 'same',
      needsAccess: false,
    });
    expect(planEntry({ origin: 'https://b.example', policy: 'never' }, undefined, false)).toEqual({
      origin: 'https://b.example',
      kind: 'add',
      policy: { to: 'never' },
      needsAccess: true,
    });
  });
});

describe('where the carrier fetches for a page (release rule)', () => {
  const ctxFor = async (origin: string) => {
    const { vault } = await setup();
    await vault.enableSite('http://127.0.0.1:3000', 1);
    return { origin, vault } as unknown as CallContext;
  };
  it.each([
    ['https://app.example', 'https://cognito-idp.eu-west-1.amazonaws.com/', true],
    ['https://app.example', 'http://cognito-idp.eu-west-1.amazonaws.com/', false],
    ['https://app.example', 'https://app.example/cognito', true],
    ['https://app.example', 'https://192.168.1.20/', false],
    ['https://app.example', 'http://127.0.0.1:9229/', false],
    ['http://localhost:5173', 'http://127.0.0.1:9229/', true],
    ['http://localhost:5173', 'http://127.0.0.1:3000/', false],
  ])('a page on %s aiming at %s: %s', async (origin, endpoint, allowed) => {
    expect(await endpointAllowed(await ctxFor(origin), endpoint, false)).toBe(allowed);
  });
});
