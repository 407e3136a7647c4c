/** The host permission / match pattern that covers one origin. Firefox match patterns cannot carry a port. */
export function originPattern(origin: string, browser: 'chrome' | 'firefox'): string {
  const url = new URL(origin);
  return browser === 'firefox' ? `${url.protocol}//${url.hostname}/*` : `${url.origin}/*`;
}

/**
 * storage.local key: the origins whose page scripts are registered, kept by the background. The relay
 * reads it because in Firefox the scripts also run on the other ports of an enabled host (patterns
 * carry no port): there it refuses to carry anything, before the background is asked.
 */
export const SCRIPTED_ORIGINS_KEY = 'scriptedOrigins';

/** True when `origin` must get nothing: a published list that does not name it (no list: the background decides). */
export function refusedByScriptedOrigins(origin: string, published: unknown): boolean {
  return Array.isArray(published) && !published.includes(origin);
}
