import { describe, expect, it } from 'vitest';
import { diagnose, type Observations } from '../../background/doctor/diagnose.ts';
import type { ActivityFacts, ActivityView, PlainActivityKind } from '../../src/messages/index.ts';

const POOL = 'us-east-1_Doc1';
const site: Observations['site'] = {
  policy: 'ask',
  clients: [{ clientId: 'client1', endpoint: 'https://cognito-idp.us-east-1.amazonaws.com/', poolId: POOL }],
};
const act = (
  at: number,
  what: PlainActivityKind | ActivityFacts,
  username?: string,
  detail?: string,
): ActivityView => ({
  at,
  ...(typeof what === 'string' ? { kind: what } : what),
  origin: 'https://app.example',
  ...(username ? { poolId: POOL, username } : {}),
  ...(detail ? { detail } : {}),
});
const codes = (o: Observations) => diagnose(o).map((d) => d.code);

describe('site doctor', () => {
  it('says the site is not enabled', () => {
    expect(codes({ devices: [], activity: [] })).toEqual(['site-not-enabled']);
  });

  it('sees no Cognito calls from a page that signs in elsewhere', () => {
    const o = {
      site: { policy: 'ask' as const, clients: [] },
      devices: [],
      activity: [act(1, 'site-enabled')],
    };
    expect(diagnose(o)).toEqual([{ code: 'no-cognito-calls', severity: 'info' }]);
  });

  it('finds device tracking off when tokens came with no device and none exists', () => {
    expect(diagnose({ site, devices: [], activity: [act(2, 'no-device-issued', 'alice')] })).toEqual([
      { code: 'device-tracking-off', severity: 'problem', poolId: POOL, username: 'alice', at: 2 },
    ]);
  });

  it('finds the pool asking for a code although the remembered device was presented', () => {
    const devices = [{ poolId: POOL, username: 'alice', status: 'remembered' as const }];
    const found = diagnose({ site, devices, activity: [act(3, 'mfa-asked', 'alice', 'SMS_MFA')] });
    expect(found).toEqual([
      {
        code: 'mfa-despite-device',
        severity: 'problem',
        poolId: POOL,
        username: 'alice',
        detail: 'SMS_MFA',
        at: 3,
      },
    ]);
  });

  it('does not blame the pool for asking when the device is not remembered: it waits for the answer', () => {
    const devices = [{ poolId: POOL, username: 'alice', status: 'pending' as const }];
    expect(codes({ site, devices, activity: [act(3, 'mfa-asked', 'alice', 'SOFTWARE_TOKEN_MFA')] })).toEqual([
      'waiting-for-answer',
    ]);
    const declined = [{ poolId: POOL, username: 'alice', status: 'not_remembered' as const }];
    expect(codes({ site, devices: declined, activity: [] })).toEqual(['device-not-remembered']);
  });

  it('finds an endpoint or app-client conflict', () => {
    const conflict = act(
      4,
      { kind: 'error', reason: 'endpoint-conflict' },
      undefined,
      'App client c1 called a different endpoint than before; device not used',
    );
    expect(codes({ site, devices: [], activity: [conflict] })).toEqual(['endpoint-conflict']);
    const cap = act(
      4,
      { kind: 'error', reason: 'client-cap' },
      undefined,
      'More than 20 app clients: the new ones are not used',
    );
    expect(codes({ site, devices: [], activity: [cap] })).toEqual(['endpoint-conflict']);
  });

  it('finds a device the pool refused, and one forgotten elsewhere', () => {
    const broken = [{ poolId: POOL, username: 'bob', status: 'broken' as const }];
    expect(codes({ site, devices: broken, activity: [] })).toEqual(['device-rejected']);
    const refused = act(
      5,
      { kind: 'error', reason: 'device-refused' },
      'bob',
      'The pool refused this browser’s device (NotAuthorizedException); …',
    );
    expect(codes({ site, devices: [], activity: [refused] })).toEqual(['device-rejected']);
    const stale = act(6, 'stale-device-replaced', 'bob');
    expect(codes({ site, devices: [], activity: [act(7, 'enrolled', 'bob'), stale] })).toEqual([
      'device-forgotten-elsewhere',
    ]);
  });

  it('forgets what a later skipped code already settled, per account', () => {
    const activity = [
      act(9, 'mfa-skipped', 'alice'),
      act(8, 'mfa-asked', 'bob', 'EMAIL_OTP'),
      act(7, 'mfa-asked', 'alice', 'SMS_MFA'),
      act(
        6,
        { kind: 'error', reason: 'endpoint-conflict' },
        undefined,
        'App client c1 called another endpoint',
      ),
    ];
    const found = diagnose({ site, devices: [], activity });
    expect(found.map((d) => [d.code, d.username])).toEqual([['mfa-despite-device', 'bob']]);
  });

  it('reports another logged error in the carrier’s words, problems first', () => {
    const devices = [{ poolId: POOL, username: 'carl', status: 'pending' as const }];
    const found = diagnose({
      site,
      devices,
      activity: [
        act(3, { kind: 'error', reason: 'confirm-device-failed' }, 'dora', 'ConfirmDevice failed: HTTP 500'),
      ],
    });
    expect(found.map((d) => [d.code, d.detail])).toEqual([
      ['other-error', 'ConfirmDevice failed: HTTP 500'],
      ['waiting-for-answer', undefined],
    ]);
  });

  it('reads what an entry says from its reason and days, never from its words', () => {
    // The words are for people: reworded, or even naming another error, the finding follows the fields.
    const said = (reason: 'endpoint-conflict' | 'client-cap' | 'device-refused' | 'pending-cap') =>
      act(
        4,
        { kind: 'error', reason },
        'bob',
        'The pool refused this browser; a different endpoint than before',
      );
    expect(codes({ site, devices: [], activity: [said('endpoint-conflict')] })).toEqual([
      'endpoint-conflict',
    ]);
    expect(codes({ site, devices: [], activity: [said('client-cap')] })).toEqual(['endpoint-conflict']);
    expect(codes({ site, devices: [], activity: [said('device-refused')] })).toEqual(['device-rejected']);
    expect(codes({ site, devices: [], activity: [said('pending-cap')] })).toEqual(['other-error']);
    const ended = act(5, { kind: 'trust-ended', trustDays: 7 }, 'amy', 'Trust ran out after 30 days');
    expect(diagnose({ site, devices: [], activity: [ended] })).toEqual([
      { code: 'trust-ended', severity: 'info', poolId: POOL, username: 'amy', detail: '7', at: 5 },
    ]);
  });

  it('has nothing to say about a site whose last sign-in skipped the code', () => {
    const devices = [{ poolId: POOL, username: 'alice', status: 'remembered' as const }];
    expect(
      diagnose({ site, devices, activity: [act(2, 'mfa-skipped', 'alice'), act(1, 'enrolled', 'alice')] }),
    ).toEqual([]);
  });
});
