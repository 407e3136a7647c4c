import { Secret, TOTP } from 'otpauth';

const PERIOD_MS = 30_000;

/** A new base32 secret, as AssociateSoftwareToken returns it (32 chars = 160 bits). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/**
 * RFC 6238 (SHA-1, 6 digits, 30 s) with ±1 step. Returns the matched time step, or undefined.
 * The caller rejects a step ≤ the last one accepted, so a code cannot be replayed within its window.
 */
export function matchTotp(secretBase32: string, code: string, nowMs: number): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  let secret: Secret;
  try {
    secret = Secret.fromBase32(secretBase32);
  } catch {
    return undefined;
  }
  const totp = new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 });
  const delta = totp.validate({ token: code, timestamp: nowMs, window: 1 });
  if (delta === null) return undefined;
  return Math.floor(nowMs / PERIOD_MS) + delta;
}
