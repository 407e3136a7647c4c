import browser from 'webextension-polyfill';
import hookFile from '../../extension/page-hook.iife.ts?script';
import relayFile from '../../extension/relay.iife.ts?script';
import { originPattern as patternFor } from '../../src/origin-pattern.ts';

/**
 * Content scripts exist only for origins the user enabled: registered with the scripting API when
 * a site is enabled, removed when it is disabled or its host permission is revoked.
 */
const HOOK_PREFIX = 'hook ';
const RELAY_PREFIX = 'relay ';

const originPattern = (origin: string) => patternFor(origin, __BROWSER__);

export async function hasHostPermission(origin: string): Promise<boolean> {
  return browser.permissions.contains({ origins: [originPattern(origin)] });
}

export async function registerSiteScripts(origin: string): Promise<void> {
  await unregisterSiteScripts(origin);
  const matches = [originPattern(origin)];
  await browser.scripting.registerContentScripts([
    {
      id: HOOK_PREFIX + origin,
      matches,
      js: [hookFile],
      runAt: 'document_start',
      world: 'MAIN',
      allFrames: false,
      persistAcrossSessions: true,
    },
    {
      id: RELAY_PREFIX + origin,
      matches,
      js: [relayFile],
      runAt: 'document_start',
      allFrames: false,
      persistAcrossSessions: true,
    },
  ]);
}

export async function unregisterSiteScripts(origin: string): Promise<void> {
  const ids = [HOOK_PREFIX + origin, RELAY_PREFIX + origin];
  const registered = await browser.scripting.getRegisteredContentScripts({ ids });
  if (registered.length)
    await browser.scripting.unregisterContentScripts({ ids: registered.map((s) => s.id) });
}

/** Makes the registered scripts match the enabled sites exactly (start-up, install, permission changes). */
export async function reconcileSiteScripts(enabledOrigins: string[]): Promise<void> {
  const registered = await browser.scripting.getRegisteredContentScripts();
  const wanted = new Set(enabledOrigins);
  const stale = registered.filter((s) => {
    const origin = s.id.startsWith(HOOK_PREFIX)
      ? s.id.slice(HOOK_PREFIX.length)
      : s.id.slice(RELAY_PREFIX.length);
    return !wanted.has(origin);
  });
  if (stale.length) await browser.scripting.unregisterContentScripts({ ids: stale.map((s) => s.id) });
  const have = new Set(registered.map((s) => s.id));
  for (const origin of enabledOrigins) {
    if (!have.has(HOOK_PREFIX + origin) || !have.has(RELAY_PREFIX + origin))
      await registerSiteScripts(origin);
  }
}
