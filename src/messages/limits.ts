/** Size bounds for everything that crosses the trust boundary. One place, so hook, relay and background agree. */
export const LIMITS = {
  /** A Cognito request body from a page (InitiateAuth with UserContextData is a few KB at most). */
  cognitoBodyChars: 64 * 1024,
  endpointChars: 2048,
  originChars: 512,
  operationChars: 64,
  /** One forwarded request header (a WAF token is about 1 KB). */
  forwardedHeaderChars: 4096,
  username: 256,
  deviceKey: 55,
  deviceName: 1024,
  /** Devices one "forget my other devices" may name (an account's device list, with room to spare). */
  forgetOthers: 200,
  /** Reply bodies the background passes back to a page (token responses are a few KB). */
  replyBodyChars: 256 * 1024,
  /** The relay's `wake`: at most one per interval (under the 30 s idle stop, so one covers a person's typing)… */
  wakeIntervalMs: 20_000,
  /** …and this many per page, so a page focusing its password field again and again cannot keep the background alive. */
  wakesPerPage: 10,
} as const;
