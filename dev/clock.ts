// Time the emulator reads, moved by tests instead of sleeping, and TOTP codes handed out against it.
import { totpNow } from './demo-sites/totp.ts';

/** A clock the emulator reads; tests move it forward instead of sleeping (e.g. to a fresh TOTP window). */
export class TestClock {
  private offsetMs = 0;
  readonly now = (): number => Date.now() + this.offsetMs;
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  /** Jumps forward to a given instant (never back: sessions and codes already issued stay ordered). */
  advanceTo(epochMs: number): void {
    this.advance(Math.max(0, epochMs - this.now()));
  }
}

/**
 * Hands out TOTP codes for the emulator's current time. An authenticator app never shows the same
 * code twice in one 30 s window, and Cognito may refuse a reused code, so when a test needs a
 * second code for the same secret in the same window the emulator's clock moves to the next one.
 */
export class TotpCodes {
  private readonly lastStep = new Map<string, number>();
  constructor(private readonly clock: TestClock) {}

  code(secretBase32: string): string {
    let step = Math.floor(this.clock.now() / 30_000);
    const last = this.lastStep.get(secretBase32);
    if (last !== undefined && step <= last) {
      this.clock.advance((last + 1 - step) * 30_000);
      step = last + 1;
    }
    this.lastStep.set(secretBase32, step);
    // Mid-window so that a few seconds of test time cannot cross into the next step.
    return totpNow(secretBase32, step * 30_000 + 15_000);
  }
}
