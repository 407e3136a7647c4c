/**
 * The page hook: runs in the page's own JavaScript world at document_start, before the site's
 * scripts, as one self-contained IIFE (the build inlines the few constants it imports).
 *
 * It wraps fetch and XMLHttpRequest for the Cognito calls the device flows join and passes every
 * other request to the native function untouched: same arguments, same Request/Response objects,
 * streaming, abort signals and errors. The page can read and tamper with this code: it holds no
 * secret and decides nothing; the background re-checks everything.
 */
import {
  type CognitoCallReply,
  FORWARDED_REQUEST_HEADERS,
  type ForwardedHeaders,
  HANDSHAKE_MARKER,
  HOOK_PRESENT_MARK,
  type RelayMessage,
} from '../src/messages/page-channel.ts';

(() => {
  const marked = window as unknown as Record<string, unknown>;
  const present = marked[HOOK_PRESENT_MARK];
  // Already hooked: wrapping again would send each call the carrier hands back through a second
  // hook whose port no relay answers. The first hook connects to the newest relay instead.
  if (typeof present === 'function') {
    present();
    return;
  }
  const PREFIX = 'AWSCognitoIdentityProviderService.';
  const OPERATION = /^[A-Z][A-Za-z0-9]{0,63}$/;
  const COGNITO_HOST = /^cognito-idp(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;
  // How long a call waits for the relay to answer the handshake before the page goes on alone.
  const READY_WAIT_MS = 1000;
  // Longer than the background's own 30 s Cognito timeout plus the device steps.
  const REPLY_WAIT_MS = 120_000;
  const w = window;
  const nativeFetch = w.fetch;
  const NativeResponse = w.Response;
  const NativeHeaders = w.Headers;
  const NativeRequest = w.Request;
  const xhrProto = w.XMLHttpRequest.prototype;

  let port: MessagePort | undefined;
  let ready = false;
  let waiters: (() => void)[] = [];
  let nextId = 1;
  const pending = new Map<number, (reply: CognitoCallReply) => void>();

  const connect = () => {
    const channel = new MessageChannel();
    const own = channel.port1;
    port = own;
    ready = false;
    own.onmessage = (event: MessageEvent<RelayMessage>) => {
      const m = event.data;
      if ('ready' in m) {
        // A relay that adopted an earlier port: calls go to the newest one, which must answer first.
        if (own !== port) return;
        ready = true;
        for (const wake of waiters) wake();
        waiters = [];
      } else {
        pending.get(m.id)?.(m.reply);
        pending.delete(m.id);
      }
    };
    w.postMessage({ [HANDSHAKE_MARKER]: 'port' }, '*', [channel.port2]);
  };
  // The relay may start after the hook; its hello asks for the port again.
  w.addEventListener('message', (event) => {
    if (!ready && event.source === w && event.data?.[HANDSHAKE_MARKER] === 'hello') connect();
  });
  connect();
  Object.defineProperty(w, HOOK_PRESENT_MARK, { value: connect, configurable: false, enumerable: false });

  const whenReady = (): Promise<boolean> =>
    ready
      ? Promise.resolve(true)
      : new Promise((resolve) => {
          waiters.push(() => resolve(true));
          setTimeout(() => resolve(ready), READY_WAIT_MS);
        });

  // The few request headers the background may send on (user agent, WAF token); the rest stay here.
  const forwarded = (headers: Headers): ForwardedHeaders => {
    const out: ForwardedHeaders = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = headers.get(name);
      if (value !== null) out[name] = value;
    }
    return out;
  };

  const ask = async (
    endpoint: string,
    operation: string,
    body: string,
    headers: Headers,
  ): Promise<CognitoCallReply> => {
    if (!(await whenReady()) || !port) return { kind: 'passthrough' };
    const p = port;
    return new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      p.postMessage({ id, endpoint, operation, body, headers: forwarded(headers) });
      setTimeout(() => {
        if (pending.delete(id)) resolve({ kind: 'error', message: 'no answer from the extension' });
      }, REPLY_WAIT_MS);
    });
  };

  /**
   * The Cognito operation this request is, or undefined for anything the hook must not touch. The
   * background joins the device flows' operations and, for a site with a custom endpoint, carries
   * the others there too; everything else it hands back to be sent natively.
   */
  const cognitoOperation = (url: string, method: string, headers: Headers): string | undefined => {
    if (method.toUpperCase() !== 'POST') return undefined;
    const target = headers.get('x-amz-target') ?? '';
    let host = '';
    try {
      host = new URL(url, w.location.href).hostname;
    } catch {}
    if (!target.startsWith(PREFIX) && !COGNITO_HOST.test(host)) return undefined;
    const operation = target.slice(PREFIX.length);
    return OPERATION.test(operation) ? operation : undefined;
  };

  const toResponse = (reply: CognitoCallReply & { kind: 'response' }) =>
    new NativeResponse(reply.body, { status: reply.status, headers: reply.headers });

  w.fetch = new Proxy(nativeFetch, {
    apply(target, thisArg, args: Parameters<typeof fetch>) {
      const [input, init] = args;
      let url: string;
      let method: string;
      let headers: Headers;
      try {
        const isRequest = input instanceof NativeRequest;
        method = init?.method ?? (isRequest ? input.method : 'GET');
        // Most traffic is not a POST: hand it over before doing any other work.
        if (String(method).toUpperCase() !== 'POST') return Reflect.apply(target, thisArg, args);
        url = isRequest ? input.url : String(input);
        headers = new NativeHeaders(init?.headers ?? (isRequest ? input.headers : undefined));
      } catch {
        return Reflect.apply(target, thisArg, args);
      }
      const operation = cognitoOperation(url, method, headers);
      if (!operation) return Reflect.apply(target, thisArg, args);
      return (async () => {
        const signal = init?.signal ?? (input instanceof NativeRequest ? input.signal : undefined);
        signal?.throwIfAborted();
        const body =
          init?.body != null
            ? typeof init.body === 'string'
              ? init.body
              : await new NativeResponse(init.body).text()
            : input instanceof NativeRequest
              ? await input.clone().text()
              : '';
        const reply = await new Promise<CognitoCallReply>((resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
          ask(new URL(url, w.location.href).href, operation, body, headers).then(resolve, reject);
        });
        if (reply.kind === 'passthrough') return Reflect.apply(target, thisArg, args);
        if (reply.kind === 'error') throw new TypeError('Failed to fetch');
        return toResponse(reply);
      })();
    },
  });

  const xhrState = new WeakMap<XMLHttpRequest, { method: string; url: string; headers: Headers }>();
  xhrProto.open = new Proxy(xhrProto.open, {
    apply(target, xhr: XMLHttpRequest, args: [string, string | URL]) {
      xhrState.set(xhr, { method: String(args[0]), url: String(args[1]), headers: new NativeHeaders() });
      return Reflect.apply(target, xhr, args);
    },
  });
  xhrProto.setRequestHeader = new Proxy(xhrProto.setRequestHeader, {
    apply(target, xhr: XMLHttpRequest, args: [string, string]) {
      const result = Reflect.apply(target, xhr, args);
      xhrState.get(xhr)?.headers.append(String(args[0]), String(args[1]));
      return result;
    },
  });
  xhrProto.send = new Proxy(xhrProto.send, {
    apply(target, xhr: XMLHttpRequest, args: [Document | XMLHttpRequestBodyInit | null | undefined]) {
      const state = xhrState.get(xhr);
      const operation = state && cognitoOperation(state.url, state.method, state.headers);
      if (!state || !operation || typeof args[0] !== 'string') return Reflect.apply(target, xhr, args);
      ask(new URL(state.url, w.location.href).href, operation, args[0], state.headers).then((reply) => {
        if (reply.kind === 'passthrough') return Reflect.apply(target, xhr, args);
        const ok = reply.kind === 'response';
        const headers = ok ? reply.headers : {};
        const text = ok ? reply.body : '';
        let response: unknown = text;
        if (xhr.responseType === 'json') {
          try {
            response = JSON.parse(text);
          } catch {
            response = null;
          }
        }
        const value = (v: unknown) => ({ value: v, configurable: true });
        Object.defineProperties(xhr, {
          readyState: value(4),
          status: value(ok ? reply.status : 0),
          statusText: value(''),
          responseURL: value(ok ? new URL(state.url, w.location.href).href : ''),
          responseText: value(text),
          response: value(response),
          getResponseHeader: value((name: string) => headers[String(name).toLowerCase()] ?? null),
          getAllResponseHeaders: value(() =>
            Object.entries(headers)
              .map(([k, v]) => `${k}: ${v}\r\n`)
              .join(''),
          ),
        });
        xhr.dispatchEvent(new Event('readystatechange'));
        for (const type of ok ? ['load', 'loadend'] : ['error', 'loadend'])
          xhr.dispatchEvent(new ProgressEvent(type));
      });
    },
  });
})();
