import type { SitePolicy } from './page-requests.ts';

/** What the background tells its own pages. Built fresh from vault records: never a device password or group key. */
export interface SiteView {
  origin: string;
  enabled: boolean;
  policy: SitePolicy;
  clients: { clientId: string; endpoint: string; poolId?: string }[];
  users: { poolId: string; username: string }[];
  /** Where a developer pointed this site's Cognito calls (the emulator); absent: the endpoint the page uses. */
  customEndpoint?: string;
  /** Trust lifetime: days from enrolment this browser's device is presented; absent: no limit. */
  trustDays?: number;
  /** The site's own code manages its devices: the extension stays out of its sign-ins. */
  managesDevices?: { since: number; reason: string };
}

/** settings.import: what was applied, and the origins that still need the person to grant access. */
export interface ImportResult {
  applied: string[];
  needsAccess: string[];
}

/**
 * settings.preview: what importing a file would change, site by site, before anything changes.
 * `endpoint` is present whenever the file sets, changes or removes where a site's sign-ins go.
 */
export interface ImportChange {
  origin: string;
  /** add: not enabled yet; update: enabled, some setting differs; same: nothing to change. */
  kind: 'add' | 'update' | 'same';
  policy?: { from?: SitePolicy; to: SitePolicy };
  endpoint?: { from?: string; to?: string };
  /** Present when the trust lifetime changes; an absent side means no limit. */
  trustDays?: { from?: number; to?: number };
  /** The browser must grant access before this site can be enabled. */
  needsAccess: boolean;
}
export interface ImportPreview {
  changes: ImportChange[];
}

/** pending: waits for the person's answer (opt-in pool, policy "ask"); unconfirmed: written before ConfirmDevice, never served. */
export type DeviceStatus = 'remembered' | 'not_remembered' | 'pending' | 'broken' | 'unconfirmed';

export interface LocalDeviceView {
  poolId: string;
  username: string;
  deviceKey: string;
  deviceName: string;
  status: DeviceStatus;
  /** The site this device belongs to. */
  origin: string;
  createdAt: number;
  lastUsedAt?: number;
}

export interface RemoteDeviceView {
  deviceKey: string;
  name?: string;
  status?: string;
  lastIp?: string;
  createdAt?: number;
  lastAuthenticatedAt?: number;
  lastModifiedAt?: number;
  thisBrowser: boolean;
}

/** devices.forgetOthers: what happened to each device the person confirmed. */
export interface ForgetOutcome {
  deviceKey: string;
  forgotten: boolean;
  /** Why it is not forgotten, in words a person can read. */
  error?: string;
}

/**
 * One activity entry. `detail` is for people and may be reworded at any time; what a program reads
 * (the site doctor) is in the closed fields of `ActivityFacts`, set where the entry is logged.
 */
export type ActivityView = {
  at: number;
  origin?: string;
  poolId?: string;
  username?: string;
  detail?: string;
} & ActivityFacts;

/** The kind of an entry, with the facts that kind carries. */
export type ActivityFacts =
  | { kind: 'error'; reason: ActivityErrorReason }
  /** `trustDays`: the site's trust lifetime that ended. */
  | { kind: 'trust-ended'; trustDays: number }
  | { kind: PlainActivityKind };

/** Kinds whose entries carry no facts beyond the kind itself. */
export type PlainActivityKind = Exclude<ActivityKind, 'error' | 'trust-ended'>;

/** Why an `error` entry was logged. */
export type ActivityErrorReason =
  /** An app client already bound to one endpoint called another: its device is not used there. */
  | 'endpoint-conflict'
  /** The site reached its cap of app clients: the new ones are not used. */
  | 'client-cap'
  /** The site reached its cap of devices kept: not enrolled. */
  | 'device-cap'
  /** The site reached its cap of enrolments per hour: not enrolled. */
  | 'enrolment-rate-cap'
  /** The site reached its cap of devices waiting for an answer: not enrolled. */
  | 'pending-cap'
  /** The pool refused the device's proof: the device is set aside and enrolled again later. */
  | 'device-refused'
  /** An alias sign-in through an app client with a secret: the device steps lack a SECRET_HASH. */
  | 'alias-needs-secret-hash'
  /** A reply larger than a Cognito reply can be was not handed to the page. */
  | 'reply-too-large'
  /** NewDeviceMetadata named a device key another device of this browser holds. */
  | 'device-key-taken'
  /** ConfirmDevice failed or went unanswered. */
  | 'confirm-device-failed'
  /** An entry from before reasons were recorded whose words name none of the above. */
  | 'unrecorded';

export type ActivityKind =
  | 'enrolled'
  | 'mfa-skipped'
  /** The device was presented, yet the pool asked for a code (detail: the challenge). */
  | 'mfa-asked'
  /** A sign-in ended with tokens but no new device, and none was presented: the pool tracks no devices. */
  | 'no-device-issued'
  | 'stale-device-replaced'
  /** The site's trust lifetime ended: the device was not presented and the browser enrolled afresh. */
  | 'trust-ended'
  | 'forgotten'
  | 'remembered'
  | 'not-remembered'
  | 'site-enabled'
  | 'site-disabled'
  /** The site's own code handles its devices (detail: what showed it); the extension stays out there. */
  | 'site-manages-devices'
  | 'error';
