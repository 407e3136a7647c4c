import type { DBSchema } from 'idb';
import type { ActivityView, DeviceStatus, SitePolicy } from '../../src/messages/index.ts';

/**
 * The device vault's IndexedDB schema. Secrets (device password, group key) live only here,
 * in the background's own origin storage; nothing secret goes to storage.local, logs or messages.
 */
export interface DeviceRecord {
  poolId: string;
  /** Canonical username (USER_ID_FOR_SRP / the access token's `username`). */
  username: string;
  deviceKey: string;
  deviceGroupKey: string;
  devicePassword: string;
  deviceName: string;
  status: DeviceStatus;
  /**
   * The enabled site this device belongs to (part of the key): each site gets its own device, so two
   * sites on one pool never take turns replacing each other's, and one is never served the other's.
   * It must still be bound to the pool to be served.
   */
  origin: string;
  /** The endpoint the device was enrolled through: its proofs go nowhere else. */
  endpoint: string;
  createdAt: number;
  lastUsedAt?: number;
}

export interface ClientBinding {
  clientId: string;
  endpoint: string;
  /** Learned from the first tokens issued through this client (their `iss`). */
  poolId?: string;
}

export interface SiteRecord {
  origin: string;
  policy: SitePolicy;
  clients: ClientBinding[];
  enabledAt: number;
  /** A developer's endpoint for this site (the emulator); optional, so no schema-version bump. */
  customEndpoint?: string;
  /** Trust lifetime in days, counted from a device's createdAt; absent: no limit. Optional, so no schema-version bump. */
  trustDays?: number;
  /**
   * Set when the site's own code remembers and forgets devices (it sent a device key of its own, or
   * called ConfirmDevice): the extension then passes every call through, NewDeviceMetadata included,
   * and serves none of its devices there. Optional, so no schema-version bump.
   */
  managesOwnDevices?: { since: number; reason: string };
}

/**
 * What the person typed → the canonical username Cognito answered with, learned on one site through one
 * app client and endpoint. Scoped so that another site (even one using the same public app client ID
 * with its own endpoint) can never change which device this site presents; deleted with the site.
 */
export interface AliasRecord {
  origin: string;
  clientId: string;
  /** The endpoint whose answer taught it: used only for calls to the same endpoint. */
  endpoint: string;
  /** What the person typed (email, phone, preferred username), lower-cased. */
  alias: string;
  username: string;
  /**
   * SECRET_HASH over `username` for this app client, when it has a secret: learned from the site's own
   * challenge answer that named the user as Cognito did and got tokens; the device steps of later
   * alias sign-ins need it and only the site can compute it.
   */
  secretHash?: string;
}

/** A device record's primary key plus its device key: changes apply only when both still match. */
export type DeviceRef = Pick<DeviceRecord, 'poolId' | 'username' | 'origin' | 'deviceKey'>;

export interface RefreshTokenRecord {
  /** SHA-256 of the refresh token, hex: the token itself is never stored. */
  hash: string;
  poolId: string;
  username: string;
  deviceKey: string;
  createdAt: number;
}

/** An activity entry is what the popup shows, plus its key. Never a secret: see ActivityView. */
export type ActivityRecord = ActivityView & { id?: number };

export interface VaultSchema extends DBSchema {
  devices: { key: [string, string, string]; value: DeviceRecord; indexes: { byDeviceKey: string } };
  sites: { key: string; value: SiteRecord };
  aliases: { key: [string, string, string]; value: AliasRecord; indexes: { byOrigin: string } };
  refreshTokens: { key: string; value: RefreshTokenRecord; indexes: { byDevice: string } };
  activity: { key: number; value: ActivityRecord };
}
