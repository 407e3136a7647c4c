import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOWED_HEADERS = [
  'content-type',
  'x-amz-target',
  'x-amz-user-agent',
  'cache-control',
  'authorization',
  'x-amz-date',
  'x-amz-security-token',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
].join(', ');

const EXPOSED_HEADERS = 'x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date';

/**
 * Like AWS for the operations a browser app calls: any origin the server accepted (server.ts has
 * already refused the rest, see access.ts), the headers the SDKs send, the response headers they read.
 */
export function setCorsHeaders(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
}

/** For IAM-authorized operations: no web page reads their answers. */
export function clearCorsHeaders(res: ServerResponse): void {
  res.removeHeader('Access-Control-Allow-Origin');
  res.removeHeader('Access-Control-Expose-Headers');
}

export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  setCorsHeaders(res);
  const requested = req.headers['access-control-request-headers'];
  res.setHeader(
    'Access-Control-Allow-Headers',
    typeof requested === 'string' && requested.length < 2048 ? requested : ALLOWED_HEADERS,
  );
  // No DELETE: only the control routes use it, and they answer no browser.
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.setHeader('Access-Control-Max-Age', '172800');
  res.setHeader('Content-Length', '0');
  res.writeHead(200);
  res.end();
}
