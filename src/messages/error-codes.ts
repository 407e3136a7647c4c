/**
 * Every error code an extension page can receive: a closed set, so the popup has a message for
 * each (public/_locales/en/messages.json holds `error_<code>` with `-` written as `_`).
 * Cognito's exception names never reach the popup as they come: cognitoErrorCode() maps them here.
 */
export const PAGE_ERROR_CODES = [
  /** The request failed the strict schema. */
  'bad-request',
  /** The sender is neither a content script of an enabled tab nor one of the extension's pages. */
  'forbidden',
  /** The background did not answer (set by the popup, not the background). */
  'no-reply',
  /** A bug or a storage failure inside the extension; the message says what. */
  'internal',
  'bad-origin',
  'not-enabled',
  'permission-missing',
  /** No access token seen for this user in this browser session. */
  'token-missing',
  /** The access token expired, or Cognito refused it (NotAuthorizedException). */
  'token-expired',
  /** Cognito could not be reached, or did not answer usably. */
  'network',
  /** TooManyRequestsException, LimitExceededException. */
  'rate-limited',
  /** ResourceNotFoundException: Cognito does not know the device (forgotten elsewhere, user recreated). */
  'device-not-found',
  /** Any other Cognito exception; the message is Cognito's. */
  'cognito-refused',
] as const;
export type PageErrorCode = (typeof PAGE_ERROR_CODES)[number];

/** The one place a Cognito exception name becomes a code the popup knows. */
export function cognitoErrorCode(exceptionName: string): PageErrorCode {
  switch (exceptionName) {
    case 'NotAuthorizedException':
      return 'token-expired';
    case 'TooManyRequestsException':
    case 'LimitExceededException':
      return 'rate-limited';
    case 'ResourceNotFoundException':
      return 'device-not-found';
    default:
      return 'cognito-refused';
  }
}

/** The message bundle key for a code: `error_` and the code with `-` as `_` (bundle keys allow no `-`). */
export function errorMessageKey(code: PageErrorCode): `error_${string}` {
  return `error_${code.replace(/-/g, '_')}`;
}
