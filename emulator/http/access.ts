import type { IncomingMessage } from 'node:http';

/**
 * Who may talk to the emulator. It holds test users, their passwords and the codes sent to them, and
 * checks no AWS signature, so any web page a developer visits must not be able to use it:
 *
 * - Host: a loopback name only (localhost, 127.x.x.x, [::1]), on every route. A page on a hostile
 *   name that later resolves to 127.0.0.1 (DNS rebinding) sends its own name here and is refused.
 * - Origin, when a browser sends one: a loopback page (the demo sites, a local dev server) or an
 *   extension (the Device Companion's background). Anything else is refused before any work.
 * - IAM-authorized operations (pools, app clients, Admin*, ListUsers) are never answered to a browser
 *   context (any Origin header) and carry no CORS headers: on AWS they need SigV4 credentials, which
 *   this emulator does not check. Which operations are public or token-authorized follows AWS's
 *   "Authorization models for API and SDK authentication" page
 *   (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pools-API-operations.html).
 * - /_emulator/* (outbox, faults): loopback peers only, no Origin header, no CORS headers.
 * AWS documents none of this for its own endpoint (which has no control routes and checks signatures):
 * it is the emulator's choice, stated in emulator/README.md.
 */
const LOOPBACK_NAME = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;
const EXTENSION_SCHEMES = new Set(['chrome-extension:', 'moz-extension:']);

/** Public and token-authorized operations: what a browser app calls without AWS credentials. */
export const BROWSER_OPERATIONS: ReadonlySet<string> = new Set([
  'SignUp',
  'ConfirmSignUp',
  'ResendConfirmationCode',
  'ForgotPassword',
  'ConfirmForgotPassword',
  'InitiateAuth',
  'RespondToAuthChallenge',
  'GetTokensFromRefreshToken',
  'RevokeToken',
  'GetUser',
  'UpdateUserAttributes',
  'ChangePassword',
  'GlobalSignOut',
  'SetUserMFAPreference',
  'AssociateSoftwareToken',
  'VerifySoftwareToken',
  'ConfirmDevice',
  'GetDevice',
  'ListDevices',
  'UpdateDeviceStatus',
  'ForgetDevice',
  'DeleteUser',
  'GetUserAttributeVerificationCode',
  'VerifyUserAttribute',
]);

function hostName(host: string): string | undefined {
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return undefined;
  }
}

export function hostAllowed(req: IncomingMessage): boolean {
  const name = hostName(req.headers.host ?? '');
  return name !== undefined && LOOPBACK_NAME.test(name);
}

/** Absent (curl, the SDKs in Node), a loopback page, or an extension. */
export function originAllowed(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (EXTENSION_SCHEMES.has(url.protocol)) return true;
  return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_NAME.test(url.hostname);
}
