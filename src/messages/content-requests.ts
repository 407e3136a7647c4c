import * as v from 'valibot';
import { LIMITS } from './limits.ts';
import { FORWARDED_REQUEST_HEADERS } from './page-channel.ts';

const HeaderValue = v.pipe(
  v.string(),
  v.maxLength(LIMITS.forwardedHeaderChars),
  v.regex(/^[\t\x20-\x7e\x80-\xff]*$/),
);

/**
 * Messages a content script (the relay, on behalf of a page) may send. Everything here is
 * attacker-controlled: the page can tamper with the hook and forge relay traffic. Hence the name.
 */
export const InsecureCognitoCall = v.strictObject({
  type: v.literal('cognito.call'),
  endpoint: v.pipe(v.string(), v.maxLength(LIMITS.endpointChars), v.url()),
  operation: v.pipe(v.string(), v.maxLength(LIMITS.operationChars), v.regex(/^[A-Z][A-Za-z0-9]*$/)),
  body: v.pipe(v.string(), v.maxLength(LIMITS.cognitoBodyChars)),
  /** Only the allow-listed headers (FORWARDED_REQUEST_HEADERS), values as a browser's Headers holds them (bytes, no line breaks). */
  headers: v.optional(
    v.strictObject(
      Object.fromEntries(FORWARDED_REQUEST_HEADERS.map((name) => [name, v.optional(HeaderValue)])) as Record<
        (typeof FORWARDED_REQUEST_HEADERS)[number],
        v.OptionalSchema<typeof HeaderValue, undefined>
      >,
    ),
  ),
});
export type InsecureCognitoCall = v.InferOutput<typeof InsecureCognitoCall>;

/**
 * Sent by the relay when a sign-in looks near (a password or one-time-code field is used), so a
 * stopped background starts while the person types rather than after they submit. Carries nothing.
 */
export const InsecureWake = v.strictObject({ type: v.literal('wake') });
export type InsecureWake = v.InferOutput<typeof InsecureWake>;
/** The answer to `wake`: nothing but whether the sender's origin is one the background serves. */
export type WakeReply = { kind: 'awake' } | { kind: 'error'; message: string };

export const InsecureContentRequest = v.variant('type', [InsecureCognitoCall, InsecureWake]);
export type InsecureContentRequest = v.InferOutput<typeof InsecureContentRequest>;
