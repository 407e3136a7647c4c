import { trustEnded } from '../../src/site-rules.ts';
import type { ActivityRecord, DeviceRecord, SiteRecord } from '../vault/schema.ts';

/**
 * What the toolbar button says about the current tab's site, from the vault alone:
 * - off: not an enabled site (or not a web page);
 * - enabled: enabled, and no device of this browser is remembered there yet;
 * - remembered: a device of this browser is remembered there (the next sign-in skips the code), and
 *   the site's trust lifetime has not ended for it;
 * - waiting: a device waits for the person's yes or no (an opt-in pool, policy "ask");
 * - attention: the last thing that happened there went wrong (a rejected device, a failed
 *   confirmation, an app client on another endpoint), or a device is known broken.
 */
export type ToolbarState = 'off' | 'enabled' | 'remembered' | 'waiting' | 'attention';

export interface ToolbarInput {
  /** The tab's origin; undefined when the browser does not show it to the extension. */
  origin: string | undefined;
  site: SiteRecord | undefined;
  /** This browser's devices (any site: filtered here). */
  devices: readonly DeviceRecord[];
  /** Recent activity, newest first (any site: filtered here). */
  activity: readonly ActivityRecord[];
  /** When (ms): a device past the site's trust lifetime is no longer presented. */
  now?: number;
}

export function toolbarState({ origin, site, devices, activity, now }: ToolbarInput): ToolbarState {
  if (origin === undefined || site === undefined || site.origin !== origin) return 'off';
  const here = devices.filter((d) => d.origin === origin);
  const latest = activity.find((a) => a.origin === origin);
  if (latest?.kind === 'error' || here.some((d) => d.status === 'broken')) return 'attention';
  if (here.some((d) => d.status === 'pending')) return 'waiting';
  const trusted = (d: DeviceRecord) => now === undefined || !trustEnded(site.trustDays, d.createdAt, now);
  if (here.some((d) => d.status === 'remembered' && trusted(d))) return 'remembered';
  return 'enabled';
}

/** How a state looks: icon variant, badge and the tooltip's message name (public/_locales). */
export interface ToolbarLook {
  icon: 'on' | 'off';
  badge: string;
  /** Badge background; absent when there is no badge. */
  color?: string;
  title: string;
}

export const TOOLBAR_LOOKS: Record<ToolbarState, ToolbarLook> = {
  off: { icon: 'off', badge: '', title: 'toolbarOff' },
  enabled: { icon: 'on', badge: '', title: 'toolbarEnabled' },
  remembered: { icon: 'on', badge: '✓', color: '#15803d', title: 'toolbarRemembered' },
  waiting: { icon: 'on', badge: '?', color: '#b45309', title: 'toolbarWaiting' },
  attention: { icon: 'on', badge: '!', color: '#b91c1c', title: 'toolbarAttention' },
};
