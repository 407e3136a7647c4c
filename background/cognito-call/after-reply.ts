/**
 * Bookkeeping a carried call leaves for after the page has its answer: the activity line, the device's
 * last use, the access token for the popup, the alias and the app client's pool. None of it changes
 * what the page receives, and writing it first kept a remembered sign-in waiting ~10 ms for IndexedDB
 * and storage.session (measured in bench:e2e, Chromium). What a later call of the page depends on (the
 * refresh token's index, an enrolled device) is still written before the reply.
 *
 * Ordering stays as if the writes had been awaited: every later message the background handles
 * (a page's next call, say a refresh that needs the refresh token's index, or a popup request that
 * lists devices) waits for what is queued before it is looked at (router.ts). Work runs one item at a
 * time, in the order queued, each started a macrotask after it was queued so the reply is posted
 * first. An item that neither ends nor fails within WORK_LIMIT_MS is reported and no longer waited
 * for: a stuck write must not hold every later sign-in.
 */
export interface AfterReply {
  /** Runs `work` once the current reply is on its way. A failure is reported, never thrown to a page. */
  later(work: () => Promise<void>): void;
  /** Resolves when all work queued so far has run, failed or timed out. */
  settled(): Promise<void>;
}

export const WORK_LIMIT_MS = 10_000;

export function afterReplyQueue(report: (error: unknown) => void, limitMs = WORK_LIMIT_MS): AfterReply {
  let tail: Promise<void> = Promise.resolve();
  const bounded = (work: () => Promise<void>) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`bookkeeping still running after ${limitMs} ms`)),
        limitMs,
      );
      work()
        .then(resolve, reject)
        .finally(() => clearTimeout(timer));
    });
  return {
    later(work) {
      tail = tail
        .then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))
        .then(() => bounded(work))
        .catch(report);
    },
    settled: () => tail,
  };
}

/**
 * `work` after the reply when the call's context defers (the browser: router.ts), else at once (a
 * context without a queue, as Node suites build, reads the vault right after the call returns).
 */
export async function afterReply(
  ctx: { afterReply?: AfterReply['later'] | undefined },
  work: () => Promise<void>,
): Promise<void> {
  if (ctx.afterReply) ctx.afterReply(work);
  else await work();
}
