import type { Diagnosis, LocalDeviceView, SiteView } from '../src/messages/index.ts';
import { t } from './i18n.ts';

/** The one thing the popup says first about this site, this account and this browser. */
export interface Summary {
  tone: 'off' | 'ok' | 'todo' | 'wait' | 'alert';
  title: string;
  hint: string;
}

/**
 * Decided in one place, in this order: not enabled; a device waiting for the person's answer; a
 * problem the doctor found; the site's trust lifetime ended for a device; remembered here; not remembered here by choice; otherwise the first sign-in
 * (with its code) is still to come.
 */
export function summarize(site: SiteView, local: LocalDeviceView[], findings: Diagnosis[]): Summary {
  if (!site.enabled) return { tone: 'off', title: t('sumNotEnabled'), hint: t('sumNotEnabledHint') };
  const mine = local.filter((d) => d.origin === site.origin);
  const pending = mine.filter((d) => d.status === 'pending');
  if (pending.length > 0)
    return { tone: 'wait', title: t('sumWaiting'), hint: t('sumWaitingHint', names(pending)) };
  const problem = findings.find((f) => f.severity === 'problem');
  if (problem)
    return { tone: 'alert', title: t('sumAttention', doctorTitle(problem)), hint: t('sumAttentionHint') };
  const ended = findings.find((f) => f.code === 'trust-ended' && f.severity === 'action');
  if (ended)
    return { tone: 'todo', title: t('sumTrustEnded'), hint: t('sumTrustEndedHint', ended.detail ?? '') };
  const remembered = mine.filter((d) => d.status === 'remembered');
  if (remembered.length > 0)
    return { tone: 'ok', title: t('sumRemembered', names(remembered)), hint: t('sumRememberedHint') };
  const declined = mine.filter((d) => d.status === 'not_remembered');
  if (declined.length > 0)
    return { tone: 'todo', title: t('sumNotRemembered', names(declined)), hint: t('sumNotRememberedHint') };
  return { tone: 'todo', title: t('sumSignInOnce'), hint: t('sumSignInOnceHint') };
}

const names = (devices: LocalDeviceView[]) => [...new Set(devices.map((d) => d.username))].join(', ');

const TITLE = {
  'site-not-enabled': 'doc_not_enabled',
  'no-cognito-calls': 'doc_no_calls',
  'device-tracking-off': 'doc_tracking_off',
  'mfa-despite-device': 'doc_mfa_despite_device',
  'waiting-for-answer': 'doc_waiting',
  'device-not-remembered': 'doc_not_remembered',
  'endpoint-conflict': 'doc_conflict',
  'device-rejected': 'doc_rejected',
  'device-forgotten-elsewhere': 'doc_forgotten',
  'trust-ended': 'doc_trust_ended',
  'other-error': 'doc_other',
} as const satisfies Record<Diagnosis['code'], string>;

/** A finding's headline. */
export function doctorTitle(d: Diagnosis): string {
  return t(TITLE[d.code]);
}
/** What it means and what to do about it. */
export function doctorAdvice(d: Diagnosis): string {
  return t(`${TITLE[d.code]}_why`, d.detail ?? '');
}
