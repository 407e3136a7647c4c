import { isCognitoHost, normalizeEndpoint } from './cognito/endpoint.ts';
import type { SitePolicy } from './messages/index.ts';

/**
 * Sites an administrator preconfigures through managed storage (Chrome: the policy for this
 * extension, checked against managed-schema.json; Firefox: a managed storage manifest or
 * policies.json "3rdparty"). Pure parsing: the background applies the result to the vault.
 *
 * {
 *   "sites": [
 *     { "origin": "https://app.example.com", "policy": "always",
 *       "clients": [{ "clientId": "1example23456789", "endpoint": "https://auth.example.com/" }] }
 *   ]
 * }
 */
export interface ManagedClient {
  clientId: string;
  /** Canonical endpoint URL: the only place this client's device proofs may go. */
  endpoint: string;
}

export interface ManagedSite {
  /** Canonical origin, e.g. https://app.example.com */
  origin: string;
  /** Omitted: the person's own choice (or the default, "ask") stands. */
  policy?: SitePolicy;
  clients: ManagedClient[];
}

export interface ManagedConfig {
  sites: ManagedSite[];
  /** One readable line per entry that was skipped; the valid rest still applies. */
  problems: string[];
}

export const MANAGED_SITES_MAX = 200;
const CLIENTS_PER_SITE_MAX = 20;
const POLICIES: readonly SitePolicy[] = ['always', 'ask', 'never'];
// Cognito's AppClientId model pattern is [\w+]+, 1..128 characters.
const CLIENT_ID = /^[\w+]{1,128}$/;
const SITE_KEYS = new Set(['origin', 'policy', 'clients']);
const CLIENT_KEYS = new Set(['clientId', 'endpoint']);

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
  if (typeof value !== 'string' || value.length > 2048) return ['"endpoint" must be a URL string'];
  let endpoint: string;
  try {
    endpoint = normalizeEndpoint(value);
  } catch (error) {
    return [`"endpoint" ${quote(value)}: ${(error as Error).message}`];
  }
  const url = new URL(endpoint);
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !isCognitoHost(url.hostname))
    return [`"endpoint" ${quote(value)} must be https`];
  return endpoint;
}

function parseClient(value: unknown, where: string): ManagedClient | string[] {
  if (!isRecord(value)) return [`${where}: must be an object with clientId and endpoint`];
  const unknownKeys = Object.keys(value).filter((k) => !CLIENT_KEYS.has(k));
  if (unknownKeys.length) return [`${where}: unknown ${unknownKeys.map(quote).join(', ')}`];
  if (typeof value.clientId !== 'string' || !CLIENT_ID.test(value.clientId))
    return [`${where}: "clientId" ${quote(value.clientId)} is not a Cognito app client id`];
  const endpoint = parseEndpoint(value.endpoint);
  if (Array.isArray(endpoint)) return endpoint.map((p) => `${where}: ${p}`);
  return { clientId: value.clientId, endpoint };
}

function parseSite(value: unknown, where: string): ManagedSite | string[] {
  if (!isRecord(value)) return [`${where}: must be an object with an "origin"`];
  const unknownKeys = Object.keys(value).filter((k) => !SITE_KEYS.has(k));
  if (unknownKeys.length) return [`${where}: unknown ${unknownKeys.map(quote).join(', ')}`];
  const origin = parseOrigin(value.origin);
  if (Array.isArray(origin)) return origin.map((p) => `${where}: ${p}`);
  const at = `${where} (${origin})`;
  const site: ManagedSite = { origin, clients: [] };
  if (value.policy !== undefined) {
    if (!POLICIES.includes(value.policy as SitePolicy))
      return [`${at}: "policy" must be one of ${POLICIES.join(', ')}, not ${quote(value.policy)}`];
    site.policy = value.policy as SitePolicy;
  }
  if (value.clients !== undefined) {
    if (!Array.isArray(value.clients) || value.clients.length > CLIENTS_PER_SITE_MAX)
      return [`${at}: "clients" must be a list of at most ${CLIENTS_PER_SITE_MAX}`];
    const problems: string[] = [];
    value.clients.forEach((c, i) => {
      const client = parseClient(c, `${at} clients[${i}]`);
      if (Array.isArray(client)) problems.push(...client);
      else if (site.clients.some((other) => other.clientId === client.clientId))
        problems.push(`${at} clients[${i}]: client ${client.clientId} is listed twice`);
      else site.clients.push(client);
    });
    // A site with a bad client binding is skipped whole: half of an admin's intent could send
    // that client's device proofs to whichever endpoint the page names first.
    if (problems.length) return problems;
  }
  return site;
}

/** Validates what storage.managed.get() returned. Never throws: bad entries become problems. */
export function parseManagedConfig(raw: unknown): ManagedConfig {
  const config: ManagedConfig = { sites: [], problems: [] };
  if (raw === undefined || raw === null) return config;
  if (!isRecord(raw)) return { sites: [], problems: ['managed configuration must be an object'] };
  for (const key of Object.keys(raw)) {
    if (key !== 'sites') config.problems.push(`unknown setting ${quote(key)} ignored`);
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
