import type { IncomingHttpHeaders } from 'node:http';
import type { Json } from './validate.ts';

/**
 * What one API request carried, as a test wants to check it: the operation, the headers a client sets,
 * ClientMetadata / UserContextData / AnalyticsMetadata as sent, and the other parameters with every
 * password, token, code and SRP value replaced by "[redacted]". Readable at GET /_emulator/requests.
 */
export interface LoggedRequest {
  requestId: string;
  /** Epoch milliseconds (the emulator's clock). */
  at: number;
  operation: string;
  /** HTTP status of the answer, and the Cognito error type when it failed. */
  status: number;
  errorType?: string;
  headers: Record<string, string>;
  parameters: Json;
  clientMetadata?: unknown;
  userContextData?: unknown;
  analyticsMetadata?: unknown;
}

export const REQUEST_LOG_LIMIT = 500;

/** Headers kept per request (lower case, as node gives them). */
const HEADERS = ['x-amz-target', 'x-amz-user-agent', 'x-aws-waf-token', 'user-agent', 'content-type'];

/** Parameter names (upper-cased) whose values are secrets, anywhere in a request body. */
const SECRET_NAMES = new Set([
  'PASSWORD',
  'NEW_PASSWORD',
  'PREVIOUSPASSWORD',
  'PROPOSEDPASSWORD',
  'TEMPORARYPASSWORD',
  'ACCESSTOKEN',
  'REFRESHTOKEN',
  'REFRESH_TOKEN',
  'IDTOKEN',
  'TOKEN',
  'SESSION',
  'SRP_A',
  'PASSWORD_CLAIM_SIGNATURE',
  'PASSWORD_CLAIM_SECRET_BLOCK',
  'SECRET_HASH',
  'SECRETHASH',
  'CLIENTSECRET',
  'CONFIRMATIONCODE',
  'SMS_MFA_CODE',
  'SOFTWARE_TOKEN_MFA_CODE',
  'EMAIL_OTP_CODE',
  'SMS_OTP_CODE',
  'USERCODE',
  'ANSWER',
  'CREDENTIAL',
  'PASSWORDVERIFIER',
  'SALT',
]);

/** Fields recorded as sent, outside `parameters`. */
const AS_SENT = new Set(['ClientMetadata', 'UserContextData', 'AnalyticsMetadata']);

function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[nested]';
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_NAMES.has(key.toUpperCase()) && v !== null ? '[redacted]' : redact(v, depth + 1);
  }
  return out;
}

/** The last REQUEST_LOG_LIMIT API requests, oldest first (a ring buffer: memory stays flat). */
export class RequestLog {
  private readonly entries: LoggedRequest[] = [];
  private next = 0;

  constructor(private readonly nowMs: () => number) {}

  record(input: {
    requestId: string;
    operation: string;
    headers: IncomingHttpHeaders;
    body: Json;
    status: number;
    errorType?: string;
  }): void {
    const headers: Record<string, string> = {};
    for (const name of HEADERS) {
      const value = input.headers[name];
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const parameters: Json = {};
    for (const [key, value] of Object.entries(input.body)) if (!AS_SENT.has(key)) parameters[key] = value;
    const { ClientMetadata, UserContextData, AnalyticsMetadata } = input.body;
    const entry: LoggedRequest = {
      requestId: input.requestId,
      at: this.nowMs(),
      operation: input.operation,
      status: input.status,
      ...(input.errorType ? { errorType: input.errorType } : {}),
      headers,
      parameters: redact(parameters) as Json,
      ...(ClientMetadata !== undefined ? { clientMetadata: ClientMetadata } : {}),
      ...(UserContextData !== undefined ? { userContextData: UserContextData } : {}),
      ...(AnalyticsMetadata !== undefined ? { analyticsMetadata: AnalyticsMetadata } : {}),
    };
    if (this.entries.length < REQUEST_LOG_LIMIT) this.entries.push(entry);
    else this.entries[this.next] = entry;
    this.next = (this.next + 1) % REQUEST_LOG_LIMIT;
  }

  /** The newest `last` requests (all kept when absent), oldest first, optionally of one operation. */
  list(filter: { last?: number; operation?: string } = {}): LoggedRequest[] {
    const ordered =
      this.entries.length < REQUEST_LOG_LIMIT
        ? [...this.entries]
        : [...this.entries.slice(this.next), ...this.entries.slice(0, this.next)];
    const matching = filter.operation ? ordered.filter((e) => e.operation === filter.operation) : ordered;
    return filter.last === undefined ? matching : matching.slice(Math.max(0, matching.length - filter.last));
  }

  clear(): void {
    this.entries.length = 0;
    this.next = 0;
  }
}
