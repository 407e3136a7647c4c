import type { DeviceStatus } from '../../src/messages/index.ts';
import { type MessageKey, t } from '../i18n.ts';

const STATUS: Record<DeviceStatus | 'valid', MessageKey> = {
  // Cognito's device_status of a confirmed device.
  valid: 'statusValid',
  remembered: 'statusRemembered',
  not_remembered: 'statusNotRemembered',
  pending: 'statusPending',
  broken: 'statusBroken',
  unconfirmed: 'statusUnconfirmed',
};

/** Cognito's device_status / remembered status, or the vault's own, in words. */
export function statusText(status: string | undefined): string {
  if (status && Object.hasOwn(STATUS, status)) return t(STATUS[status as DeviceStatus | 'valid']);
  return status ?? '';
}
