/**
 * The one way a request reaches a user pool endpoint: JSON 1.1 over POST, no cookies, no redirects,
 * a deadline that covers reading the body, and a reply read as a stream that is cut off at a size
 * bound (a hostile endpoint streaming without end must not fill the background's memory). The typed
 * client (client.ts) and the carrier's pass-through of a page's own call both send through here.
 */
import { CognitoNetworkError } from './errors.ts';
import { targetFor } from './operations.ts';

/** Cognito's answer as it came: status, headers and the body text, not yet interpreted. */
export interface CognitoReply {
  status: number;
  headers: Headers;
  text: string;
}

export interface TransportOptions {
  /** A normalized endpoint URL (normalizeEndpoint). */
  endpoint: string;
  fetch: typeof fetch;
  /** Per call, including reading the body; a value past setTimeout's range means none. */
  timeoutMs: number;
  /** Sent with every call (user agent, allow-listed headers of a page); the JSON 1.1 headers are added here. */
  headers: Headers;
  /** Replies longer than this many characters are refused while they are read. */
  maxReplyChars: number;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** A reply cut off at the bound: `chars` is how much had arrived by then (more than the bound). */
export class ReplyTooLargeError extends CognitoNetworkError {
  readonly chars: number;
  constructor(operation: string, chars: number, max: number) {
    super(`Cognito ${operation} answered more than ${max} characters`, 'too-large');
    this.chars = chars;
  }
}

export async function postCognito(
  transport: TransportOptions,
  operation: string,
  payload: string,
  signals: readonly (AbortSignal | undefined)[] = [],
): Promise<CognitoReply> {
  const headers = new Headers(transport.headers);
  headers.set('Content-Type', 'application/x-amz-json-1.1');
  headers.set('X-Amz-Target', targetFor(operation));
  headers.set('Cache-Control', 'no-store');

  const callerSignals = signals.filter((s): s is AbortSignal => s !== undefined);
  if (callerSignals.some((s) => s.aborted)) {
    throw new CognitoNetworkError(`Cognito ${operation} aborted`, 'aborted');
  }
  const controller = new AbortController();
  let timedOut = false;
  // setTimeout treats delays beyond 2^31-1 ms as 1 ms, so a huge or infinite timeout means none.
  const timer =
    transport.timeoutMs <= MAX_TIMER_MS
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, transport.timeoutMs)
      : undefined;
  const onAbort = (): void => controller.abort();
  for (const s of callerSignals) s.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await transport.fetch(transport.endpoint, {
      method: 'POST',
      headers,
      body: payload,
      signal: controller.signal,
      // Cognito never redirects; following one would turn the POST into something else, and the
      // extension's network privileges must not lend a page anything it could not do itself.
      redirect: 'error',
      credentials: 'omit',
      cache: 'no-store',
    });
    const text = await readCapped(response, transport.maxReplyChars, operation);
    return { status: response.status, headers: response.headers, text };
  } catch (cause) {
    if (cause instanceof ReplyTooLargeError) throw cause;
    if (timedOut) {
      throw new CognitoNetworkError(
        `Cognito ${operation} timed out after ${transport.timeoutMs} ms`,
        'timeout',
        cause,
      );
    }
    if (controller.signal.aborted)
      throw new CognitoNetworkError(`Cognito ${operation} aborted`, 'aborted', cause);
    throw new CognitoNetworkError(`Cognito ${operation} failed: ${describe(cause)}`, 'fetch', cause);
  } finally {
    clearTimeout(timer);
    for (const s of callerSignals) s.removeEventListener('abort', onAbort);
  }
}

/** The body as UTF-8 text (as Response.text() decodes it), refused as soon as it passes `max` characters. */
async function readCapped(response: Response, max: number, operation: string): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    text += done ? decoder.decode() : decoder.decode(value, { stream: true });
    if (text.length > max) {
      // Stops the download: the connection is dropped instead of drained.
      await reader.cancel().catch(() => undefined);
      throw new ReplyTooLargeError(operation, text.length, max);
    }
    if (done) return text;
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    // undici hides the socket error in cause (e.g. ECONNRESET, "other side closed").
    const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
    return `${cause.message}${inner}`;
  }
  return String(cause);
}
