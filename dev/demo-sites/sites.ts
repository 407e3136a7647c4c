// The two demo sites and where their builds go: demo/vite.config.ts writes there, server.ts serves
// from there. The pages themselves (demo/amplify, demo/acij) are the demo's content.
import { fileURLToPath } from 'node:url';

export const DEMO_SITES = ['amplify', 'acij'] as const;
export type DemoSite = (typeof DEMO_SITES)[number];

/** demo/dist: `npm run build:demo` writes each site to demo/dist/<site>/. */
export const DEMO_DIST_DIR: string = fileURLToPath(new URL('../../demo/dist', import.meta.url));
