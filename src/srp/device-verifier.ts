import { base64ToBytes, bytesToBase64 } from './base64.ts';
import { SrpError } from './errors.ts';
import { powG } from './fixed-base.ts';
import { randomBytes } from './hash.ts';
import { bytesToBigInt, padHexBytes } from './hex.ts';
import { computeX } from './math.ts';

export interface DeviceVerifier {
  /** The device's secret: base64 of 40 random bytes. Never leaves the device. */
  devicePassword: string;
  /** ConfirmDevice's DeviceSecretVerifierConfig. */
  verifierConfig: { PasswordVerifier: string; Salt: string };
}

/** ConfirmDevice material for given secrets; tests use it via deterministic.ts. */
export async function deviceVerifierFromSecrets(
  deviceGroupKey: string,
  deviceKey: string,
  devicePassword: string,
  salt: bigint,
): Promise<DeviceVerifier> {
  const v = powG(await computeX(deviceGroupKey, deviceKey, devicePassword, salt));
  return {
    devicePassword,
    verifierConfig: {
      PasswordVerifier: bytesToBase64(padHexBytes(v)),
      // padHex form like the official clients: 15, 16 or 17 bytes for a 16-byte random salt.
      Salt: bytesToBase64(padHexBytes(salt)),
    },
  };
}

/** A new device password, a 16-byte random salt and the verifier ConfirmDevice wants. */
export function createDeviceVerifier(deviceGroupKey: string, deviceKey: string): Promise<DeviceVerifier> {
  const devicePassword = bytesToBase64(randomBytes(40));
  const salt = bytesToBigInt(randomBytes(16));
  return deviceVerifierFromSecrets(deviceGroupKey, deviceKey, devicePassword, salt);
}

/** What the server stores from ConfirmDevice: the salt and v as integers (any byte length, leading zeros or not). */
export function verifierConfigToSaltAndVerifier(cfg: { PasswordVerifier: string; Salt: string }): {
  salt: bigint;
  v: bigint;
} {
  if (!cfg.PasswordVerifier || !cfg.Salt) throw new SrpError('Empty PasswordVerifier or Salt');
  return {
    salt: bytesToBigInt(base64ToBytes(cfg.Salt)),
    v: bytesToBigInt(base64ToBytes(cfg.PasswordVerifier)),
  };
}
