import { CognitoServiceError, type ConfirmDeviceResponse } from '../../src/cognito/index.ts';
import type { ForwardedHeaders } from '../../src/messages/index.ts';
import { trustEnded } from '../../src/site-rules.ts';
import { createDeviceVerifier } from '../../src/srp/index.ts';
import type { DeviceRecord, SiteRecord } from '../vault/schema.ts';
import { logActivity } from './activity.ts';
import { deviceStepClient } from './carrier-transport.ts';
import type { CallContext } from './context.ts';

export interface Enrollment {
  poolId: string;
  username: string;
  deviceKey: string;
  deviceGroupKey: string;
  accessToken: string;
  endpoint: string;
  /** The page's allow-listed request headers (user agent, WAF token): every device request carries them. */
  headers?: ForwardedHeaders;
  /** When the sign-in that produced this NewDeviceMetadata started (ms). */
  requestStartedAt: number;
}

export type EnrollOutcome =
  /** This sign-in's device is the site's device now. */
  | { kind: 'enrolled'; deviceKey: string }
  /** Another tab enrolled a device for this account after this sign-in began: that one stays. */
  | { kind: 'kept-concurrent'; deviceKey: string }
  | { kind: 'failed' };

/**
 * Cognito issued NewDeviceMetadata. Generates the device password and verifier, confirms
 * the device, applies the site's policy when the pool asks the user, and stores the record.
 *
 * Per pool + user + site under a lock, so two tabs signing in at once end with one device: the second finds
 * a record created after its own sign-in began and keeps it (its own new device stays unconfirmed,
 * which Cognito neither lists nor remembers). The record is written as "unconfirmed" before
 * ConfirmDevice, so a worker stopped mid-way never loses a secret Cognito already accepted.
 */
export async function enrollDevice(
  ctx: CallContext,
  site: SiteRecord,
  e: Enrollment,
): Promise<EnrollOutcome> {
  return ctx.lock(`enroll:${e.poolId}:${e.username}:${ctx.origin}`, async () => {
    const existing = await ctx.vault.getDevice(e.poolId, e.username, ctx.origin);
    if (
      existing &&
      existing.createdAt >= e.requestStartedAt &&
      existing.status !== 'broken' &&
      existing.status !== 'unconfirmed'
    ) {
      return { kind: 'kept-concurrent', deviceKey: existing.deviceKey };
    }
    const verifier = await createDeviceVerifier(e.deviceGroupKey, e.deviceKey);
    const record: DeviceRecord = {
      poolId: e.poolId,
      username: e.username,
      deviceKey: e.deviceKey,
      deviceGroupKey: e.deviceGroupKey,
      devicePassword: verifier.devicePassword,
      deviceName: ctx.deviceName,
      status: 'unconfirmed',
      origin: ctx.origin,
      endpoint: e.endpoint,
      createdAt: ctx.now(),
    };
    try {
      await ctx.vault.replaceDevice(existing, record);
    } catch {
      // Another record holds this key: Cognito never issues a key twice, so this NewDeviceMetadata is not
      // genuine. That record (maybe another site's) stays as it is, and so does this site's own.
      await logActivity(
        ctx,
        { kind: 'error', reason: 'device-key-taken' },
        e,
        'New device refused: its key belongs to another device in this browser',
      );
      return { kind: 'failed' };
    }

    const cognito = deviceStepClient(ctx, e.endpoint, e.headers);
    let confirm: ConfirmDeviceResponse;
    try {
      confirm = await cognito.confirmDevice({
        AccessToken: e.accessToken,
        DeviceKey: e.deviceKey,
        DeviceSecretVerifierConfig: verifier.verifierConfig,
        DeviceName: ctx.deviceName,
      });
    } catch (error) {
      // No usable answer (timeout, dropped connection, a malformed reply): Cognito may still have confirmed
      // the device. Keep the record "unconfirmed" (never served) so the next enrollment forgets it
      // instead of orphaning it. Cognito's refusal means it has no such device: the record goes.
      const refused = error instanceof CognitoServiceError;
      if (refused) await ctx.vault.deleteDeviceAt(record);
      const reason = refused
        ? error.code
        : error instanceof Error
          ? error.message.slice(0, 200)
          : 'no answer';
      await logActivity(
        ctx,
        { kind: 'error', reason: 'confirm-device-failed' },
        e,
        `ConfirmDevice failed: ${reason}`,
      );
      return { kind: 'failed' };
    }
    let status: DeviceRecord['status'] = 'remembered';
    if (confirm.UserConfirmationNecessary === true) {
      if (site.policy === 'always') {
        const remembered = await cognito
          .updateDeviceStatus({
            AccessToken: e.accessToken,
            DeviceKey: e.deviceKey,
            DeviceRememberedStatus: 'remembered',
          })
          .then(
            () => true,
            () => false,
          );
        status = remembered ? 'remembered' : 'pending';
      } else {
        status = site.policy === 'ask' ? 'pending' : 'not_remembered';
      }
    }
    await ctx.vault.updateDeviceAt(record, (r) => ({ ...r, status }));
    await logActivity(
      ctx,
      'enrolled',
      e,
      `${ctx.deviceName} (${status === 'pending' ? 'waiting for your answer' : status.replace('_', ' ')})`,
    );
    if (status === 'pending') ctx.onPromptPending?.();
    // A remembered device past the site's trust lifetime was not presented (find-device.ts): say why.
    const ended =
      existing?.status === 'remembered' && trustEnded(site.trustDays, existing.createdAt, ctx.now());
    if (ended && site.trustDays !== undefined)
      await logActivity(
        ctx,
        { kind: 'trust-ended', trustDays: site.trustDays },
        e,
        trustEndedDetail(site.trustDays),
      );
    // The previous device this site used is now dead weight in the user's device list (an "unconfirmed"
    // one too: the worker stopped, or the answer was lost, after Cognito may have confirmed it).
    // Other sites' devices are their own records, untouched.
    if (existing && existing.deviceKey !== e.deviceKey) {
      await cognito
        .forgetDevice({ AccessToken: e.accessToken, DeviceKey: existing.deviceKey })
        .catch(() => undefined);
    }
    return { kind: 'enrolled', deviceKey: e.deviceKey };
  });
}

/** The activity line for a device replaced because the site's trust lifetime ended. */
export const trustEndedDetail = (days: number) =>
  `Trust for this browser ended after ${days} day${days === 1 ? '' : 's'}: the code was asked and the browser enrolled again`;
