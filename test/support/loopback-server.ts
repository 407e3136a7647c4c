/**
 * A throwaway HTTP server on 127.0.0.1 for tests: records every request and lets the test
 * decide the answer, including misbehaviour (hang, drop the socket, send garbage).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  path: string;
  /** Lower-case names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  body: string;
}

export type LoopbackHandler = (
  request: RecordedRequest,
  res: ServerResponse,
  raw: IncomingMessage,
) => void | Promise<void>;

export interface LoopbackServer {
  /** http://127.0.0.1:<port>/ */
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  setHandler(handler: LoopbackHandler): void;
  close(): Promise<void>;
}

/** Writes a JSON (or raw string) answer; `body === undefined` sends an empty body. */
export function reply(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export async function startLoopbackServer(handler?: LoopbackHandler): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  let current: LoopbackHandler = handler ?? ((_req, res) => reply(res, 404, { message: 'no handler' }));

  const server = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const request: RecordedRequest = {
        method: raw.method ?? '',
        path: raw.url ?? '',
        headers: raw.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      Promise.resolve(current(request, res, raw)).catch((error: unknown) => {
        if (!res.headersSent) reply(res, 500, { message: String(error) });
        else res.destroy();
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    requests,
    setHandler(next) {
      current = next;
    },
    close() {
      // Hanging requests would otherwise keep close() waiting forever.
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

/** The request body as a JSON object (tests assert on what the client sent). */
export function jsonBody(request: RecordedRequest): Record<string, unknown> {
  return JSON.parse(request.body) as Record<string, unknown>;
}

/**
 * Answers 200 and then streams a JSON-looking body that never ends, as fast as the client reads it,
 * until the client drops the connection. Resolves with the bytes written by then.
 */
export function streamWithoutEnd(res: ServerResponse): Promise<number> {
  res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
  const chunk = Buffer.from(`{"pad":"${'x'.repeat(16 * 1024)}`);
  let written = 0;
  return new Promise((resolve) => {
    const pump = (): void => {
      while (!res.destroyed && !res.writableEnded) {
        written += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
    };
    res.once('close', () => resolve(written));
    pump();
  });
}
