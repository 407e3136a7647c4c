import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Emulator, RequestContext } from '../context.ts';
import { newRequestId } from '../ids.ts';
import { type Json, optStringMap } from '../validate.ts';
import { BROWSER_OPERATIONS, hostAllowed, originAllowed } from './access.ts';
import { health, isLoopback, outbox, requests } from './control.ts';
import { answerPreflight, clearCorsHeaders, setCorsHeaders } from './cors.ts';
import { CognitoError, serialization } from './errors.ts';
import { OPERATIONS } from './router.ts';

export const MAX_BODY_BYTES = 256 * 1024;
const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const JSON_TYPE = 'application/x-amz-json-1.1';

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// Header values must be Latin-1 without line breaks.
const headerSafe = (s: string): string => s.replace(/[^\x20-\x7e]/g, ' ').slice(0, 1024);

function send(res: ServerResponse, status: number, body: unknown, requestId: string, type = JSON_TYPE): void {
  const text = JSON.stringify(body);
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('x-amzn-RequestId', requestId);
  res.writeHead(status);
  res.end(text);
}

export function sendError(res: ServerResponse, err: CognitoError, requestId: string): void {
  res.setHeader('x-amzn-ErrorType', `${err.type}:`);
  res.setHeader('x-amzn-ErrorMessage', headerSafe(err.message));
  send(res, err.status, { __type: err.type, message: err.message }, requestId);
}

function regionFromAuthorization(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  const m =
    typeof auth === 'string' ? /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/cognito-idp\//.exec(auth) : null;
  return m?.[1];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function handleOperation(
  emu: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<void> {
  const target = req.headers['x-amz-target'];
  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      res.setHeader('Connection', 'close');
      sendError(res, serialization(`Request body is larger than ${MAX_BODY_BYTES} bytes`), requestId);
      return;
    }
    throw err;
  }
  if (typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) {
    throw new CognitoError('UnknownOperationException', 'Missing or unknown X-Amz-Target header');
  }
  const name = target.slice(TARGET_PREFIX.length);
  // Every request to a named operation is logged, answered or refused, with what it carried.
  let logged: Json = {};
  const log = (status: number, errorType?: string) =>
    emu.requests.record({
      requestId,
      operation: name,
      headers: req.headers,
      body: logged,
      status,
      ...(errorType ? { errorType } : {}),
    });
  let output: Json | undefined;
  try {
    output = await runOperation(emu, req, res, name, body, (input) => {
      logged = input;
    });
  } catch (err) {
    if (err instanceof CognitoError) log(err.status, err.type);
    else log(500, 'InternalErrorException');
    throw err;
  }
  if (output === undefined) return; // a "drop" fault closed the connection
  log(200);
  send(res, 200, output, requestId);
}

/** Looks up, faults, parses and runs one operation; undefined when a fault dropped the connection. */
async function runOperation(
  emu: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  body: Buffer,
  parsed: (input: Json) => void,
): Promise<Json | undefined> {
  const operation = Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
  if (!operation) {
    throw new CognitoError('UnsupportedOperationException', `${name} is not implemented by this emulator`);
  }
  if (!BROWSER_OPERATIONS.has(name)) {
    // IAM-authorized on AWS: readable by no web page, callable from no browser context (see access.ts).
    clearCorsHeaders(res);
    if (req.headers.origin !== undefined) {
      throw new CognitoError(
        'AccessDeniedException',
        `${name} is IAM-authorized: the emulator answers it to the SDKs and CLI, not to browsers`,
        403,
      );
    }
  }
  const fault = emu.faults.take(name);
  if (fault?.kind === 'drop') {
    req.socket.destroy();
    return undefined;
  }
  if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 1000);
  if (fault?.kind === 'error') {
    const type = fault.errorType ?? 'InternalErrorException';
    throw new CognitoError(
      type,
      fault.message ?? `Injected ${type}`,
      fault.status ?? (type === 'InternalErrorException' ? 500 : 400),
    );
  }
  let input: unknown;
  try {
    input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    throw serialization('Request body is not valid JSON');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw serialization('Request body must be a JSON object');
  }
  parsed(input as Json);
  // ClientMetadata is a string → string map wherever an operation takes it (AWS's ClientMetadataType).
  optStringMap(input as Json, 'ClientMetadata');
  const region = regionFromAuthorization(req);
  const rc: RequestContext = {
    emu,
    ip: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    ...(region ? { region } : {}),
  };
  return operation(rc, input as Json);
}

async function handleControl(
  emu: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
): Promise<void> {
  if (!isLoopback(req) || req.headers.origin !== undefined) {
    send(
      res,
      403,
      { message: 'Control routes answer loopback clients only, never a browser' },
      requestId,
      'application/json',
    );
    return;
  }
  const route = `${req.method} ${url.pathname}`;
  switch (route) {
    case 'GET /_emulator/health':
      return send(res, 200, health(emu), requestId, 'application/json');
    case 'GET /_emulator/outbox':
      return send(res, 200, outbox(emu, url.searchParams), requestId, 'application/json');
    case 'GET /_emulator/requests':
      return send(res, 200, requests(emu, url.searchParams), requestId, 'application/json');
    case 'DELETE /_emulator/requests':
      emu.requests.clear();
      return send(res, 200, {}, requestId, 'application/json');
    case 'GET /_emulator/faults':
      return send(res, 200, emu.faults.list(), requestId, 'application/json');
    case 'POST /_emulator/faults': {
      let parsed: unknown;
      try {
        parsed = JSON.parse((await readBody(req)).toString('utf8'));
      } catch {
        throw serialization('Request body is not valid JSON');
      }
      if (typeof parsed !== 'object' || parsed === null)
        throw serialization('Request body must be a JSON object');
      return send(res, 200, emu.faults.add(parsed as Json), requestId, 'application/json');
    }
    case 'DELETE /_emulator/faults':
      emu.faults.clear();
      return send(res, 200, {}, requestId, 'application/json');
    default:
      send(res, 404, { message: `No control route ${route}` }, requestId, 'application/json');
  }
}

async function handle(emu: Emulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = newRequestId();
  try {
    // Before anything else, and with no CORS headers: see access.ts.
    if (!hostAllowed(req) || !originAllowed(req.headers.origin)) {
      return send(
        res,
        403,
        { message: 'The emulator answers loopback hosts and origins only' },
        requestId,
        'application/json',
      );
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/_emulator/')) return await handleControl(emu, req, res, url, requestId);
    setCorsHeaders(res);
    if (req.method === 'OPTIONS') return answerPreflight(req, res);
    const jwks = /^\/([\w-]+_[0-9a-zA-Z]+)\/\.well-known\/jwks\.json$/.exec(url.pathname);
    if (req.method === 'GET' && jwks) {
      const poolId = jwks[1]!;
      if (!emu.store.pools.has(poolId)) {
        return send(
          res,
          404,
          { message: `User pool ${poolId} does not exist.` },
          requestId,
          'application/json',
        );
      }
      return send(res, 200, await emu.tokens.jwks(poolId), requestId, 'application/json');
    }
    if (req.method === 'POST') return await handleOperation(emu, req, res, requestId);
    send(res, 404, { message: 'Not found' }, requestId, 'application/json');
  } catch (err) {
    if (res.headersSent || res.destroyed) return;
    if (err instanceof CognitoError) return sendError(res, err, requestId);
    console.error('[cognito emulator] internal error', err);
    sendError(
      res,
      new CognitoError('InternalErrorException', 'Internal error in the emulator', 500),
      requestId,
    );
  }
}

export function createEmulatorServer(emu: Emulator): Server {
  const server = createServer((req, res) => {
    void handle(emu, req, res);
  });
  server.keepAliveTimeout = 5000;
  return server;
}
