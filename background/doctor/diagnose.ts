import type {
  ActivityErrorReason,
  ActivityView,
  DeviceStatus,
  Diagnosis,
  SitePolicy,
} from '../../src/messages/index.ts';
import { trustEnded } from '../../src/site-rules.ts';

/** What the doctor reads: the site record, this site's devices and its activity, newest first. */
export interface Observations {
  site?: {
    policy: SitePolicy;
    clients: { clientId: string; endpoint: string; poolId?: string }[];
    /** Trust lifetime in days; absent: no limit. */
    trustDays?: number;
  };
  devices: { poolId: string; username: string; status: DeviceStatus; createdAt?: number }[];
  activity: ActivityView[];
  /** When the doctor looks (ms): a device past the site's trust lifetime is no longer presented. */
  now?: number;
}

const SEVERITY = { problem: 0, action: 1, info: 2 } as const;

/**
 * The finding for each reason an error was logged, read from the entry's reason and never from its
 * words (those are for people and may change). Entries logged before reasons were recorded got theirs
 * when the vault was upgraded (background/vault/legacy-activity.ts). The detail goes along, for people.
 */
const ERROR_FINDING: Record<ActivityErrorReason, Pick<Diagnosis, 'code' | 'severity'>> = {
  'endpoint-conflict': { code: 'endpoint-conflict', severity: 'problem' },
  // Like a conflict, a client past the cap is bound to nothing: its device is not used.
  'client-cap': { code: 'endpoint-conflict', severity: 'problem' },
  'device-refused': { code: 'device-rejected', severity: 'info' },
  'device-cap': { code: 'other-error', severity: 'problem' },
  'enrolment-rate-cap': { code: 'other-error', severity: 'problem' },
  'pending-cap': { code: 'other-error', severity: 'problem' },
  'alias-needs-secret-hash': { code: 'other-error', severity: 'problem' },
  'reply-too-large': { code: 'other-error', severity: 'problem' },
  'device-key-taken': { code: 'other-error', severity: 'problem' },
  'confirm-device-failed': { code: 'other-error', severity: 'problem' },
  unrecorded: { code: 'other-error', severity: 'problem' },
};

type Account = { poolId: string; username: string };
const key = (a: { poolId?: string; username?: string }) => `${a.poolId ?? ''} ${a.username ?? ''}`;

/**
 * Why this site may still ask for the second factor. Only what happened since an account's last
 * skipped code counts: a sign-in that skipped it has nothing left to explain. Pure: the popup's
 * `site.doctor` request and the tests call it with what the vault holds.
 */
export function diagnose(o: Observations): Diagnosis[] {
  if (!o.site) return [{ code: 'site-not-enabled', severity: 'action' }];
  const out: Diagnosis[] = [];
  const add = (d: Diagnosis) => {
    if (!out.some((x) => x.code === d.code && key(x) === key(d))) out.push(d);
  };
  const signInSeen = o.site.clients.length > 0 || o.activity.some((a) => a.kind !== 'site-enabled');
  // Info, not a problem: right after enabling, no sign-in is expected yet.
  if (!signInSeen) add({ code: 'no-cognito-calls', severity: 'info' });

  const lastSkip = new Map<string, number>();
  let siteLastSkip = 0;
  for (const a of o.activity) {
    if (a.kind !== 'mfa-skipped') continue;
    lastSkip.set(key(a), Math.max(lastSkip.get(key(a)) ?? 0, a.at));
    siteLastSkip = Math.max(siteLastSkip, a.at);
  }
  // A device that is not remembered is asked for a code by design: that is its own finding below.
  const unremembered = new Set(
    o.devices.filter((d) => d.status === 'pending' || d.status === 'not_remembered').map(key),
  );
  const servable = new Set(
    o.devices.filter((d) => d.status !== 'broken' && d.status !== 'unconfirmed').map(key),
  );
  for (const a of o.activity) {
    const since = a.username === undefined ? siteLastSkip : (lastSkip.get(key(a)) ?? 0);
    if (a.at <= since) continue;
    const who: Partial<Account> & { at: number } = { at: a.at };
    if (a.poolId !== undefined) who.poolId = a.poolId;
    if (a.username !== undefined) who.username = a.username;
    const detail = a.detail !== undefined ? { detail: a.detail } : {};
    if (a.kind === 'mfa-asked' && !unremembered.has(key(a)))
      add({ code: 'mfa-despite-device', severity: 'problem', ...who, ...detail });
    else if (a.kind === 'no-device-issued' && !servable.has(key(a)))
      add({ code: 'device-tracking-off', severity: 'problem', ...who });
    else if (a.kind === 'trust-ended')
      add({ code: 'trust-ended', severity: 'info', ...who, detail: String(a.trustDays) });
    else if (a.kind === 'stale-device-replaced')
      add({ code: 'device-forgotten-elsewhere', severity: 'info', ...who });
    else if (a.kind === 'error') add({ ...ERROR_FINDING[a.reason], ...who, ...detail });
  }
  for (const d of o.devices) {
    const who = { poolId: d.poolId, username: d.username };
    if (d.status === 'pending') add({ code: 'waiting-for-answer', severity: 'action', ...who });
    else if (d.status === 'not_remembered')
      add({ code: 'device-not-remembered', severity: 'action', ...who });
    else if (d.status === 'broken') add({ code: 'device-rejected', severity: 'info', ...who });
    else if (
      d.status === 'remembered' &&
      d.createdAt !== undefined &&
      o.now !== undefined &&
      trustEnded(o.site.trustDays, d.createdAt, o.now)
    )
      add({ code: 'trust-ended', severity: 'action', ...who, detail: String(o.site.trustDays) });
  }
  return out.sort((a, b) => SEVERITY[a.severity] - SEVERITY[b.severity] || (b.at ?? 0) - (a.at ?? 0));
}
