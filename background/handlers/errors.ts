import type { PageErrorCode, PageReply } from '../../src/messages/index.ts';

/** A failure a person can read in the popup; `code` lets the UI pick what to say and do. */
export class HandlerError extends Error {
  constructor(
    readonly code: PageErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function toPageReply<T>(work: Promise<T>): Promise<PageReply<T>> {
  return work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({
      ok: false as const,
      error:
        error instanceof HandlerError
          ? { code: error.code, message: error.message }
          : { code: 'internal', message: error instanceof Error ? error.message : 'Something went wrong' },
    }),
  );
}
