/**
 * The site doctor's findings: why this site may still ask for the second factor, from what the
 * extension saw (site record, this site's devices, activity log). The popup words each code.
 */
export type DiagnosisCode =
  /** The extension is not enabled on this site. */
  | 'site-not-enabled'
  /** Enabled, but the page never made a sign-in call the extension could join (hosted UI, server-side sign-in). */
  | 'no-cognito-calls'
  /** Tokens arrived without NewDeviceMetadata and no device exists: the pool does not track devices. */
  | 'device-tracking-off'
  /** The device was presented and the pool still asked for a code. */
  | 'mfa-despite-device'
  /** An opt-in pool: the device waits for the person's answer. */
  | 'waiting-for-answer'
  /** The device exists but is not remembered (the person or the site policy said no). */
  | 'device-not-remembered'
  /** An app client called another endpoint than before, or the site has more app clients than kept. */
  | 'endpoint-conflict'
  /** The pool refused this browser's device proof. */
  | 'device-rejected'
  /** The pool no longer knew the device: it was forgotten elsewhere (another app, an administrator). */
  | 'device-forgotten-elsewhere'
  /**
   * The site's trust lifetime ended (detail: its days): the device is no longer presented; the next
   * sign-in asks for the code and enrolls the browser afresh. From the device (due) or the log (done).
   */
  | 'trust-ended'
  /** Something else went wrong; `detail` says what the carrier logged. */
  | 'other-error';

export interface Diagnosis {
  code: DiagnosisCode;
  /** problem: the code is asked because of it; action: the person can act; info: explanation only. */
  severity: 'problem' | 'action' | 'info';
  poolId?: string;
  username?: string;
  /** A challenge name or the carrier's own words. Never a secret. */
  detail?: string;
  /** When the extension saw it (ms), if it came from the activity log. */
  at?: number;
}
