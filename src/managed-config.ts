import { isCognitoHost, normalizeEndpoint } from './cognito/endpoint.ts';
import type { SitePolicy } from './messages/index.ts';

/**
 * Sites an administrator preconfigures through managed storage (Chrome: the policy for this
 * extension, checked against managed-schema.json; Firefox: a managed storage manifest or
 * policies.json "3rdparty"). Pure parsing: the background applies the result to the vault.
 *
 * The same site shape as the options page's settings export, so an exported file can be pasted
 * into the policy as it is ("format" and "version" are accepted and ignored):
 * { "sites": [{ "origin": "https://app.example.com", "policy": "always",
 *               "customEndpoint": "https://auth.example.com/" }] }
 */

export interface ManagedSite {
  /** Canonical origin, e.g. https://app.example.com */
  origin: string;
  /** Omitted: the person's own choice (or the default, "ask") stands. */
  policy?: SitePolicy;
  /** Where every Cognito call of the site goes (a custom domain or proxy); omitted: the person's choice stands. */
  customEndpoint?: string;
}

export interface ManagedConfig {
  sites: ManagedSite[];
  /** One readable line per entry that was skipped; the valid rest still applies. */
  problems: string[];
}

export const MANAGED_SITES_MAX = 200;
const POLICIES: readonly SitePolicy[] = ['always', 'ask', 'never'];
const SITE_KEYS = new Set(['origin', 'policy', 'customEndpoint']);
// What a settings export carries besides its sites.
const IGNORED_TOP_KEYS = new Set(['format', 'version']);

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

const quote = (x: unknown) => JSON.stringify(String(x).slice(0, 80));

const isLoopback = (hostname: string) =>
  hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';

/** An origin and nothing else: http(s), no credentials, no path beyond '/', no query or fragment. */
function parseOrigin(value: unknown): string | string[] {
  if (typeof value !== 'string' || value.length > 2048) return ['"origin" must be a URL string'];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [`"origin" ${quote(value)} is not a URL`];
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return [`"origin" ${quote(value)} must be http(s)`];
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash)
    return [`"origin" ${quote(value)} must be an origin only, like https://app.example.com`];
  return url.origin;
}

/** Custom endpoints must be https (loopback may be http, for local emulators); AWS hosts always are. */
function parseEndpoint(value: unknown): string | string[] {
  if (typeof value !== 'string' || value.length > 2048) return ['"customEndpoint" must be a URL string'];
  let endpoint: string;
  try {
    endpoint = normalizeEndpoint(value);
  } catch (error) {
    return [`"customEndpoint" ${quote(value)}: ${(error as Error).message}`];
  }
  const url = new URL(endpoint);
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !isCognitoHost(url.hostname))
    return [`"customEndpoint" ${quote(value)} must be https`];
  return endpoint;
}

function parseSite(value: unknown, where: string): ManagedSite | string[] {
  if (!isRecord(value)) return [`${where}: must be an object with an "origin"`];
  const unknownKeys = Object.keys(value).filter((k) => !SITE_KEYS.has(k));
  if (unknownKeys.length) return [`${where}: unknown ${unknownKeys.map(quote).join(', ')}`];
  const origin = parseOrigin(value.origin);
  if (Array.isArray(origin)) return origin.map((p) => `${where}: ${p}`);
  const at = `${where} (${origin})`;
  const site: ManagedSite = { origin };
  if (value.policy !== undefined) {
    if (!POLICIES.includes(value.policy as SitePolicy))
      return [`${at}: "policy" must be one of ${POLICIES.join(', ')}, not ${quote(value.policy)}`];
    site.policy = value.policy as SitePolicy;
  }
  if (value.customEndpoint !== undefined) {
    const endpoint = parseEndpoint(value.customEndpoint);
    if (Array.isArray(endpoint)) return endpoint.map((p) => `${at}: ${p}`);
    site.customEndpoint = endpoint;
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
