// Where a background's time goes during a sign-in: performance marks, measured from the worker's start
// (performance.timeOrigin). Test builds only (__TEST_BUILD__): a release build compiles both functions
// to nothing. bench:e2e reads them in Chromium after each cold and warm sign-in; they hold nothing
// private (names of steps and Cognito operations, never a value).
const marked = new Set<string>();

/** A milestone of the worker's life (modules evaluated, vault open): the first time only. */
export function markOnce(name: string): void {
  if (!__TEST_BUILD__ || marked.has(name)) return;
  marked.add(name);
  performance.mark?.(name);
}

/** A step of a sign-in; marked each time (the bench numbers repeats: `name#2`, …). */
export function markStep(name: string): void {
  if (__TEST_BUILD__) performance.mark?.(name);
}

/** ctx.fetch with a mark when each Cognito call leaves and when its answer is read. */
export function markedFetch(fetchFn: typeof fetch): typeof fetch {
  if (!__TEST_BUILD__) return fetchFn;
  return async (input, init) => {
    const target = new Headers(init?.headers).get('X-Amz-Target') ?? 'fetch';
    const op = target.slice(target.lastIndexOf('.') + 1);
    markStep(`fetch:${op}:sent`);
    const response = await fetchFn(input, init);
    markStep(`fetch:${op}:headers`);
    return response;
  };
}
