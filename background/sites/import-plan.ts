import type { ImportChange, SettingsFile } from '../../src/messages/index.ts';
import type { SiteRecord } from '../vault/schema.ts';

type Entry = SettingsFile['sites'][number];

/**
 * What one entry of a settings file would change. A file states a site's whole settings: an entry
 * without a custom endpoint removes the site's endpoint, one without `trustDays` lifts its trust
 * lifetime, and the preview says so.
 */
export function planEntry(entry: Entry, site: SiteRecord | undefined, hasAccess: boolean): ImportChange {
  const change: ImportChange = {
    origin: entry.origin,
    kind: site ? 'same' : 'add',
    needsAccess: !site && !hasAccess,
  };
  if (!site || site.policy !== entry.policy) {
    change.policy = site ? { from: site.policy, to: entry.policy } : { to: entry.policy };
  }
  if (site?.customEndpoint !== entry.customEndpoint) {
    const endpoint: NonNullable<ImportChange['endpoint']> = {};
    if (site?.customEndpoint !== undefined) endpoint.from = site.customEndpoint;
    if (entry.customEndpoint !== undefined) endpoint.to = entry.customEndpoint;
    change.endpoint = endpoint;
  }
  if (site?.trustDays !== entry.trustDays) {
    const trustDays: NonNullable<ImportChange['trustDays']> = {};
    if (site?.trustDays !== undefined) trustDays.from = site.trustDays;
    if (entry.trustDays !== undefined) trustDays.to = entry.trustDays;
    change.trustDays = trustDays;
  }
  if (site && (change.policy || change.endpoint || change.trustDays)) change.kind = 'update';
  return change;
}
