import * as v from 'valibot';
import { isCognitoHost, normalizeEndpoint } from './cognito/endpoint.ts';
import { LIMITS } from './messages/limits.ts';

/**
 * The one validator for what a site is and where its Cognito calls may be sent. The options page,
 * a settings import, managed configuration and every popup request use these rules, so no reader
 * accepts what another refuses (README "Threat model" states them for people).
 *
 * Origin: http(s), a literal host (letters, digits, '-', '_' labels, an IPv4 address or a bracketed
 * IPv6 address: never a wildcard, a trailing dot or an escape), an optional port, and written exactly
 * as the browser writes it (lower case, no default port, no path): what a person reads in a preview is
 * what is enabled. One trailing '/' is accepted and dropped.
 *
 * Endpoint: https, or http on a loopback host only (AWS hosts must be https too); a literal host, no
 * credentials, no query. Stored canonical (lower-case host, default port dropped, path at least '/',
 * fragment removed).
 */
export type Checked = { ok: true; value: string } | { ok: false; problem: string };

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;
const IPV6 = /^\[[0-9a-f:.]+\]$/;

const quote = (x: unknown) => JSON.stringify(String(x).slice(0, 80));

function isLiteralHost(hostname: string): boolean {
  if (IPV6.test(hostname)) return true;
  const labels = hostname.split('.');
  return labels.length > 0 && labels.every((label) => label.length <= 63 && LABEL.test(label));
}

/** localhost, 127.0.0.0/8 and [::1]: the machine itself, where a developer runs an emulator. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

function parseUrl(value: unknown, field: string, maxChars: number): URL | string {
  if (typeof value !== 'string' || value.length > maxChars) return `${quote(field)} must be a URL string`;
  try {
    return new URL(value);
  } catch {
    return `${quote(field)} ${quote(value)} is not a URL`;
  }
}

export function checkOrigin(value: unknown): Checked {
  const url = parseUrl(value, 'origin', LIMITS.originChars);
  if (typeof url === 'string') return { ok: false, problem: url };
  const shown = quote(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, problem: `"origin" ${shown} must be http(s)` };
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash)
    return { ok: false, problem: `"origin" ${shown} must be an origin only, like https://app.example.com` };
  if (!isLiteralHost(url.hostname))
    return { ok: false, problem: `"origin" ${shown} must name one host, without wildcards` };
  if (value !== url.origin && value !== `${url.origin}/`)
    return { ok: false, problem: `"origin" ${shown} must be written as ${url.origin}` };
  return { ok: true, value: url.origin };
}

export function checkEndpoint(value: unknown): Checked {
  const url = parseUrl(value, 'customEndpoint', LIMITS.endpointChars);
  if (typeof url === 'string') return { ok: false, problem: url };
  const shown = quote(value);
  let endpoint: string;
  try {
    endpoint = normalizeEndpoint(url.href);
  } catch (error) {
    return { ok: false, problem: `"customEndpoint" ${shown}: ${(error as Error).message}` };
  }
  if (!isLiteralHost(url.hostname))
    return { ok: false, problem: `"customEndpoint" ${shown} must name one host, without wildcards` };
  if (url.search) return { ok: false, problem: `"customEndpoint" ${shown} must not carry a query` };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    const why = isCognitoHost(url.hostname) ? 'AWS hosts are https only' : 'http is for loopback only';
    return { ok: false, problem: `"customEndpoint" ${shown} must be https (${why})` };
  }
  return { ok: true, value: endpoint };
}

/** A valibot step over a check: the schema's output is the canonical value, its issue the check's problem. */
const fromCheck = (check: (value: unknown) => Checked) =>
  v.pipe(
    v.string(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const result = check(dataset.value);
      if (result.ok) return result.value;
      addIssue({ message: result.problem });
      return NEVER;
    }),
  );

/** Schemas for messages and files: the same rules as checkOrigin / checkEndpoint. */
export const SiteOrigin = fromCheck(checkOrigin);
export const SiteEndpoint = fromCheck(checkEndpoint);
export const SitePolicy = v.picklist(['always', 'ask', 'never']);
export type SitePolicy = v.InferOutput<typeof SitePolicy>;
export const SITE_POLICIES: readonly SitePolicy[] = SitePolicy.options;

/**
 * Trust lifetime: how many days after enrolment this browser's device is presented at sign-in
 * (absent: no limit, as Cognito: "Working with user devices in your user pool", Cognito developer
 * guide, documents no expiry for a remembered device, only forgetting it). The term and its count from
 * enrolment are this extension's choice; the upper bound (10 years) only keeps the number sane.
 */
export const MAX_TRUST_DAYS = 3650;
export function checkTrustDays(value: unknown): { ok: true; value: number } | { ok: false; problem: string } {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_TRUST_DAYS)
    return {
      ok: false,
      problem: `"trustDays" must be a whole number of days from 1 to ${MAX_TRUST_DAYS}, not ${quote(value)}`,
    };
  return { ok: true, value };
}
export const TrustDays = v.pipe(
  v.number(),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const result = checkTrustDays(dataset.value);
    if (!result.ok) addIssue({ message: result.problem });
  }),
);
const DAY_MS = 24 * 60 * 60 * 1000;
/** True when a device enrolled at `createdAt` is past its site's trust lifetime at `now` (counted from enrolment, not last use). */
export function trustEnded(trustDays: number | undefined, createdAt: number, now: number): boolean {
  return trustDays !== undefined && now >= createdAt + trustDays * DAY_MS;
}

/** At most this many sites in a settings file or a managed configuration. */
export const MAX_CONFIGURED_SITES = 200;
