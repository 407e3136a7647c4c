// A minimal HTTP/1.1 POST client over kept-alive loopback sockets, for the load generator only.
// node:http's client costs about a quarter of a millisecond of CPU per request (agent bookkeeping,
// header objects, stream machinery); the bench client makes four requests per sign-in on the same
// two cores as the emulator, so that cost came straight off the emulator's share. This one writes each
// request in one piece and reads answers framed by Content-Length, which the emulator always sends.
// The emulator itself still speaks node:http: the server's work per request is unchanged.
import net from 'node:net';

export interface RawResponse {
  status: number;
  body: Buffer;
}

interface Pending {
  head: string;
  body: Buffer;
  resolve: (response: RawResponse) => void;
  reject: (error: Error) => void;
  /** A request sent on a reused socket that closed before any answer is sent once more on a new one. */
  retried: boolean;
}

const HEADER_END = Buffer.from('\r\n\r\n');

class Connection {
  private readonly socket: net.Socket;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private current: Pending | undefined;
  private used = false;
  /** Why the socket closed, when it failed (ECONNREFUSED, ECONNRESET…). */
  error: Error | undefined;

  constructor(
    port: number,
    host: string,
    private readonly onIdle: (c: Connection) => void,
    private readonly onClosed: (c: Connection, unanswered: Pending | undefined, reused: boolean) => void,
  ) {
    this.socket = net.connect({ port, host, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (e) => {
      this.error = e;
    });
    this.socket.on('close', () => {
      const unanswered = this.current;
      this.current = undefined;
      this.onClosed(this, unanswered, this.used && this.buffered === 0);
    });
  }

  send(request: Pending): void {
    this.current = request;
    this.socket.write(Buffer.concat([Buffer.from(request.head, 'latin1'), request.body]));
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const data = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks);
    this.chunks = [data];
    const end = data.indexOf(HEADER_END);
    if (end < 0) return;
    const head = data.subarray(0, end).toString('latin1');
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    const status = Number(head.slice(9, 12));
    if (!length) {
      this.fail(new Error(`answer without Content-Length (status ${status})`));
      return;
    }
    const total = end + 4 + Number(length[1]);
    if (data.length < total) return;
    const request = this.current;
    this.current = undefined;
    this.used = true;
    this.chunks = [];
    this.buffered = 0;
    if (data.length > total) {
      this.fail(new Error('unexpected bytes after an answer'));
      return;
    }
    request?.resolve({ status, body: data.subarray(end + 4, total) });
    if (/\r\nconnection:\s*close/i.test(head)) this.socket.destroy();
    else this.onIdle(this);
  }

  private fail(error: Error): void {
    const request = this.current;
    this.current = undefined;
    request?.reject(error);
    this.socket.destroy();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** POSTs to one loopback endpoint over at most `maxSockets` kept-alive connections, one request each at a time. */
export class KeepAliveHttpClient {
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private readonly queue: Pending[] = [];
  private readonly port: number;
  private readonly host: string;
  private readonly hostHeader: string;
  private closing = false;

  constructor(
    endpoint: string,
    private readonly maxSockets: number,
  ) {
    const url = new URL(endpoint);
    this.host = url.hostname;
    this.port = Number(url.port || 80);
    this.hostHeader = url.host;
  }

  post(headers: Record<string, string>, body: Buffer): Promise<RawResponse> {
    let head = `POST / HTTP/1.1\r\nHost: ${this.hostHeader}\r\nContent-Length: ${body.length}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    head += '\r\n';
    return new Promise<RawResponse>((resolve, reject) => {
      this.dispatch({ head, body, resolve, reject, retried: false });
    });
  }

  private dispatch(request: Pending): void {
    const connection = this.idle.pop() ?? (this.all.size < this.maxSockets ? this.open() : undefined);
    if (connection) connection.send(request);
    else this.queue.push(request);
  }

  private open(): Connection {
    const connection = new Connection(
      this.port,
      this.host,
      (c) => {
        const next = this.queue.shift();
        if (next) c.send(next);
        else this.idle.push(c);
      },
      (c, unanswered, reused) => {
        this.all.delete(c);
        const at = this.idle.indexOf(c);
        if (at >= 0) this.idle.splice(at, 1);
        if (this.closing) unanswered?.reject(new Error('client closed'));
        else if (unanswered && reused && !unanswered.retried) this.dispatch({ ...unanswered, retried: true });
        else unanswered?.reject(c.error ?? new Error('connection closed before an answer'));
        // A queued request waits for a free connection: this one is gone, so open another.
        const next = this.closing ? undefined : this.queue.shift();
        if (next) this.dispatch(next);
      },
    );
    this.all.add(connection);
    return connection;
  }

  close(): void {
    this.closing = true;
    for (const connection of this.all) connection.destroy();
    this.all.clear();
    this.idle.length = 0;
  }
}
