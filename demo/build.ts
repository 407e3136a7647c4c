// `npm run build:demo`: production builds of both demo sites into demo/dist/{amplify,acij}.
import { build } from 'vite';
import { DEMO_SITES } from '../dev/demo-sites/sites.ts';
import { demoSiteConfig } from './vite.config.ts';

for (const site of DEMO_SITES) await build(demoSiteConfig(site));
