import { isCognitoHost } from '../../src/cognito/index.ts';
import type { ActivityErrorReason } from '../../src/messages/index.ts';
import { isLoopbackHost } from '../../src/site-rules.ts';
import type { SiteRecord } from '../vault/schema.ts';
import { logActivity } from './activity.ts';
import type { CallContext } from './context.ts';

/**
 * What one enabled site's pages can make the background store or compute. Without these, a page
 * growing its own record (a new ClientId per call: 4,000 calls made an 8.3 MB site record and slowed
 * every call tenfold) or asking for enrolment after enrolment (a verifier computation each, and a
 * device record per made-up account) could wear the extension down for every site. Real apps use one
 * or two app clients and enrol a browser once per account; the device caps sit above what the
 * reliability suites drive through one site (up to 160 accounts in a run).
 */
export const SITE_CAPS = {
  clients: 20,
  devices: 500,
  enrolmentsPerHour: 250,
  pendingPrompts: 50,
} as const;

const HOUR_MS = 3_600_000;

/** One activity line per cap reached in a row: a page hammering a cap does not flood the log. */
async function reportCap(ctx: CallContext, reason: CapReason, detail: string): Promise<void> {
  const [last] = await ctx.vault.listActivity(1);
  if (last?.origin === ctx.origin && last.kind === 'error' && last.reason === reason) return;
  await logActivity(ctx, { kind: 'error', reason }, undefined, detail);
}
type CapReason = Extract<ActivityErrorReason, `${string}-cap`>;

/** A client already bound always passes; a new one only while the site holds fewer than the cap. */
export async function clientAllowed(ctx: CallContext, site: SiteRecord, clientId: string): Promise<boolean> {
  if (site.clients.some((c) => c.clientId === clientId)) return true;
  if (site.clients.length < SITE_CAPS.clients) return true;
  await reportCap(ctx, 'client-cap', `More than ${SITE_CAPS.clients} app clients: the new ones are not used`);
  return false;
}

/** Devices kept for this site, enrolled in the last hour, and waiting for an answer: each under its cap. */
export async function enrolmentAllowed(ctx: CallContext): Promise<boolean> {
  const devices = (await ctx.vault.listDevices()).filter((d) => d.origin === ctx.origin);
  if (devices.length >= SITE_CAPS.devices) {
    await reportCap(ctx, 'device-cap', `${SITE_CAPS.devices} devices kept for this site: not enrolled`);
    return false;
  }
  const since = ctx.now() - HOUR_MS;
  if (devices.filter((d) => d.createdAt > since).length >= SITE_CAPS.enrolmentsPerHour) {
    await reportCap(
      ctx,
      'enrolment-rate-cap',
      `More than ${SITE_CAPS.enrolmentsPerHour} devices enrolled in an hour: not enrolled`,
    );
    return false;
  }
  if (devices.filter((d) => d.status === 'pending').length >= SITE_CAPS.pendingPrompts) {
    await reportCap(
      ctx,
      'pending-cap',
      `${SITE_CAPS.pendingPrompts} devices already wait for your answer: not enrolled`,
    );
    return false;
  }
  return true;
}

/**
 * Where the carrier may send a page's call when the site has no custom endpoint: AWS's Cognito hosts
 * over https, the page's own origin, or, for a page served from this machine, a loopback emulator that
 * is not another enabled site (a local dev server next to a local emulator). Anything else (a LAN
 * address, another site the extension holds access to, this machine's ports for a page from the web)
 * the page must call itself, with its own privileges: the extension's host permissions are not lent
 * out. Test builds let any page reach a loopback emulator (the Node suites serve pages as
 * https://*.example next to the emulator on 127.0.0.1).
 */
export async function endpointAllowed(
  ctx: CallContext,
  endpoint: string,
  loopbackForAnyPage: boolean = __TEST_BUILD__,
): Promise<boolean> {
  const url = new URL(endpoint);
  if (url.protocol === 'https:' && isCognitoHost(url.hostname)) return true;
  if (url.origin === ctx.origin) return true;
  if (!isLoopbackHost(url.hostname)) return false;
  if (!loopbackForAnyPage && !isLoopbackHost(new URL(ctx.origin).hostname)) return false;
  return (await ctx.vault.getSite(url.origin)) === undefined;
}
