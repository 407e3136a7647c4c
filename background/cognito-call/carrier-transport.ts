import {
  type CognitoClient,
  type CognitoReply,
  CognitoServiceError,
  createCognitoClient,
  DEFAULT_TIMEOUT_MS,
  isJsonObject,
  normalizeEndpoint,
  parseCognitoErrorResponse,
  postCognito,
  ReplyTooLargeError,
} from '../../src/cognito/index.ts';
import {
  FORWARDED_REQUEST_HEADERS,
  type ForwardedHeaders,
  LIMITS,
  PASSED_RESPONSE_HEADERS,
} from '../../src/messages/index.ts';
import { logActivity } from './activity.ts';
import type { CallContext } from './context.ts';

/** A Cognito reply as the page will receive it: status, the headers clients read, the body text as it came. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** Only the allow-listed names, whatever the caller passed. */
function allowListed(forwarded: ForwardedHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = forwarded[name];
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

/** What the page may see of a reply: the headers of PASSED_RESPONSE_HEADERS, the body unchanged. */
export function forPage(reply: CognitoReply): RawResponse {
  const passed: Record<string, string> = {};
  for (const name of PASSED_RESPONSE_HEADERS) {
    const value = reply.headers.get(name);
    if (value !== null) passed[name] = value;
  }
  return { status: reply.status, headers: passed, text: reply.text };
}

/**
 * A reply past the cap (LIMITS.replyBodyChars) is logged for the person: the site's endpoint
 * misbehaves. The one wording of it, whether the transport cut the reply off or the carrier's
 * rewritten reply came out too long.
 */
export async function logReplyTooLarge(ctx: CallContext, chars: number): Promise<void> {
  await logActivity(
    ctx,
    { kind: 'error', reason: 'reply-too-large' },
    undefined,
    `A reply of ${chars} characters was refused`,
  );
}

async function noteTooLarge(ctx: CallContext, error: unknown): Promise<never> {
  if (error instanceof ReplyTooLargeError) await logReplyTooLarge(ctx, error.chars);
  throw error;
}

/**
 * The page's own request, sent as it is through the one Cognito transport (src/cognito/transport.ts)
 * and answered as raw status, headers and text, so the page receives Cognito's response byte for byte.
 */
export async function rawCognitoCall(
  ctx: CallContext,
  endpoint: string,
  operation: string,
  body: string,
  forwarded: ForwardedHeaders = {},
): Promise<RawResponse> {
  const transport = {
    endpoint: normalizeEndpoint(endpoint),
    fetch: ctx.fetch,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    headers: new Headers(allowListed(forwarded)),
    maxReplyChars: LIMITS.replyBodyChars,
  };
  const reply = await postCognito(transport, operation, body).catch((e: unknown) => noteTooLarge(ctx, e));
  return forPage(reply);
}

/**
 * The typed client for the steps the background adds to a page's sign-in (device challenge,
 * ConfirmDevice, UpdateDeviceStatus, ForgetDevice): same endpoint, the page's allow-listed headers,
 * the client's timeout and reply cap (LIMITS.replyBodyChars), as the page's own call. Its errors are
 * typed: CognitoServiceError (Cognito's answer, `.reply` as it came) or CognitoNetworkError (no usable
 * answer).
 */
export function deviceStepClient(
  ctx: CallContext,
  endpoint: string,
  forwarded: ForwardedHeaders = {},
): CognitoClient {
  return createCognitoClient({
    endpoint,
    fetch: ctx.fetch,
    headers: allowListed(forwarded),
  });
}

/**
 * A device step whose answer may become the page's: Cognito's reply as it came, an error answer
 * included. No usable answer (network, a malformed 2xx, a reply past the cap) throws.
 */
export async function stepReply(
  ctx: CallContext,
  step: Promise<{ reply: CognitoReply }>,
): Promise<RawResponse> {
  try {
    return forPage((await step).reply);
  } catch (error) {
    if (error instanceof CognitoServiceError && error.reply) return forPage(error.reply);
    return noteTooLarge(ctx, error);
  }
}

/** The exception name of an error response, read the way the AWS SDKs read it; undefined for a success. */
export function errorCode(res: RawResponse): string | undefined {
  if (res.status < 400) return undefined;
  return parseCognitoErrorResponse(res.status, new Headers(res.headers), res.text).code;
}

/** A JSON object body, or undefined for anything else (arrays, garbage, an HTML error page). */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
