import { invalidParameter } from './http/errors.ts';

/**
 * The one pagination scheme of the emulator's List* operations. A token names the last item of the page
 * before (its key, base64url-encoded so it stays opaque as AWS's tokens are), not an offset, so a page
 * neither skips nor repeats an item when items before it are added or removed between calls. A token
 * whose item no longer exists is refused with InvalidParameterException; AWS documents nothing about
 * stale tokens, this is the choice made.
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  token: string | undefined,
  limit: number,
): { page: T[]; next?: string } {
  let start = 0;
  if (token) {
    const after = Buffer.from(token, 'base64url').toString();
    const i = items.findIndex((item) => keyOf(item) === after);
    if (i < 0) throw invalidParameter('Invalid pagination token.');
    start = i + 1;
  }
  const page = items.slice(start, start + limit);
  const last = page[page.length - 1];
  if (last === undefined || start + limit >= items.length) return { page };
  return { page, next: Buffer.from(keyOf(last)).toString('base64url') };
}
