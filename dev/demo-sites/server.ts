// Serves the two built demo sites, each on its own loopback origin (own port), with the runtime
// config the pages read (/config.json) and the demo users' current TOTP codes (/totp).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { SiteConfig, TotpListing } from './contract.ts';
import { DEMO_POOL, type DemoPool, OPTIN_POOL, totpNow, totpRemainingMs } from './fixtures.ts';
import { DEMO_DIST_DIR, type DemoSite } from './sites.ts';

export interface DemoSitesOptions {
  /** Base URL of the Cognito endpoint the pages talk to (the emulator), e.g. http://127.0.0.1:4100 */
  emulatorUrl: string;
  host?: string;
  /** Ports for the Amplify and ACIJ sites; 0 (default) picks free ones. */
  amplifyPort?: number;
  acijPort?: number;
  /** Built sites; default demo/dist (npm run build:demo). */
  distDir?: string;
}

export interface DemoSites {
  /** Origin of the Amplify v6 site, with a trailing slash: http://127.0.0.1:<port>/ */
  amplifyUrl: string;
  /** Origin of the amazon-cognito-identity-js site, with a trailing slash. */
  acijUrl: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

function poolFor(url: URL): DemoPool {
  return url.searchParams.get('pool') === 'optin' ? OPTIN_POOL : DEMO_POOL;
}

function sendJson(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function siteHandler(siteDir: string, endpoint: string) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname === '/config.json') {
      const pool = poolFor(url);
      const config: SiteConfig = {
        userPoolId: pool.id,
        userPoolClientId: pool.clientId,
        userPoolEndpoint: endpoint,
        region: pool.region,
      };
      sendJson(res, config);
      return;
    }
    if (url.pathname === '/totp') {
      const pool = poolFor(url);
      const now = Date.now();
      const listing: TotpListing = {
        poolId: pool.id,
        remainingSeconds: Math.ceil(totpRemainingMs(now) / 1000),
        users: pool.users.map((u) => ({
          email: u.email,
          username: u.username,
          password: u.password,
          code: totpNow(u.totpSecret, now),
        })),
      };
      sendJson(res, listing);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end(); // keeps browser consoles free of 404 noise
      return;
    }
    // Static files; anything unknown falls back to the page itself (query strings select the pool).
    const relative = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    let file = join(siteDir, relative);
    if (!file.startsWith(siteDir + sep) || !extname(file)) file = join(siteDir, 'index.html');
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  };
}

async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return `http://${host}:${address.port}/`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** Starts both demo sites; they must have been built (npm run build:demo). */
export async function startDemoSites(options: DemoSitesOptions): Promise<DemoSites> {
  const host = options.host ?? '127.0.0.1';
  const distDir = options.distDir ?? DEMO_DIST_DIR;
  const endpoint = options.emulatorUrl.endsWith('/') ? options.emulatorUrl : `${options.emulatorUrl}/`;
  const sites: Record<DemoSite, number> = { amplify: options.amplifyPort ?? 0, acij: options.acijPort ?? 0 };
  const servers: Server[] = [];
  const urls: Partial<Record<DemoSite, string>> = {};
  try {
    for (const [site, port] of Object.entries(sites) as [DemoSite, number][]) {
      const siteDir = join(distDir, site);
      if (!existsSync(join(siteDir, 'index.html'))) {
        throw new Error(`demo site "${site}" is not built (${siteDir}): run npm run build:demo`);
      }
      const handler = siteHandler(siteDir, endpoint);
      const server = createServer((req, res) => {
        handler(req, res).catch(() => res.writeHead(500).end());
      });
      servers.push(server);
      urls[site] = await listen(server, port, host);
    }
  } catch (error) {
    await Promise.all(servers.map(closeServer));
    throw error;
  }
  return {
    amplifyUrl: urls.amplify!,
    acijUrl: urls.acij!,
    close: async () => {
      await Promise.all(servers.map(closeServer));
    },
  };
}
