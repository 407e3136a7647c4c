// Bundled into the extension's and the floor's demo pages by sign-in-bench.ts (pageFetchPhasesMs),
// added after the page loaded, so outermost: around the page hook or the floor's own fetch. Records,
// in epoch ms, each Cognito call as the site sees it (from Amplify's fetch() to its Response), each
// long task, and each performance mark made in the page (test builds: the relay's `relay:in` when a
// hook call reaches it, `relay:send` when it goes to the background). The bench takes them with
// `window.__benchFetches.splice(0)`.
export type FetchTiming = readonly [name: string, start: number, end: number];

const log: FetchTiming[] = [];
(window as unknown as { __benchFetches: FetchTiming[] }).__benchFetches = log;
const epoch = (t: number) => performance.timeOrigin + t;
const inner = window.fetch.bind(window);

window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const target = new Headers(init?.headers).get('x-amz-target') ?? '';
  if (!target.startsWith('AWSCognitoIdentityProviderService.')) return inner(input, init);
  let name = target.slice(target.lastIndexOf('.') + 1);
  try {
    const challenge = (JSON.parse(String(init?.body)) as { ChallengeName?: unknown }).ChallengeName;
    if (typeof challenge === 'string') name += `:${challenge}`;
  } catch {}
  const start = epoch(performance.now());
  try {
    return await inner(input, init);
  } finally {
    log.push([name, start, epoch(performance.now())]);
  }
};

new PerformanceObserver((list) => {
  for (const e of list.getEntries())
    log.push(['longtask', epoch(e.startTime), epoch(e.startTime + e.duration)]);
}).observe({ type: 'longtask' });
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) log.push([e.name, epoch(e.startTime), epoch(e.startTime)]);
}).observe({ type: 'mark' });
