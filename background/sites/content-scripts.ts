import browser from 'webextension-polyfill';
import hookFile from '../../extension/page-hook.iife.ts?script';
import relayFile from '../../extension/relay.iife.ts?script';
import { originPattern as patternFor, SCRIPTED_ORIGINS_KEY } from '../../src/origin-pattern.ts';
import { lock } from '../platform.ts';

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

const originOf = (id: string) =>
  id.startsWith(HOOK_PREFIX) ? id.slice(HOOK_PREFIX.length) : id.slice(RELAY_PREFIX.length);

/**
 * Writes the origins that have scripts registered to storage.local for the relay (see
 * SCRIPTED_ORIGINS_KEY). Read back from the browser, one writer at a time: the last write follows
 * the last change, whatever order concurrent enables and disables finish in.
 */
function publishScriptedOrigins(): Promise<void> {
  return lock('scripted-origins', async () => {
    const registered = await browser.scripting.getRegisteredContentScripts();
    const origins = [...new Set(registered.map((s) => originOf(s.id)))].sort();
    await browser.storage.local.set({ [SCRIPTED_ORIGINS_KEY]: origins });
  });
}

export async function registerSiteScripts(origin: string): Promise<void> {
  await registerScriptsOnly(origin);
  await publishScriptedOrigins();
}

async function registerScriptsOnly(origin: string): Promise<void> {
  await unregisterScriptsOnly(origin);
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
  await unregisterScriptsOnly(origin);
  await publishScriptedOrigins();
}

async function unregisterScriptsOnly(origin: string): Promise<void> {
  const ids = [HOOK_PREFIX + origin, RELAY_PREFIX + origin];
  const registered = await browser.scripting.getRegisteredContentScripts({ ids });
  if (registered.length)
    await browser.scripting.unregisterContentScripts({ ids: registered.map((s) => s.id) });
}

/** Makes the registered scripts match the enabled sites exactly (start-up, install, permission changes). */
export async function reconcileSiteScripts(enabledOrigins: string[]): Promise<void> {
  const registered = await browser.scripting.getRegisteredContentScripts();
  const wanted = new Set(enabledOrigins);
  const stale = registered.filter((s) => !wanted.has(originOf(s.id)));
  if (stale.length) await browser.scripting.unregisterContentScripts({ ids: stale.map((s) => s.id) });
  const have = new Set(registered.map((s) => s.id));
  for (const origin of enabledOrigins) {
    if (!have.has(HOOK_PREFIX + origin) || !have.has(RELAY_PREFIX + origin))
      await registerScriptsOnly(origin);
  }
  await publishScriptedOrigins();
}
