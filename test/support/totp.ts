// TOTP codes for tests. Cognito (and the emulator) may refuse a code that was already used, so
// `freshTotp` hands out each code once per process, waiting for the next 30 s window when needed.
import { totpNow, totpRemainingMs } from '../../demo/totp.ts';

export { totpNow, totpRemainingMs };

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
