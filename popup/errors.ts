import { errorMessageKey, type PageErrorCode } from '../src/messages/index.ts';
import { BackgroundError } from './api.ts';
import { hasKey, t } from './i18n.ts';

/** What to tell a person about a failure: our wording for the code, with the background's words as `$1`. */
export function errorText(error: unknown): string {
  if (error instanceof BackgroundError) {
    const key = errorMessageKey(error.code);
    if (hasKey(key)) return t(key, error.message);
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export function errorCode(error: unknown): PageErrorCode | undefined {
  return error instanceof BackgroundError ? error.code : undefined;
}
