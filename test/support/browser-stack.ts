// What most e2e files run against: the emulator + demo sites stack (dev/stack.ts) and one browser
// with the test build, started before the file's tests and closed after them.
import { afterAll, beforeAll } from 'vitest';
import { type Stack, startStack } from '../../dev/stack.ts';

/**
 * Stands for the value `current()` returns when a property is read: the stack and the browser exist
 * only from beforeAll on, while a file names them at its top level.
 */
function readThrough<T extends object>(current: () => T | undefined, what: string): T {
  const target = (): T => {
    const value = current();
    if (!value) throw new Error(`the ${what} starts in beforeAll: use it inside a hook or a test`);
    return value;
  };
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(target(), key),
    has: (_, key) => Reflect.has(target(), key),
  });
}

/**
 * Registers the beforeAll that starts the stack, then `launch`es the browser, and the afterAll that
 * closes the browser, then the stack. Hooks a file registers after this call run after the start and
 * before the close.
 */
export function useStackAndBrowser<B extends { close(): Promise<void> }>(
  launch: () => Promise<B>,
): { stack: Stack; browser: B } {
  let stack: Stack | undefined;
  let browser: B | undefined;
  beforeAll(async () => {
    stack = await startStack();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  return { stack: readThrough(() => stack, 'stack'), browser: readThrough(() => browser, 'browser') };
}
