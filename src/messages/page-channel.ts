/**
 * The private channel between the page hook (MAIN world) and the relay (ISOLATED world).
 * The hook creates a MessageChannel and hands one port over with a single window.postMessage
 * carrying HANDSHAKE_MARKER; after that, traffic flows over the port, invisible to the page's own
 * 'message' listeners. The page can still find and abuse the port: the background trusts nothing in it.
 */
export const HANDSHAKE_MARKER = '__cognitoDeviceCompanion';

/** Set by the relay on its own isolated-world global, so the background can tell a tab already has it. */
export const RELAY_PRESENT_MARK = '__cognitoDeviceCompanionRelay';

/**
 * Set by the page hook on the page's window. In Firefox one page can be given the hook several times
 * (match patterns carry no port, so every enabled site of a host matches all its pages; and a relay
 * injected after an extension reload brings a hook of its own). A later copy does not wrap fetch
 * again: it calls this mark, a function that makes the first hook hand a fresh port to the relay.
 */
export const HOOK_PRESENT_MARK = '__cognitoDeviceCompanionHook';

/**
 * Request headers of a page's Cognito call that the background sends on (with the page's request and
 * the device steps it adds): the SDK's user agent and retry headers, and an AWS WAF token a site's
 * web ACL may require. Nothing else the page sets crosses.
 */
export const FORWARDED_REQUEST_HEADERS = [
  'x-amz-user-agent',
  'x-aws-waf-token',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
] as const;
export type ForwardedHeaders = Partial<Record<(typeof FORWARDED_REQUEST_HEADERS)[number], string>>;

/** Hook → relay: a Cognito call the hook would like the background to carry. */
export interface HookCall {
  id: number;
  endpoint: string;
  operation: string;
  body: string;
  headers?: ForwardedHeaders;
}

/** Relay → hook: the answer to call `id`, or `{ ready: true }` once the relay holds the port. */
export type RelayMessage = { id: number; reply: CognitoCallReply } | { ready: true };

/** Headers a Cognito response carries that clients read; nothing else crosses back. */
export const PASSED_RESPONSE_HEADERS = [
  'content-type',
  'date',
  'x-amzn-requestid',
  'x-amzn-errortype',
  'x-amzn-errormessage',
] as const;

export type CognitoCallReply =
  /** The final response the page's code receives as the answer to its own request. */
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string }
  /** Not the extension's business (origin not enabled, endpoint not allowed): send it yourself. */
  | { kind: 'passthrough' }
  /** The extension failed after it may have talked to Cognito: fail like a network error, never resend. */
  | { kind: 'error'; message: string };
