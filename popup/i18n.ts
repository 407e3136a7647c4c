import english from '../public/_locales/en/messages.json' with { type: 'json' };

export type MessageKey = keyof typeof english;

type I18n = { getMessage(key: string, substitutions?: string[]): string };
const api = (globalThis as { chrome?: { i18n?: I18n } }).chrome?.i18n;

/**
 * The browser's translation of `key`; the bundled English text where the browser has none (unit
 * tests, or a locale missing a key). `$1`…`$9` take the substitutions.
 */
export function t(key: MessageKey, ...subs: string[]): string {
  const translated = api?.getMessage(key, subs);
  if (translated) return translated;
  return english[key].message.replace(/\$([1-9])/g, (_, n: string) => subs[Number(n) - 1] ?? '');
}

/** A message key chosen at run time (error codes, activity kinds), if the bundle has it. */
export function hasKey(key: string): key is MessageKey {
  return Object.hasOwn(english, key);
}
