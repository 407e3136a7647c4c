import {
  type Checked,
  checkEndpoint,
  checkOrigin,
  checkTrustDays,
  MAX_CONFIGURED_SITES,
  SITE_POLICIES,
  type SitePolicy,
} from './site-rules.ts';

/**
 * Sites an administrator preconfigures through managed storage (Chrome: the policy for this
 * extension, checked against managed-schema.json; Firefox: a managed storage manifest or
 * policies.json "3rdparty"). Pure parsing: the background applies the result to the vault.
 *
 * The same site shape as the options page's settings export, so an exported file can be pasted
 * into the policy as it is ("format" and "version" are accepted and ignored):
 * { "sites": [{ "origin": "https://app.example.com", "policy": "always",
 *               "customEndpoint": "https://auth.example.com/", "trustDays": 30 }] }
 */

export interface ManagedSite {
  /** Canonical origin, e.g. https://app.example.com */
  origin: string;
  /** Omitted: the person's own choice (or the default, "ask") stands. */
  policy?: SitePolicy;
  /** Where every Cognito call of the site goes (a custom domain or proxy); omitted: the person's choice stands. */
  customEndpoint?: string;
  /** Trust lifetime in days from enrolment; omitted: the person's choice stands. */
  trustDays?: number;
}

export interface ManagedConfig {
  sites: ManagedSite[];
  /** One readable line per entry that was skipped; the valid rest still applies. */
  problems: string[];
}

export const MANAGED_SITES_MAX = MAX_CONFIGURED_SITES;
const POLICIES = SITE_POLICIES;
const SITE_KEYS = new Set(['origin', 'policy', 'customEndpoint', 'trustDays']);
// What a settings export carries besides its sites.
const IGNORED_TOP_KEYS = new Set(['format', 'version']);

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

const quote = (x: unknown) => JSON.stringify(String(x).slice(0, 80));

/** A checked value, or its problem as a one-item list (the shape parseSite reports in). */
const asParsed = (checked: Checked): string | string[] => (checked.ok ? checked.value : [checked.problem]);

function parseSite(value: unknown, where: string): ManagedSite | string[] {
  if (!isRecord(value)) return [`${where}: must be an object with an "origin"`];
  const unknownKeys = Object.keys(value).filter((k) => !SITE_KEYS.has(k));
  if (unknownKeys.length) return [`${where}: unknown ${unknownKeys.map(quote).join(', ')}`];
  const origin = asParsed(checkOrigin(value.origin));
  if (Array.isArray(origin)) return origin.map((p) => `${where}: ${p}`);
  const at = `${where} (${origin})`;
  const site: ManagedSite = { origin };
  if (value.policy !== undefined) {
    if (!POLICIES.includes(value.policy as SitePolicy))
      return [`${at}: "policy" must be one of ${POLICIES.join(', ')}, not ${quote(value.policy)}`];
    site.policy = value.policy as SitePolicy;
  }
  if (value.customEndpoint !== undefined) {
    const endpoint = asParsed(checkEndpoint(value.customEndpoint));
    if (Array.isArray(endpoint)) return endpoint.map((p) => `${at}: ${p}`);
    site.customEndpoint = endpoint;
  }
  if (value.trustDays !== undefined) {
    const days = checkTrustDays(value.trustDays);
    if (!days.ok) return [`${at}: ${days.problem}`];
    site.trustDays = days.value;
  }
  return site;
}

/** Validates what storage.managed.get() returned. Never throws: bad entries become problems. */
export function parseManagedConfig(raw: unknown): ManagedConfig {
  const config: ManagedConfig = { sites: [], problems: [] };
  if (raw === undefined || raw === null) return config;
  if (!isRecord(raw)) return { sites: [], problems: ['managed configuration must be an object'] };
  for (const key of Object.keys(raw)) {
    if (key !== 'sites' && !IGNORED_TOP_KEYS.has(key))
      config.problems.push(`unknown setting ${quote(key)} ignored`);
  }
  const sites = raw.sites;
  if (sites === undefined) return config;
  if (!Array.isArray(sites)) {
    config.problems.push('"sites" must be a list');
    return config;
  }
  if (sites.length > MANAGED_SITES_MAX)
    config.problems.push(`"sites" lists ${sites.length}; only the first ${MANAGED_SITES_MAX} apply`);
  sites.slice(0, MANAGED_SITES_MAX).forEach((entry, i) => {
    const site = parseSite(entry, `sites[${i}]`);
    if (Array.isArray(site)) config.problems.push(...site);
    else if (config.sites.some((s) => s.origin === site.origin))
      config.problems.push(`sites[${i}]: ${site.origin} is listed twice; the first entry applies`);
    else config.sites.push(site);
  });
  return config;
}
