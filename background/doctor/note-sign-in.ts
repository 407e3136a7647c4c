import { tokenIdentity } from '../../src/jwt-claims.ts';
import { logActivity } from '../cognito-call/activity.ts';
import type { CallContext } from '../cognito-call/context.ts';
import type { PageCall } from '../cognito-call/request-shape.ts';
import type { DeviceRef } from '../vault/schema.ts';

/** The second factors a remembered device is there to skip (AWS API reference, RespondToAuthChallenge: ChallengeName). */
const CODE_CHALLENGES = new Set(['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'SMS_OTP']);

/**
 * What the site doctor needs to know about a carried sign-in step that nothing else logs: the device
 * was presented and the pool still asked for a code; or tokens arrived with no device presented and
 * no NewDeviceMetadata (the pool does not track devices: "Working with user devices in your user
 * pool", Cognito developer guide). One line per account in a row, so a site that signs in often does
 * not fill the log. Called once, at the end of each carried step (device-sign-in.ts).
 */
export async function noteSignInStep(
  ctx: CallContext,
  call: PageCall,
  presented: DeviceRef | undefined,
  body: Record<string, unknown> | undefined,
): Promise<void> {
  if (!body || call.pageOwnsDevice) return;
  const challenge = typeof body.ChallengeName === 'string' ? body.ChallengeName : undefined;
  if (presented && challenge && CODE_CHALLENGES.has(challenge)) {
    await logOnce(ctx, 'mfa-asked', presented, challenge);
    return;
  }
  const result = body.AuthenticationResult as Record<string, unknown> | undefined;
  if (presented || call.shape.kind === 'refresh' || typeof result?.AccessToken !== 'string') return;
  if (result.NewDeviceMetadata !== undefined) return;
  const identity = tokenIdentity(result.AccessToken);
  if (identity) await logOnce(ctx, 'no-device-issued', identity);
}

async function logOnce(
  ctx: CallContext,
  kind: 'mfa-asked' | 'no-device-issued',
  account: { poolId: string; username: string },
  detail?: string,
): Promise<void> {
  const [last] = await ctx.vault.listActivity(1);
  const same =
    last?.kind === kind &&
    last.origin === ctx.origin &&
    last.poolId === account.poolId &&
    last.username === account.username;
  if (!same) await logActivity(ctx, kind, { poolId: account.poolId, username: account.username }, detail);
}
