import type { ActivityFacts, PlainActivityKind } from '../../src/messages/index.ts';
import type { CallContext } from './context.ts';

/**
 * One activity entry for the site this call came from: time and origin from the context. Never a secret.
 * `what` is the kind, with the facts programs read (an error's reason, an ended trust's days); `detail`
 * says it for people.
 */
export async function logActivity(
  ctx: CallContext,
  what: PlainActivityKind | ActivityFacts,
  account?: { poolId: string; username: string },
  detail?: string,
): Promise<void> {
  await ctx.vault.log({
    at: ctx.now(),
    ...(typeof what === 'string' ? { kind: what } : what),
    origin: ctx.origin,
    ...(account ? { poolId: account.poolId, username: account.username } : {}),
    ...(detail !== undefined ? { detail } : {}),
  });
}
