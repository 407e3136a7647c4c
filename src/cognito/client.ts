/**
 * A small typed client for the user pool API over JSON 1.1. It only needs fetch and
 * AbortController, so the same code runs in the service worker, the Firefox event page and Node.
 */
import { LIMITS } from '../messages/limits.ts';
import { normalizeEndpoint } from './endpoint.ts';
import { CognitoNetworkError, parseCognitoErrorResponse } from './errors.ts';
import { type CognitoReply, postCognito, type TransportOptions } from './transport.ts';
import {
  DECODERS,
  type RequestOf,
  type ResponseOf,
  TYPED_OPERATIONS,
  type TypedOperation,
} from './typed-operations.ts';
import type { DeviceType, ListDevicesRequest } from './types.ts';
import { isJsonObject } from './validate.ts';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** ListDevices allows at most 60 per page. */
export const MAX_DEVICES_PAGE_SIZE = 60;
// A user has far fewer devices than this; beyond it a server is paging forever.
const MAX_DEVICE_PAGES = 200;

export interface CognitoClientOptions {
  /** Absolute http(s) URL, e.g. endpointForRegion('eu-west-1') or a loopback emulator. */
  endpoint: string;
  /** Defaults to the global fetch, looked up at call time. */
  fetch?: typeof fetch;
  /** Per call, including reading the body. Default 30 s; Infinity for none. */
  timeoutMs?: number;
  /** Sent as X-Amz-User-Agent. */
  userAgent?: string;
  /** More headers sent with every call (the carrier's: a page's allow-listed ones). */
  headers?: Record<string, string>;
  /** A reply longer than this is cut off while it is read (CognitoNetworkError 'too-large'). Default LIMITS.replyBodyChars. */
  maxReplyChars?: number;
  /** Aborts every call of this client (e.g. on shutdown). */
  signal?: AbortSignal;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** A typed answer together with the reply it was read from, for a caller that hands the reply on. */
export interface Answered<T> {
  value: T;
  reply: CognitoReply;
}

/** One method per typed operation: `initiateAuth(req, opts)` for InitiateAuth, and so on. */
export type TypedCalls = {
  [Op in TypedOperation as Uncapitalize<Op>]: (
    req: RequestOf<Op>,
    opts?: CallOptions,
  ) => Promise<ResponseOf<Op>>;
};

export interface CognitoClient extends TypedCalls {
  readonly endpoint: string;
  /** Any operation, unchecked: resolves with the answer's JSON object ({} for an empty body). */
  call<Req, Res>(operation: string, body: Req, opts?: CallOptions): Promise<Res>;
  /** A typed operation, answered with the checked value and the reply as it came. */
  answer<Op extends TypedOperation>(
    operation: Op,
    req: RequestOf<Op>,
    opts?: CallOptions,
  ): Promise<Answered<ResponseOf<Op>>>;
  /** Every remembered device, following PaginationToken to the end. */
  listAllDevices(accessToken: string, pageSize?: number, opts?: CallOptions): Promise<DeviceType[]>;
}

export function createCognitoClient(options: CognitoClientOptions): CognitoClient {
  const endpoint = normalizeEndpoint(options.endpoint);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new TypeError(`timeoutMs must be positive, got ${timeoutMs}`);
  // Looked up per call: an unbound browser fetch throws "Illegal invocation".
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  // Built once so a bad header value (e.g. with a newline) fails here, not on the first call.
  const headers = new Headers(options.headers);
  if (options.userAgent !== undefined) headers.set('X-Amz-User-Agent', options.userAgent);
  const transport: TransportOptions = {
    endpoint,
    fetch: doFetch,
    timeoutMs,
    headers,
    maxReplyChars: options.maxReplyChars ?? LIMITS.replyBodyChars,
  };

  /** The answer's JSON object with the reply it came in; an error answer throws CognitoServiceError. */
  async function request(
    operation: string,
    body: unknown,
    opts: CallOptions = {},
  ): Promise<{ json: Record<string, unknown>; reply: CognitoReply }> {
    const reply = await postCognito(transport, operation, JSON.stringify(body ?? {}), [
      options.signal,
      opts.signal,
    ]);
    const { status, text } = reply;
    if (status < 200 || status > 299) throw parseCognitoErrorResponse(status, reply.headers, text);
    // ForgetDevice and UpdateDeviceStatus may answer with an empty body.
    if (text.trim() === '') return { json: {}, reply };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new CognitoNetworkError(
        `Cognito ${operation} answered HTTP ${status} with a body that is not JSON`,
        'bad-response',
        cause,
      );
    }
    if (!isJsonObject(value)) {
      throw new CognitoNetworkError(
        `Cognito ${operation} answered HTTP ${status} with JSON that is not an object`,
        'bad-response',
      );
    }
    return { json: value, reply };
  }

  async function answer<Op extends TypedOperation>(
    operation: Op,
    req: RequestOf<Op>,
    opts?: CallOptions,
  ): Promise<Answered<ResponseOf<Op>>> {
    const { json, reply } = await request(operation, req, opts);
    const decode: (op: Op, answer: Record<string, unknown>) => ResponseOf<Op> = DECODERS[operation];
    return { value: decode(operation, json), reply };
  }

  const typed = Object.fromEntries(
    TYPED_OPERATIONS.map((operation) => [
      lowerFirst(operation),
      async (req: RequestOf<typeof operation>, opts?: CallOptions) =>
        (await answer(operation, req, opts)).value,
    ]),
  ) as unknown as TypedCalls;

  return {
    ...typed,
    endpoint,
    answer,
    async call<Req, Res>(operation: string, body: Req, opts?: CallOptions): Promise<Res> {
      return (await request(operation, body, opts)).json as Res;
    },
    async listAllDevices(accessToken, pageSize = MAX_DEVICES_PAGE_SIZE, opts) {
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_DEVICES_PAGE_SIZE) {
        throw new RangeError(`pageSize must be an integer from 1 to ${MAX_DEVICES_PAGE_SIZE}`);
      }
      const devices: DeviceType[] = [];
      const seenTokens = new Set<string>();
      let token: string | undefined;
      for (let page = 0; page < MAX_DEVICE_PAGES; page++) {
        const req: ListDevicesRequest = { AccessToken: accessToken, Limit: pageSize };
        if (token !== undefined) req.PaginationToken = token;
        const answered = await typed.listDevices(req, opts);
        devices.push(...answered.Devices);
        token = answered.PaginationToken;
        if (token === undefined) return devices;
        if (seenTokens.has(token)) {
          throw new CognitoNetworkError('Cognito ListDevices repeated a PaginationToken', 'bad-response');
        }
        seenTokens.add(token);
      }
      throw new CognitoNetworkError(
        `Cognito ListDevices still paging after ${MAX_DEVICE_PAGES} pages`,
        'bad-response',
      );
    },
  };
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
