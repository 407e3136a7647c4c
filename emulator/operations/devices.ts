import { padHex, verifierConfigToSaltAndVerifier } from '../../src/srp/index.ts';
import type { RequestContext } from '../context.ts';
import { deviceNotFound, invalidParameter } from '../http/errors.ts';
import { paginate } from '../pagination.ts';
import type { DeviceRecord, PoolRecord, UserRecord } from '../store/records.ts';
import { type Json, optInt, optObject, optString, reqString } from '../validate.ts';
import { asAdmin, withAccessToken } from './params.ts';

const DEVICE_KEY = { max: 55, pattern: /^[\w-]+_[0-9a-f-]+$/ };

export function deviceType(device: DeviceRecord): Json {
  const attributes = [
    { Name: 'device_status', Value: 'valid' },
    ...(device.name ? [{ Name: 'device_name', Value: device.name }] : []),
    { Name: 'dev:device_remembered_status', Value: device.status },
    ...(device.lastIp ? [{ Name: 'last_ip_used', Value: device.lastIp }] : []),
  ];
  return {
    DeviceKey: device.key,
    DeviceAttributes: attributes,
    DeviceCreateDate: device.createdAt,
    DeviceLastModifiedDate: device.modifiedAt,
    DeviceLastAuthenticatedDate: device.lastAuthAt,
  };
}

/** The user's device with this key, or "Device does not exist." (also for another user's device). */
function ownDevice(rc: RequestContext, pool: PoolRecord, user: UserRecord, key: string): DeviceRecord {
  const device = rc.emu.store.getDevice(key);
  if (!device || device.poolId !== pool.id || device.username !== user.username) throw deviceNotFound();
  return device;
}

function confirmDevice(rc: RequestContext, pool: PoolRecord, user: UserRecord, input: Json): Json {
  const device = ownDevice(rc, pool, user, reqString(input, 'DeviceKey', DEVICE_KEY));
  const config = optObject(input, 'DeviceSecretVerifierConfig');
  const name = optString(input, 'DeviceName', { max: 1024 });
  if (config) {
    const PasswordVerifier = optString(config, 'PasswordVerifier', { max: 4096 }) ?? '';
    const Salt = optString(config, 'Salt', { max: 1024 }) ?? '';
    let parsed: { salt: bigint; v: bigint };
    try {
      parsed = verifierConfigToSaltAndVerifier({ PasswordVerifier, Salt });
    } catch {
      throw invalidParameter('Invalid DeviceSecretVerifierConfig.');
    }
    // A wrong verifier is accepted here, as on AWS: it only fails at the next device sign-in.
    device.saltHex = padHex(parsed.salt);
    device.verifierHex = padHex(parsed.v);
  }
  if (name !== undefined) device.name = name;
  const onPrompt = pool.deviceConfiguration?.DeviceOnlyRememberedOnUserPrompt === true;
  if (!device.confirmed) device.status = onPrompt ? 'not_remembered' : 'remembered';
  device.confirmed = true;
  rc.emu.saveDevice(device);
  return { UserConfirmationNecessary: onPrompt };
}

function getDevice(rc: RequestContext, pool: PoolRecord, user: UserRecord, input: Json): Json {
  return { Device: deviceType(ownDevice(rc, pool, user, reqString(input, 'DeviceKey', DEVICE_KEY))) };
}

function listDevices(rc: RequestContext, _pool: PoolRecord, user: UserRecord, input: Json): Json {
  const limit = optInt(input, 'Limit', 0, 60) || 60;
  const token = optString(input, 'PaginationToken', { max: 256 });
  const devices = rc.emu.store
    .listDevices(user)
    .filter((d) => d.confirmed && d.status === 'remembered')
    .sort((a, b) => a.createdAt - b.createdAt || (a.key < b.key ? -1 : 1));
  const { page, next } = paginate(devices, (d) => d.key, token, limit);
  return { Devices: page.map(deviceType), ...(next ? { PaginationToken: next } : {}) };
}

function updateDeviceStatus(rc: RequestContext, pool: PoolRecord, user: UserRecord, input: Json): Json {
  const device = ownDevice(rc, pool, user, reqString(input, 'DeviceKey', DEVICE_KEY));
  const status = optString(input, 'DeviceRememberedStatus');
  if (status !== undefined && status !== 'remembered' && status !== 'not_remembered') {
    throw invalidParameter(
      `1 validation error detected: Value '${status}' at 'deviceRememberedStatus' failed to satisfy constraint: Member must satisfy enum value set: [remembered, not_remembered]`,
    );
  }
  if (status) device.status = status;
  rc.emu.saveDevice(device);
  return {};
}

/** Forgets the device and revokes the refresh tokens issued to it. */
function forgetDevice(rc: RequestContext, pool: PoolRecord, user: UserRecord, input: Json): Json {
  const device = ownDevice(rc, pool, user, reqString(input, 'DeviceKey', DEVICE_KEY));
  const tokens = rc.emu.store.refreshTokensWhere((r) => r.deviceKey === device.key && !r.invalidated);
  rc.emu.store.batch(() => {
    for (const r of tokens) {
      r.invalidated = true;
      rc.emu.store.putRefreshToken(r);
    }
    rc.emu.store.deleteDevice(device);
  });
  return {};
}

export const ConfirmDevice = withAccessToken(confirmDevice);
export const GetDevice = withAccessToken(getDevice);
export const AdminGetDevice = asAdmin(getDevice);
export const ListDevices = withAccessToken(listDevices);
export const AdminListDevices = asAdmin(listDevices);
export const UpdateDeviceStatus = withAccessToken(updateDeviceStatus);
export const AdminUpdateDeviceStatus = asAdmin(updateDeviceStatus);
export const ForgetDevice = withAccessToken(forgetDevice);
export const AdminForgetDevice = asAdmin(forgetDevice);
