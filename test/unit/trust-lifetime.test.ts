// Trust lifetime as a site setting: one rule (src/site-rules.ts) read by a settings file, managed
// configuration and the popup's request; stored on the site record; shown in the import preview and
// the popup's summary. The expiry itself is covered against the emulator in
// test/integration/trust-lifetime.test.ts.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../background/doctor/diagnose.ts';
import { planEntry } from '../../background/sites/import-plan.ts';
import { siteLifecycle } from '../../background/sites/lifecycle.ts';
import { toolbarState } from '../../background/toolbar/state.ts';
import { openVault } from '../../background/vault/open.ts';
import { Vault } from '../../background/vault/vault.ts';
import { summarize } from '../../popup/summary.ts';
import { parseManagedConfig } from '../../src/managed-config.ts';
import { ExtensionPageRequest, SETTINGS_FORMAT, SettingsFile } from '../../src/messages/index.ts';
import { MAX_TRUST_DAYS, trustEnded } from '../../src/site-rules.ts';

const A = 'https://a.example';
const DAY = 24 * 60 * 60 * 1000;
const file = (site: object) => ({ format: SETTINGS_FORMAT, version: 1, sites: [{ origin: A, ...site }] });

describe('the trust lifetime rule', () => {
  it('counts whole days from enrolment; no value means no limit', () => {
    expect(trustEnded(30, 0, 30 * DAY - 1)).toBe(false);
    expect(trustEnded(30, 0, 30 * DAY)).toBe(true);
    expect(trustEnded(undefined, 0, 100 * 365 * DAY)).toBe(false);
  });

  it('is the same in a settings file, managed configuration and the popup request', () => {
    for (const good of [1, 30, MAX_TRUST_DAYS]) {
      expect(v.safeParse(SettingsFile, file({ policy: 'ask', trustDays: good })).success).toBe(true);
      expect(parseManagedConfig({ sites: [{ origin: A, trustDays: good }] }).sites[0]?.trustDays).toBe(good);
      const req = { type: 'site.setTrustDays', origin: A, trustDays: good };
      expect(v.safeParse(ExtensionPageRequest, req).success).toBe(true);
    }
    for (const bad of [0, -1, 1.5, MAX_TRUST_DAYS + 1, '30', null]) {
      expect(v.safeParse(SettingsFile, file({ policy: 'ask', trustDays: bad })).success).toBe(false);
      const managed = parseManagedConfig({ sites: [{ origin: A, trustDays: bad }] });
      expect(managed.sites).toEqual([]);
      expect(managed.problems[0]).toMatch(/"trustDays" must be a whole number of days from 1 to 3650/);
      const req = { type: 'site.setTrustDays', origin: A, trustDays: bad };
      expect(v.safeParse(ExtensionPageRequest, req).success).toBe(false);
    }
    // Without a value the request lifts the limit.
    expect(v.safeParse(ExtensionPageRequest, { type: 'site.setTrustDays', origin: A }).success).toBe(true);
  });
});

describe('trust lifetime on the site record', () => {
  it('is set, kept and lifted through the lifecycle, the one path every caller takes', async () => {
    const vault = new Vault(await openVault('trust-test', new IDBFactory()));
    const sites = siteLifecycle({
      vault,
      now: () => 1000,
      hostPattern: (o) => `${o}/*`,
      hasHostPermission: async () => true,
      releaseHostPermission: async () => {},
      registerScripts: async () => {},
      unregisterScripts: async () => {},
      injectIntoOpenTabs: async () => {},
      forgetSiteState: async () => {},
    });
    await sites.enable(A, { settings: { trustDays: 14 } });
    expect((await vault.getSite(A))?.trustDays).toBe(14);
    await sites.applySettings(A, { policy: 'always' });
    expect((await vault.getSite(A))?.trustDays).toBe(14);
    await sites.applySettings(A, { trustDays: null });
    expect(await vault.getSite(A)).not.toHaveProperty('trustDays');
    expect(await vault.setTrustDays('https://other.example', 3)).toBe(false);
  });
});

describe('import preview', () => {
  const site = { origin: A, policy: 'ask' as const, clients: [], enabledAt: 1, trustDays: 30 };
  it('lists a trust lifetime set, changed or lifted', () => {
    expect(planEntry({ origin: A, policy: 'ask', trustDays: 7 }, site, true)).toEqual({
      origin: A,
      kind: 'update',
      trustDays: { from: 30, to: 7 },
      needsAccess: false,
    });
    expect(planEntry({ origin: A, policy: 'ask' }, site, true)).toMatchObject({
      kind: 'update',
      trustDays: { from: 30 },
    });
    expect(planEntry({ origin: A, policy: 'ask', trustDays: 30 }, site, true).kind).toBe('same');
    expect(
      planEntry({ origin: 'https://b.example', policy: 'ask', trustDays: 5 }, undefined, true),
    ).toMatchObject({ kind: 'add', trustDays: { to: 5 } });
  });
});

describe('doctor and summary', () => {
  const siteView = {
    origin: A,
    enabled: true,
    policy: 'ask' as const,
    clients: [],
    users: [],
    trustDays: 30,
  };
  const device = {
    poolId: 'us-east-1_P',
    username: 'amy',
    deviceKey: 'k',
    deviceName: 'Chrome on Linux',
    status: 'remembered' as const,
    origin: A,
    createdAt: 0,
  };
  const observed = (now: number) =>
    diagnose({
      site: { policy: 'ask', clients: [], trustDays: 30 },
      devices: [device],
      activity: [{ at: 1, kind: 'enrolled', origin: A, poolId: 'us-east-1_P', username: 'amy' }],
      now,
    });

  it('the summary stops promising a skipped code once the term is over', () => {
    expect(summarize(siteView, [device], observed(29 * DAY)).title).toBe(
      'Remembered for amy — next sign-in skips the code',
    );
    const ended = observed(30 * DAY);
    expect(ended).toContainEqual(
      expect.objectContaining({ code: 'trust-ended', severity: 'action', detail: '30' }),
    );
    const s = summarize(siteView, [device], ended);
    expect(s.title).toBe('Trust for this browser ended — next sign-in asks for the code');
    expect(s.hint).toContain('30 days');
  });
});

describe('toolbar', () => {
  it('stops showing "remembered here" once the term is over', () => {
    const site = { origin: A, policy: 'ask' as const, clients: [], enabledAt: 0, trustDays: 2 };
    const device = {
      poolId: 'us-east-1_P',
      username: 'amy',
      deviceKey: 'k',
      deviceGroupKey: 'g',
      devicePassword: 'p',
      deviceName: 'Chrome on Linux',
      status: 'remembered' as const,
      origin: A,
      endpoint: 'https://cognito-idp.us-east-1.amazonaws.com/',
      createdAt: 0,
    };
    const at = (now: number) => toolbarState({ origin: A, site, devices: [device], activity: [], now });
    expect(at(2 * DAY - 1)).toBe('remembered');
    expect(at(2 * DAY)).toBe('enabled');
  });
});
