// TOTP codes for the demo users (RFC 6238: SHA-1, 6 digits, 30 s), as an authenticator app shows them.
import { Secret, TOTP } from 'otpauth';

const PERIOD_SECONDS = 30;

function totpFor(secretBase32: string): TOTP {
  return new TOTP({
    secret: Secret.fromBase32(secretBase32),
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
  });
}

/** The 6-digit code an authenticator app shows for `secretBase32` at `atMs` (default: now). */
export function totpNow(secretBase32: string, atMs: number = Date.now()): string {
  return totpFor(secretBase32).generate({ timestamp: atMs });
}

/** Milliseconds until the code of `totpNow` changes. */
export function totpRemainingMs(atMs: number = Date.now()): number {
  return PERIOD_SECONDS * 1000 - (atMs % (PERIOD_SECONDS * 1000));
}
