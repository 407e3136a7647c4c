/**
 * A small typed client for the user pool API over JSON 1.1. It only needs fetch and
 * AbortController, so the same code runs in the service worker, the Firefox event page and Node.
 */
import { normalizeEndpoint } from './endpoint.ts';
import { CognitoNetworkError, parseCognitoErrorResponse } from './errors.ts';
import { targetFor } from './operations.ts';
import type {
  ConfirmDeviceRequest,
  ConfirmDeviceResponse,
  DeviceType,
  ForgetDeviceRequest,
  GetDeviceRequest,
  GetDeviceResponse,
  GetTokensFromRefreshTokenRequest,
  GetTokensFromRefreshTokenResponse,
  GetUserRequest,
  GetUserResponse,
  InitiateAuthRequest,
  InitiateAuthResponse,
  ListDevicesRequest,
  ListDevicesResponse,
  RespondToAuthChallengeRequest,
  RespondToAuthChallengeResponse,
  UpdateDeviceStatusRequest,
  UpdateDeviceStatusResponse,
} from './types.ts';
import {
  checkAuthAnswer,
  checkConfirmDevice,
  checkDevice,
  checkGetUser,
  checkListDevices,
  checkTokenAnswer,
  isJsonObject,
} from './validate.ts';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** ListDevices allows at most 60 per page. */
export const MAX_DEVICES_PAGE_SIZE = 60;
// A user has far fewer devices than this; beyond it a server is paging forever.
const MAX_DEVICE_PAGES = 200;
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface CognitoClientOptions {
  /** Absolute http(s) URL, e.g. endpointForRegion('eu-west-1') or a loopback emulator. */
  endpoint: string;
  /** Defaults to the global fetch, looked up at call time. */
  fetch?: typeof fetch;
  /** Per call, including reading the body. Default 30 s; Infinity for none. */
  timeoutMs?: number;
  /** Sent as X-Amz-User-Agent. */
  userAgent?: string;
  /** Aborts every call of this client (e.g. on shutdown). */
  signal?: AbortSignal;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface CognitoClient {
  readonly endpoint: string;
  /** Any operation, unchecked: resolves with the answer's JSON object ({} for an empty body). */
  call<Req, Res>(operation: string, body: Req, opts?: CallOptions): Promise<Res>;
  initiateAuth(req: InitiateAuthRequest, opts?: CallOptions): Promise<InitiateAuthResponse>;
  respondToAuthChallenge(
    req: RespondToAuthChallengeRequest,
    opts?: CallOptions,
  ): Promise<RespondToAuthChallengeResponse>;
  confirmDevice(req: ConfirmDeviceRequest, opts?: CallOptions): Promise<ConfirmDeviceResponse>;
  updateDeviceStatus(req: UpdateDeviceStatusRequest, opts?: CallOptions): Promise<UpdateDeviceStatusResponse>;
  getDevice(req: GetDeviceRequest, opts?: CallOptions): Promise<GetDeviceResponse>;
  listDevices(req: ListDevicesRequest, opts?: CallOptions): Promise<ListDevicesResponse>;
  /** Every remembered device, following PaginationToken to the end. */
  listAllDevices(accessToken: string, pageSize?: number, opts?: CallOptions): Promise<DeviceType[]>;
  forgetDevice(req: ForgetDeviceRequest, opts?: CallOptions): Promise<void>;
  getTokensFromRefreshToken(
    req: GetTokensFromRefreshTokenRequest,
    opts?: CallOptions,
  ): Promise<GetTokensFromRefreshTokenResponse>;
  getUser(req: GetUserRequest, opts?: CallOptions): Promise<GetUserResponse>;
}

export function createCognitoClient(options: CognitoClientOptions): CognitoClient {
  const endpoint = normalizeEndpoint(options.endpoint);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new TypeError(`timeoutMs must be positive, got ${timeoutMs}`);
  // Looked up per call: an unbound browser fetch throws "Illegal invocation".
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  // Built once so a bad user agent (e.g. with a newline) fails here, not on the first call.
  const baseHeaders = new Headers({
    'Content-Type': 'application/x-amz-json-1.1',
    'Cache-Control': 'no-store',
  });
  if (options.userAgent !== undefined) baseHeaders.set('X-Amz-User-Agent', options.userAgent);

  async function request(
    operation: string,
    body: unknown,
    opts: CallOptions = {},
  ): Promise<Record<string, unknown>> {
    const headers = new Headers(baseHeaders);
    headers.set('X-Amz-Target', targetFor(operation));
    const payload = JSON.stringify(body ?? {});

    const callerSignals = [options.signal, opts.signal].filter((s): s is AbortSignal => s !== undefined);
    if (callerSignals.some((s) => s.aborted)) {
      throw new CognitoNetworkError(`Cognito ${operation} aborted`, 'aborted');
    }
    const controller = new AbortController();
    let timedOut = false;
    // setTimeout treats delays beyond 2^31-1 ms as 1 ms, so a huge or infinite timeout means none.
    const timer =
      timeoutMs <= MAX_TIMER_MS
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs)
        : undefined;
    const onAbort = (): void => controller.abort();
    for (const s of callerSignals) s.addEventListener('abort', onAbort, { once: true });

    let status: number;
    let responseHeaders: Headers;
    let text: string;
    try {
      const response = await doFetch(endpoint, {
        method: 'POST',
        headers,
        body: payload,
        signal: controller.signal,
        // Cognito never redirects; following a redirect would turn the POST into something else.
        redirect: 'error',
        credentials: 'omit',
      });
      status = response.status;
      responseHeaders = response.headers;
      text = await response.text();
    } catch (cause) {
      if (timedOut) {
        throw new CognitoNetworkError(
          `Cognito ${operation} timed out after ${timeoutMs} ms`,
          'timeout',
          cause,
        );
      }
      if (controller.signal.aborted)
        throw new CognitoNetworkError(`Cognito ${operation} aborted`, 'aborted', cause);
      throw new CognitoNetworkError(`Cognito ${operation} failed: ${describe(cause)}`, 'fetch', cause);
    } finally {
      clearTimeout(timer);
      for (const s of callerSignals) s.removeEventListener('abort', onAbort);
    }

    if (status < 200 || status > 299) throw parseCognitoErrorResponse(status, responseHeaders, text);
    // ForgetDevice and UpdateDeviceStatus may answer with an empty body.
    if (text.trim() === '') return {};
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
    return value;
  }

  async function listDevices(req: ListDevicesRequest, opts?: CallOptions): Promise<ListDevicesResponse> {
    return checkListDevices('ListDevices', await request('ListDevices', req, opts));
  }

  return {
    endpoint,
    async call<Req, Res>(operation: string, body: Req, opts?: CallOptions): Promise<Res> {
      return (await request(operation, body, opts)) as Res;
    },
    async initiateAuth(req, opts) {
      return checkAuthAnswer('InitiateAuth', await request('InitiateAuth', req, opts));
    },
    async respondToAuthChallenge(req, opts) {
      return checkAuthAnswer('RespondToAuthChallenge', await request('RespondToAuthChallenge', req, opts));
    },
    async confirmDevice(req, opts) {
      return checkConfirmDevice('ConfirmDevice', await request('ConfirmDevice', req, opts));
    },
    async updateDeviceStatus(req, opts) {
      await request('UpdateDeviceStatus', req, opts);
      return {};
    },
    async getDevice(req, opts) {
      const answer = await request('GetDevice', req, opts);
      return { Device: checkDevice('GetDevice', answer.Device) };
    },
    listDevices,
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
        const answer = await listDevices(req, opts);
        devices.push(...answer.Devices);
        token = answer.PaginationToken;
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
    async forgetDevice(req, opts) {
      await request('ForgetDevice', req, opts);
    },
    async getTokensFromRefreshToken(req, opts) {
      return checkTokenAnswer(
        'GetTokensFromRefreshToken',
        await request('GetTokensFromRefreshToken', req, opts),
      );
    },
    async getUser(req, opts) {
      return checkGetUser('GetUser', await request('GetUser', req, opts));
    },
  };
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    // undici hides the socket error in cause (e.g. ECONNRESET, "other side closed").
    const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
    return `${cause.message}${inner}`;
  }
  return String(cause);
}
