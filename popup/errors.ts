import { BackgroundError } from './api.ts';
import { hasKey, t } from './i18n.ts';

/** What to tell a person about a failure: our wording for known codes, the background's words otherwise. */
export function errorText(error: unknown): string {
  if (error instanceof BackgroundError) {
    const key = `error_${error.code.replace(/-/g, '_')}`;
    if (hasKey(key)) return t(key, error.message);
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export function errorCode(error: unknown): string | undefined {
  return error instanceof BackgroundError ? error.code : undefined;
}
