// Where a woken background's time goes: one performance mark per milestone, the first time only,
// measured from the worker's start (performance.timeOrigin). bench:e2e reads them in Chromium after
// each sign-in that woke a stopped service worker; they cost microseconds and hold nothing private.
const marked = new Set<string>();

export function markOnce(name: string): void {
  if (marked.has(name)) return;
  marked.add(name);
  performance.mark?.(name);
}
