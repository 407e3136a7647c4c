import type { ActivityErrorReason } from '../../src/messages/index.ts';
import type { ActivityRecord } from './schema.ts';

/** An activity entry as vault versions 1 to 3 stored it: the kind and the carrier's words, no facts. */
export interface ActivityRecordV3 {
  id?: number;
  at: number;
  kind: string;
  origin?: string;
  poolId?: string;
  username?: string;
  detail?: string;
}

/**
 * The words the carrier logged each error with, up to vault version 3. Those versions are released,
 * so these words are fixed: this table is the one place that reads an entry's words, once, when the
 * vault is upgraded; everything after reads the reason. Never extend it for new wording: new entries
 * carry their reason from the line that logs them.
 */
const V3_ERROR_WORDS: readonly (readonly [RegExp, ActivityErrorReason])[] = [
  [/called a different endpoint than before/, 'endpoint-conflict'],
  [/app clients: the new ones are not used/, 'client-cap'],
  [/devices kept for this site: not enrolled/, 'device-cap'],
  [/devices enrolled in an hour: not enrolled/, 'enrolment-rate-cap'],
  [/devices already wait for your answer: not enrolled/, 'pending-cap'],
  [/refused this browser/, 'device-refused'],
  [/^Device not (presented|enrolled): this site signs in with an alias/, 'alias-needs-secret-hash'],
  [/^A reply of \d+ characters was refused/, 'reply-too-large'],
  [/^New device refused: its key belongs to another device/, 'device-key-taken'],
  [/^ConfirmDevice failed/, 'confirm-device-failed'],
];
const V3_TRUST_DAYS = /ended after (\d+) days?/;

/**
 * A version-3 entry with the facts its kind now carries, read from its words: an error's reason (one
 * the words name none of is 'unrecorded', still reported as an error), a trust-ended entry's days. An
 * ended trust whose words give no days (no released version wrote one) becomes an 'unrecorded' error
 * that keeps its words, so the entry is still shown and still counts as something the doctor reports.
 */
export function activityFromV3(old: ActivityRecordV3): ActivityRecord {
  const { kind, ...rest } = old;
  if (kind === 'trust-ended') {
    const days = V3_TRUST_DAYS.exec(old.detail ?? '')?.[1];
    if (days !== undefined) return { ...rest, kind, trustDays: Number(days) };
    return { ...rest, kind: 'error', reason: 'unrecorded' };
  }
  if (kind === 'error') {
    const found = V3_ERROR_WORDS.find(([words]) => words.test(old.detail ?? ''));
    return { ...rest, kind, reason: found?.[1] ?? 'unrecorded' };
  }
  return old as ActivityRecord;
}
