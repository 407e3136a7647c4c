import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function randomString(length: number, alphabet = ALNUM): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

/** us-east-1_AbC123xyz, like Cognito's pool ids. */
export const newPoolId = (region: string): string => `${region}_${randomString(9)}`;
/** 26 lowercase alphanumerics, like Cognito's app client ids. */
export const newClientId = (): string => randomString(26, LOWER_ALNUM);
export const newClientSecret = (): string => randomString(51, LOWER_ALNUM);
/** <region>_<uuid>, like Cognito's device keys. */
export const newDeviceKey = (region: string): string => `${region}_${randomUUID()}`;
/** Short and opaque, like Cognito's (e.g. -wt2ha1Zd). */
export const newDeviceGroupKey = (): string => `-${randomString(8)}`;
export const newCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');
export const newRequestId = (): string => randomUUID();
