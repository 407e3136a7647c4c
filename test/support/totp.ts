// TOTP for tests: the codes an authenticator app would show (RFC 6238: SHA-1, 6 digits, 30 s), computed
// independently of the emulator's own check. Cognito (and the emulator) may refuse a code that was
// already used, so `freshTotp` hands out each code once per process, waiting for the next 30 s window
// when needed; TotpCodes (cognito-fixtures.ts) moves a test clock instead.
import { Secret } from 'otpauth';
import { totpNow, totpRemainingMs } from '../../dev/demo-sites/totp.ts';

export { totpNow, totpRemainingMs };

/** The code for `secretBase32` at `timestampMs`. */
export function totpAt(secretBase32: string, timestampMs: number): string {
  return totpNow(secretBase32, timestampMs);
}

/** A fresh random base32 TOTP secret (160 bits, like Cognito's AssociateSoftwareToken). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

const lastHandedOut = new Map<string, string>();

/** A current code for `secretBase32` that this process has not handed out before. */
export async function freshTotp(secretBase32: string): Promise<string> {
  let code = totpNow(secretBase32);
  if (lastHandedOut.get(secretBase32) === code) {
    await new Promise((resolve) => setTimeout(resolve, totpRemainingMs() + 50));
    code = totpNow(secretBase32);
  }
  lastHandedOut.set(secretBase32, code);
  return code;
}
