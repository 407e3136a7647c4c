import type { ActivityKind } from '../../src/messages/index.ts';
import type { CallContext } from './context.ts';

/** One activity entry for the site this call came from: time and origin from the context. Never a secret. */
export async function logActivity(
  ctx: CallContext,
  kind: ActivityKind,
  account?: { poolId: string; username: string },
  detail?: string,
): Promise<void> {
  await ctx.vault.log({
    at: ctx.now(),
    kind,
    origin: ctx.origin,
    ...(account ? { poolId: account.poolId, username: account.username } : {}),
    ...(detail !== undefined ? { detail } : {}),
  });
}
