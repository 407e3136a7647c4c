import { isCognitoHost } from '../../src/cognito/index.ts';
import { isLoopbackHost } from '../../src/site-rules.ts';
import type { SiteRecord } from '../vault/schema.ts';
import { logActivity } from './activity.ts';
import type { CallContext } from './context.ts';

/**
 * What one enabled site's pages can make the background store or compute. Without these, a page
 * growing its own record (a new ClientId per call: 4,000 calls made an 8.3 MB site record and slowed
 * every call tenfold) or asking for enrolment after enrolment (a verifier computation each) could
 * wear the extension down for every site. Real apps use one or two app clients and enrol a browser
 * once per account.
 */
export const SITE_CAPS = {
  clients: 20,
  pendingPrompts: 10,
  enrolmentsPerHour: 20,
} as const;

const HOUR_MS = 3_600_000;

/** One activity line per cap reached in a row: a page hammering a cap does not flood the log. */
async function reportCap(ctx: CallContext, detail: string): Promise<void> {
  const [last] = await ctx.vault.listActivity(1);
  if (last?.origin === ctx.origin && last.detail === detail) return;
  await logActivity(ctx, 'error', undefined, detail);
}

/** A client already bound always passes; a new one only while the site holds fewer than the cap. */
export async function clientAllowed(ctx: CallContext, site: SiteRecord, clientId: string): Promise<boolean> {
  if (site.clients.some((c) => c.clientId === clientId)) return true;
  if (site.clients.length < SITE_CAPS.clients) return true;
  await reportCap(ctx, `More than ${SITE_CAPS.clients} app clients: the new ones are not used`);
  return false;
}

/** Enrolments of this site in the last hour, and prompts waiting, under their caps. */
export async function enrolmentAllowed(ctx: CallContext): Promise<boolean> {
  const devices = (await ctx.vault.listDevices()).filter((d) => d.origin === ctx.origin);
  const since = ctx.now() - HOUR_MS;
  if (devices.filter((d) => d.createdAt > since).length >= SITE_CAPS.enrolmentsPerHour) {
    await reportCap(
      ctx,
      `More than ${SITE_CAPS.enrolmentsPerHour} devices enrolled in an hour: not enrolled`,
    );
    return false;
  }
  if (devices.filter((d) => d.status === 'pending').length >= SITE_CAPS.pendingPrompts) {
    await reportCap(ctx, `${SITE_CAPS.pendingPrompts} devices already wait for your answer: not enrolled`);
    return false;
  }
  return true;
}

/**
 * Where the carrier may send a page's call when the site has no custom endpoint: AWS's Cognito hosts
 * over https, the page's own origin, or a loopback emulator that is not another enabled site. Anything
 * else (a LAN address, another site the extension holds access to) the page must call itself, with
 * its own privileges: the extension's host permissions are not lent out.
 */
export async function endpointAllowed(ctx: CallContext, endpoint: string): Promise<boolean> {
  const url = new URL(endpoint);
  if (url.protocol === 'https:' && isCognitoHost(url.hostname)) return true;
  if (url.origin === ctx.origin) return true;
  if (!isLoopbackHost(url.hostname)) return false;
  return (await ctx.vault.getSite(url.origin)) === undefined;
}
