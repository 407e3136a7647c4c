// Serves the built conformance pages, each client on its own loopback origin (its own port, so the
// extension sees three sites), with the /config.json each page reads: ?pool=<column>&client=web|rotating.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { CONFORMANCE_DIST, PAGE_DIRS, type PageDir } from './build.ts';
import { type Client, POOLS } from './matrix.ts';
import type { ConformanceSiteConfig } from './pages/shared/contract.ts';
import { appClientId, appClientSecret } from './seed.ts';

const PAGE_OF: Record<Client, PageDir> = { 'amplify-v6': 'amplify', acij: 'acij', 'aws-sdk-v3': 'sdk' };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

/** amazon-cognito-identity-js's own browser bundle, as script-tag sites load it. */
const ACIJ_BUNDLE = createRequire(import.meta.url).resolve(
  'amazon-cognito-identity-js/dist/amazon-cognito-identity.min.js',
);

export interface ConformanceSites {
  /** Origin URL of each client's site, with a trailing slash. */
  urls: Record<Client, string>;
  /** The Amplify page again on an origin of its own: the site that manages its own devices. */
  managesDevicesUrl: string;
  /** The page URL for one cell. */
  pageUrl(client: Client, poolKey: string, appClient: 'web' | 'rotating', managesDevices?: boolean): string;
  close(): Promise<void>;
}

function handler(dir: string, emulatorUrl: string) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/config.json') {
      const pool = POOLS.find((p) => p.key === url.searchParams.get('pool'));
      const appClient = url.searchParams.get('client') === 'rotating' ? 'rotating' : 'web';
      if (!pool) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('unknown pool');
        return;
      }
      const config: ConformanceSiteConfig = {
        userPoolId: pool.poolId,
        userPoolClientId: appClientId(pool, appClient),
        clientSecret: appClientSecret(pool),
        userPoolEndpoint: `${emulatorUrl}/`,
        region: 'us-east-1',
      };
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(config));
      return;
    }
    let file: string;
    if (url.pathname === '/vendor/amazon-cognito-identity.min.js') file = ACIJ_BUNDLE;
    else {
      const relative = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
      file = join(dir, relative);
      if (!file.startsWith(dir + sep) || !extname(file)) file = join(dir, 'index.html');
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  };
}

/** The site whose own code manages its devices (Amplify's page on a fourth origin). */
const MANAGES_DEVICES = ['amplify-manages-devices', 'amplify'] as const;

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export async function startConformanceSites(emulatorUrl: string): Promise<ConformanceSites> {
  const servers: Server[] = [];
  const byPage: Partial<Record<PageDir | (typeof MANAGES_DEVICES)[0], string>> = {};
  try {
    for (const [key, page] of [...PAGE_DIRS.map((p) => [p, p] as const), MANAGES_DEVICES]) {
      const dir = join(CONFORMANCE_DIST, page);
      if (!existsSync(join(dir, 'index.html'))) {
        throw new Error(`conformance page "${page}" is not built (${dir}): run npm run build:test`);
      }
      const handle = handler(dir, emulatorUrl.replace(/\/$/, ''));
      const server = createServer((req, res) => {
        handle(req, res).catch(() => res.writeHead(500).end());
      });
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      byPage[key] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    }
  } catch (error) {
    await Promise.all(servers.map(closeServer));
    throw error;
  }
  const urls = {
    'amplify-v6': byPage.amplify!,
    acij: byPage.acij!,
    'aws-sdk-v3': byPage.sdk!,
  } satisfies Record<Client, string>;
  const managesDevicesUrl = byPage[MANAGES_DEVICES[0]]!;
  return {
    urls,
    managesDevicesUrl,
    pageUrl: (client, poolKey, appClient, managesDevices) =>
      `${managesDevices ? managesDevicesUrl : urls[client]}?${new URLSearchParams({ pool: poolKey, client: appClient })}`,
    close: async () => {
      await Promise.all(servers.map(closeServer));
    },
  };
}

export { PAGE_OF };
