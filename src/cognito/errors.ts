/** Errors from talking to Cognito: what the service said, versus not getting a usable answer at all. */

/** Cognito answered with an error (HTTP 4xx/5xx). `code` is the exception name, e.g. NotAuthorizedException. */
export class CognitoServiceError extends Error {
  override readonly name: string;
  readonly code: string;
  readonly status: number;
  readonly requestId?: string;
  /** The error answer as it came, for a caller that hands it on unchanged (the carrier, to a page). */
  reply?: { status: number; headers: Headers; text: string };

  constructor(code: string, message: string, status: number, requestId?: string) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    if (requestId !== undefined) this.requestId = requestId;
  }
}

/**
 * No usable answer: fetch rejected (connection refused or dropped, CORS, redirect), the call
 * timed out or was aborted, a 2xx body was not the JSON object the operation promises, or the reply
 * passed the size bound while it was read.
 */
export type CognitoNetworkErrorKind = 'fetch' | 'timeout' | 'aborted' | 'bad-response' | 'too-large';

export class CognitoNetworkError extends Error {
  override readonly name = 'CognitoNetworkError';
  readonly kind: CognitoNetworkErrorKind;
  override readonly cause?: unknown;

  constructor(message: string, kind: CognitoNetworkErrorKind, cause?: unknown) {
    super(message);
    this.kind = kind;
    if (cause !== undefined) this.cause = cause;
  }
}

/** True for a CognitoServiceError, optionally only one with the given exception name. */
export function isCognitoError(e: unknown, code?: string): e is CognitoServiceError {
  return e instanceof CognitoServiceError && (code === undefined || e.code === code);
}

export const UNKNOWN_ERROR_CODE = 'UnknownError';
const MAX_MESSAGE_LENGTH = 1024;
const ERROR_CODE = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;

/**
 * 'NotAuthorizedException', 'com.amazonaws.cognito#NotAuthorizedException',
 * 'NotAuthorizedException:http://internal.amazon.com/...' all name NotAuthorizedException.
 */
export function sanitizeErrorCode(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  let code = raw.trim();
  const colon = code.indexOf(':');
  if (colon >= 0) code = code.slice(0, colon);
  const hash = code.lastIndexOf('#');
  if (hash >= 0) code = code.slice(hash + 1);
  return ERROR_CODE.test(code) ? code : undefined;
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * Reads a Cognito error answer the way the AWS SDKs do: the code from x-amzn-ErrorType, else the
 * body's `code` or `__type`; the message from the body's `message`/`Message`, else x-amzn-ErrorMessage.
 * Never throws: a body that is not JSON (a proxy's HTML 502) becomes code UnknownError.
 */
export function parseCognitoErrorResponse(
  status: number,
  headers: Headers,
  bodyText: string,
): CognitoServiceError {
  const body = jsonObject(bodyText);
  const code =
    sanitizeErrorCode(headers.get('x-amzn-errortype')) ??
    sanitizeErrorCode(body?.code) ??
    sanitizeErrorCode(body?.__type) ??
    UNKNOWN_ERROR_CODE;
  const rawMessage =
    nonEmptyString(body?.message) ??
    nonEmptyString(body?.Message) ??
    nonEmptyString(headers.get('x-amzn-errormessage')) ??
    (body === undefined && bodyText.trim() !== ''
      ? `Cognito endpoint answered HTTP ${status} with a body that is not JSON`
      : `Cognito endpoint answered HTTP ${status}`);
  const message =
    rawMessage.length > MAX_MESSAGE_LENGTH ? `${rawMessage.slice(0, MAX_MESSAGE_LENGTH)}…` : rawMessage;
  const requestId = nonEmptyString(headers.get('x-amzn-requestid') ?? headers.get('x-amz-request-id'));
  const error = new CognitoServiceError(code, message, status, requestId);
  error.reply = { status, headers, text: bodyText };
  return error;
}
