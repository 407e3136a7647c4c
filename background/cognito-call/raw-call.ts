import { COGNITO_TARGET_PREFIX, isJsonObject, parseCognitoErrorResponse } from '../../src/cognito/index.ts';
import {
  FORWARDED_REQUEST_HEADERS,
  type ForwardedHeaders,
  PASSED_RESPONSE_HEADERS,
} from '../../src/messages/index.ts';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export const CALL_TIMEOUT_MS = 30_000;

/**
 * One JSON 1.1 call, answered as raw status, headers and text so the page can receive Cognito's
 * own response byte for byte. No cookies, no redirects: the extension's network privileges must
 * not lend the page anything it could not do itself.
 */
export async function rawCognitoCall(
  fetchFn: typeof fetch,
  endpoint: string,
  operation: string,
  body: string,
  forwarded: ForwardedHeaders = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = {};
  // Only the allow-listed names, whatever the caller passed.
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = forwarded[name];
    if (value !== undefined) headers[name] = value;
  }
  const response = await fetchFn(endpoint, {
    method: 'POST',
    headers: {
      ...headers,
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': COGNITO_TARGET_PREFIX + operation,
      'Cache-Control': 'no-store',
    },
    body,
    credentials: 'omit',
    redirect: 'error',
    cache: 'no-store',
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  });
  const passed: Record<string, string> = {};
  for (const name of PASSED_RESPONSE_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) passed[name] = value;
  }
  return { status: response.status, headers: passed, text: await response.text() };
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
