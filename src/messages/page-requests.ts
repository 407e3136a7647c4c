import * as v from 'valibot';
import { MAX_CONFIGURED_SITES, SiteEndpoint, SiteOrigin, SitePolicy, TrustDays } from '../site-rules.ts';
import { LIMITS } from './limits.ts';

/**
 * Messages the extension's own pages (popup, options) may send. They come from trusted code,
 * but are still validated: a bug or a compromised page must not corrupt the vault.
 */
const Origin = SiteOrigin;
const PoolId = v.pipe(v.string(), v.maxLength(55), v.regex(/^[\w-]+_[0-9a-zA-Z]+$/));
const Username = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.username));
const DeviceKey = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.deviceKey));

export { SitePolicy, TrustDays };
/** Where a site's Cognito calls go instead of where the page sends them (a custom domain, a proxy, the emulator). */
export const CustomEndpoint = SiteEndpoint;

/** Site settings as exported and imported: never a device, token or secret. */
export const SETTINGS_FORMAT = 'device-companion-settings';
export const MAX_IMPORTED_SITES = MAX_CONFIGURED_SITES;
export const SettingsFile = v.strictObject({
  format: v.literal(SETTINGS_FORMAT),
  version: v.literal(1),
  sites: v.pipe(
    v.array(
      v.strictObject({
        origin: Origin,
        policy: SitePolicy,
        customEndpoint: v.optional(CustomEndpoint),
        /** Trust lifetime in days; absent: no limit. */
        trustDays: v.optional(TrustDays),
      }),
    ),
    v.maxLength(MAX_IMPORTED_SITES),
    v.check(
      (sites) => new Set(sites.map((s) => s.origin)).size === sites.length,
      'a site is listed twice: each origin once',
    ),
  ),
});
export type SettingsFile = v.InferOutput<typeof SettingsFile>;

export const ExtensionPageRequest = v.variant('type', [
  v.strictObject({ type: v.literal('site.status'), origin: Origin }),
  /** Why this site may still ask for the second factor (background/doctor). */
  v.strictObject({ type: v.literal('site.doctor'), origin: Origin }),
  v.strictObject({ type: v.literal('site.enable'), origin: Origin }),
  v.strictObject({ type: v.literal('site.disable'), origin: Origin, removeDevices: v.boolean() }),
  v.strictObject({ type: v.literal('site.setPolicy'), origin: Origin, policy: SitePolicy }),
  /** Remember this browser for N days from enrolment; no `trustDays`: no limit. */
  v.strictObject({ type: v.literal('site.setTrustDays'), origin: Origin, trustDays: v.optional(TrustDays) }),
  /** The person's choice: the site's own code manages its devices (true), or the extension does (false). */
  v.strictObject({ type: v.literal('site.setManagesDevices'), origin: Origin, managesDevices: v.boolean() }),
  v.strictObject({ type: v.literal('sites.list') }),
  v.strictObject({ type: v.literal('vault.list') }),
  v.strictObject({ type: v.literal('vault.remove'), deviceKey: DeviceKey }),
  /**
   * The popup's device requests name the site it shows: the background uses only the access token that
   * site produced, through the endpoint the site is bound to.
   */
  v.strictObject({ type: v.literal('devices.list'), origin: Origin, poolId: PoolId, username: Username }),
  v.strictObject({
    type: v.literal('devices.setRemembered'),
    origin: Origin,
    poolId: PoolId,
    username: Username,
    deviceKey: DeviceKey,
    remembered: v.boolean(),
  }),
  v.strictObject({
    type: v.literal('devices.forget'),
    origin: Origin,
    poolId: PoolId,
    username: Username,
    deviceKey: DeviceKey,
  }),
  /** "Forget my other devices": the devices the confirmation named; this browser's own is always kept. */
  v.strictObject({
    type: v.literal('devices.forgetOthers'),
    origin: Origin,
    poolId: PoolId,
    username: Username,
    deviceKeys: v.pipe(v.array(DeviceKey), v.minLength(1), v.maxLength(LIMITS.forgetOthers)),
  }),
  v.strictObject({ type: v.literal('activity.list') }),
  /** No endpoint clears the custom one. */
  v.strictObject({
    type: v.literal('site.setEndpoint'),
    origin: Origin,
    endpoint: v.optional(CustomEndpoint),
  }),
  v.strictObject({ type: v.literal('settings.export') }),
  /** What importing would change: the options page shows it and asks before settings.import. */
  v.strictObject({ type: v.literal('settings.preview'), settings: SettingsFile }),
  v.strictObject({ type: v.literal('settings.import'), settings: SettingsFile }),
]);
export type ExtensionPageRequest = v.InferOutput<typeof ExtensionPageRequest>;
export type ExtensionPageRequestType = ExtensionPageRequest['type'];
