/** The host permission / match pattern that covers one origin. Firefox match patterns cannot carry a port. */
export function originPattern(origin: string, browser: 'chrome' | 'firefox'): string {
  const url = new URL(origin);
  return browser === 'firefox' ? `${url.protocol}//${url.hostname}/*` : `${url.origin}/*`;
}
