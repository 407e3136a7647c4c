// The demo users' current TOTP codes in the terminal, refreshed in place (a TTY) or printed once
// per 30-second window (a log), so a person can try the demo without an authenticator app.
import { DEMO_POOLS, totpNow, totpRemainingMs } from '../../dev/demo-sites/fixtures.ts';

function lines(now: number): string[] {
  const seconds = Math.ceil(totpRemainingMs(now) / 1000);
  const out = [`TOTP codes (next in ${String(seconds).padStart(2)} s):`];
  for (const pool of DEMO_POOLS) {
    for (const u of pool.users) {
      out.push(
        `  ${u.email.padEnd(20)} ${totpNow(u.totpSecret, now)}   ${u.password.padEnd(18)} ${pool.optIn ? '(opt-in pool)' : ''}`,
      );
    }
  }
  return out;
}

/** Starts the display; the returned function stops it. */
export function showTotpCodes(stream: NodeJS.WriteStream = process.stdout): () => void {
  let shown = 0;
  let lastWindow = -1;
  const draw = () => {
    const now = Date.now();
    if (stream.isTTY) {
      const text = lines(now);
      // Move up over the previous block and rewrite it.
      stream.write(`${shown ? `\x1b[${shown}F` : ''}${text.map((l) => `\x1b[2K${l}`).join('\n')}\n`);
      shown = text.length;
    } else {
      const window = Math.floor(now / 30_000);
      if (window !== lastWindow) stream.write(`${lines(now).join('\n')}\n`);
      lastWindow = window;
    }
  };
  draw();
  const timer = setInterval(draw, 1000);
  return () => clearInterval(timer);
}
