import * as v from 'valibot';
import { LIMITS } from './limits.ts';

/**
 * Messages a content script (the relay, on behalf of a page) may send. Everything here is
 * attacker-controlled: the page can tamper with the hook and forge relay traffic. Hence the name.
 */
export const InsecureCognitoCall = v.strictObject({
  type: v.literal('cognito.call'),
  endpoint: v.pipe(v.string(), v.maxLength(LIMITS.endpointChars), v.url()),
  operation: v.pipe(v.string(), v.maxLength(LIMITS.operationChars), v.regex(/^[A-Z][A-Za-z0-9]*$/)),
  body: v.pipe(v.string(), v.maxLength(LIMITS.cognitoBodyChars)),
});
export type InsecureCognitoCall = v.InferOutput<typeof InsecureCognitoCall>;

export const InsecureContentRequest = v.variant('type', [InsecureCognitoCall]);
export type InsecureContentRequest = v.InferOutput<typeof InsecureContentRequest>;
