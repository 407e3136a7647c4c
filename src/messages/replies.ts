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

export interface ActivityView {
  at: number;
  kind: ActivityKind;
  origin?: string;
  poolId?: string;
  username?: string;
  detail?: string;
}

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
  | 'error';
