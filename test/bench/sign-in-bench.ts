// The sign-in half of bench:e2e, the same in Chromium (Playwright) and Firefox (puppeteer over
// WebDriver BiDi): one fresh emulator and three demo origins per browser. Amplify v6 on each:
//   - enabled in the extension (alice): warm, cold (background stopped first; then typed like a
//     person, so the relay's wake can start it before the submit) and first sign-ins;
//   - never enabled, Amplify remembering its own device (bob): its remembered and first sign-ins;
//   - never enabled, floor-page.ts doing in the page what the background does (carol).
// Remembered sign-ins are interleaved, so machine noise hits every side alike.
import type { Page } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { launchChromiumWithExtension } from '../../dev/chromium.ts';
import { fillFieldsSilently } from '../../dev/demo-page.ts';
import type { DemoState } from '../../dev/demo-sites/contract.ts';
import { DEMO_POOL, type DemoUser } from '../../dev/demo-sites/fixtures.ts';
import { startDemoSites } from '../../dev/demo-sites/server.ts';
import { enableSiteInFirefoxPopup, enableSiteInPopup, localDevices } from '../../dev/extension.ts';
import { BACKGROUND_TABS_UNTHROTTLED, launchFirefoxWithExtension } from '../../dev/firefox.ts';
import { type Stack, startStack } from '../../dev/stack.ts';
import type { LocalDeviceView, PageReply } from '../../src/messages/index.ts';
import { TABLE_BUILD_DELAY_MS } from '../../src/srp/deterministic.ts';
import type { FetchTiming } from './fetch-timings-page.ts';
import { benchPageScript } from './page-script.ts';

export type BrowserName = 'chromium' | 'firefox';

export interface Stats {
  median: number;
  min: number;
  max: number;
}
export const round = (n: number) => Math.round(n * 100) / 100;
export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
  return { median: round(median), min: round(s[0] ?? Number.NaN), max: round(s.at(-1) ?? Number.NaN) };
}

export interface BrowserSignIns {
  signInWithExtensionMs: Stats;
  signInAmplifyOwnDeviceMs: Stats;
  signInColdWorkerMs: Stats;
  /**
   * Background stopped, then the password typed into the form (focus, one key per TYPING_KEY_MS)
   * and the form submitted, as a person does: submit → tokens. The relay wakes the background on
   * the focus, so what this adds over warm is whatever of the start the typing did not hide.
   */
  signInColdWorkerTypedMs: Stats;
  /**
   * Background stopped, the form filled with no event (as a browser's saved password fills it), then
   * "Sign in" clicked: click → tokens. The relay wakes the background on the click.
   */
  signInColdWorkerClickedMs: Stats;
  signInFloorMs: Stats;
  firstSignInMs: Stats;
  firstSignInAmplifyOwnMs: Stats;
  /** Targets: cold ≤ 1.15, warm ≤ 1.10, first ≤ 1.0. */
  ratios: Ratios;
  /**
   * The same ratios taken round by round (each round's cold over the same round's warm, …), then their
   * median: the sides of one round run seconds apart, so a machine that drifts over the run moves both
   * alike. Printed beside `ratios` (ratio of the medians); the targets apply to both.
   */
  pairedRatios: Ratios;
  /**
   * Chromium, cold sign-ins, test build: when the stopped worker started and each startup-marks.ts
   * mark (modules evaluated, vault open, each page call in and out, each Cognito fetch sent and
   * answered, SRP steps), all in ms from the page's signIn() call (Amplify computes its SRP_A
   * before its first request), sorted by median.
   */
  coldStartPhasesMs?: Record<string, Stats>;
  /** Chromium, warm sign-ins: the same marks, from the page's signIn() call. */
  warmPhasesMs?: Record<string, Stats>;
  /** Chromium, typed cold sign-ins: the same marks from the submit (the sign-in's start in its page). */
  coldTypedPhasesMs?: Record<string, Stats>;
  /** Chromium, clicked cold sign-ins: the same marks from the click's submit. */
  coldClickedPhasesMs?: Record<string, Stats>;
  /**
   * Each Cognito call as the page sees it (from Amplify's fetch() to the Response; `<op>:call`,
   * `<op>:done`), ms from the page's signIn(): warm, cold, typed and clicked (from the submit)
   * through the extension, and the floor.
   */
  pageFetchPhasesMs: Record<PageSide, Record<string, Stats>>;
  iterations: number;
  errors: string[];
}

export interface Ratios {
  coldOverWarm: number;
  coldTypedOverWarm: number;
  coldClickedOverWarm: number;
  warmOverFloor: number;
  firstOverAmplifyOwn: number;
}
/** Median of a[i] / b[i]: samples of the same round side by side. */
const pairedRatio = (a: number[], b: number[]) =>
  round(stats(a.map((x, i) => x / (b[i] ?? Number.NaN))).median);

/** The tabs whose Cognito calls bench:e2e times from the page (pageFetchPhasesMs). */
type PageSide = 'extensionWarm' | 'extensionCold' | 'extensionTyped' | 'extensionClicked' | 'floor';

/** What the measurement needs from a page, whichever driver opened it. */
interface BenchPage {
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<Awaited<R>>;
  addScript(code: string): Promise<void>;
  /** Load the page again (its scripts and the extension's start afresh) and wait for the demo. */
  reload(): Promise<void>;
  /** Bring the tab in front, as the tab a person uses is (before the background is stopped: a tab event wakes it). */
  front(): Promise<void>;
  /** Type the user's email and password into the form like a person and submit; the state once it settled. */
  typeSignIn(user: DemoUser): Promise<DemoState>;
  /** Fill the form with no event, as a browser's saved password does, and click "Sign in"; the state once settled. */
  clickSignIn(user: DemoUser): Promise<DemoState>;
}
/** A quick typist's pace between two keys of the password (the wake's lead time is the typing). */
export const TYPING_KEY_MS = 80;
const FIELD = { username: '[data-testid="username"]', password: '[data-testid="password"]' };
/** The form's values, set in the page with no event, as a browser's saved password fills them. */
const formValues = (email: string, password: string) =>
  [
    ['username', email],
    ['password', password],
  ] as const;
const SUBMIT = '[data-testid="signin-submit"]';
/**
 * After the click, the harness keeps out of the page this long before it polls for the outcome: the
 * figure is the page's own submit-to-tokens time, and a driver's polling script queued on the page's
 * main thread ran right after Amplify's first long task, ahead of the relay's message (InitiateAuth
 * took ~68 ms from the page's side, 13 ms in the background). Longer than any sign-in measured here.
 */
const HANDS_OFF_MS = 1500;
const handsOff = () => new Promise((resolve) => setTimeout(resolve, HANDS_OFF_MS));
/** Polled every 50 ms, not per animation frame: a background tab runs no frames. The figure is the page's own. */
const settled = () => {
  const s = window.__demo.state();
  return s.status !== 'signed-out' || s.error !== '';
};

/** What benchPage needs of a tab, from Playwright (Chromium) or puppeteer (Firefox). */
interface TabDriver {
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<Awaited<R>>;
  addScriptTag(script: { content: string }): Promise<unknown>;
  reload(): Promise<unknown>;
  bringToFront(): Promise<void>;
  click(selector: string): Promise<void>;
  type(selector: string, text: string, delayMs: number): Promise<void>;
  /** Resolves once `settled` holds in the page (polled every 50 ms, at most 60 s). */
  waitSettled(): Promise<unknown>;
}

/** One BenchPage for either driver: what a round does in a tab is written once. */
function benchPage(tab: TabDriver): BenchPage {
  /** Click "Sign in", keep out of the page, then its state once settled. */
  const submitted = async (): Promise<DemoState> => {
    await tab.click(SUBMIT);
    await handsOff();
    await tab.waitSettled().catch(async (error: Error) => {
      const state = await tab.evaluate(() => window.__demo.state(), null);
      throw new Error(`${error.message}; the page: ${JSON.stringify(state)}`);
    });
    return tab.evaluate(() => window.__demo.state(), null);
  };
  return {
    evaluate: (fn, arg) => tab.evaluate(fn, arg),
    addScript: async (content) => void (await tab.addScriptTag({ content })),
    async reload() {
      await tab.reload();
      await tab.evaluate(() => window.__demo.ready, null);
    },
    front: () => tab.bringToFront(),
    async typeSignIn(user) {
      await tab.evaluate(fillFieldsSilently, formValues(user.email, ''));
      await tab.click(FIELD.password);
      await tab.type(FIELD.password, user.password, TYPING_KEY_MS);
      return submitted();
    },
    async clickSignIn(user) {
      await tab.evaluate(fillFieldsSilently, formValues(user.email, user.password));
      return submitted();
    },
  };
}
interface BenchBrowser {
  open(url: string): Promise<BenchPage>;
  enableSite(origin: string): Promise<void>;
  /**
   * Stop the background as the browser does when idle; the next event starts it again. `from` is the
   * tab about to sign in: Chromium stops the worker from that tab's own DevTools session, so no tab
   * opens or closes and no tab event starts the worker before the sign-in's first call does.
   */
  stopBackground(from: BenchPage): Promise<void>;
  /**
   * Chromium (test build): the worker's start (epoch ms) and its startup-marks.ts marks since the last
   * read (ms after that start, in order), which are then cleared.
   */
  backgroundMarks?(): Promise<{ timeOrigin: number; marks: (readonly [string, number])[] }>;
  extensionDevices(): Promise<LocalDeviceView[]>;
  removeExtensionDevice(deviceKey: string): Promise<void>;
  close(): Promise<void>;
}

async function chromiumBench(): Promise<BenchBrowser> {
  const chromium = await launchChromiumWithExtension();
  const tabs = new WeakMap<BenchPage, Page>();
  return {
    async open(url) {
      const page = await chromium.context.newPage();
      await page.goto(url);
      await page.evaluate(() => window.__demo.ready);
      const opened = benchPage({
        evaluate: (fn, arg) => page.evaluate(fn as (a: unknown) => unknown, arg) as never,
        addScriptTag: (script) => page.addScriptTag(script),
        reload: () => page.reload(),
        bringToFront: () => page.bringToFront(),
        click: (selector) => page.click(selector),
        type: (selector, text, delay) => page.locator(selector).pressSequentially(text, { delay }),
        waitSettled: () => page.waitForFunction(settled, null, { polling: 50, timeout: 60_000 }),
      });
      tabs.set(opened, page);
      return opened;
    },
    enableSite: (origin) => enableSiteInPopup(chromium, origin),
    stopBackground: (from) => chromium.stopWorker(tabs.get(from)),
    backgroundMarks: async () =>
      (await chromium.worker()).evaluate(() => {
        const marks = performance.getEntriesByType('mark').map((m) => [m.name, m.startTime] as const);
        performance.clearMarks();
        return { timeOrigin: performance.timeOrigin, marks };
      }),
    extensionDevices: () => localDevices(chromium),
    async removeExtensionDevice(deviceKey) {
      const page = await chromium.openExtensionPage('popup/index.html');
      try {
        const reply = (await page.evaluate((r) => chrome.runtime.sendMessage(r), {
          type: 'vault.remove',
          deviceKey,
        })) as PageReply<unknown>;
        if (!reply.ok) throw new Error(reply.error.message);
      } finally {
        await page.close();
      }
    },
    close: () => chromium.close(),
  };
}

async function firefoxBench(): Promise<BenchBrowser> {
  const firefox = await launchFirefoxWithExtension({ prefs: BACKGROUND_TABS_UNTHROTTLED });
  async function ask<T>(request: object): Promise<T> {
    const popup = await firefox.newPage();
    try {
      await firefox.gotoExtensionPage(popup, 'popup/index.html');
      const reply = (await popup.evaluate(
        (r) => (globalThis as unknown as { browser: typeof chrome }).browser.runtime.sendMessage(r),
        request,
      )) as PageReply<T>;
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.value;
    } finally {
      await popup.close();
    }
  }
  // The typed and clicked rounds use the tab in front (BenchPage.front): in a tab behind, puppeteer's
  // click waits seconds for frames Firefox does not draw there (the rounds that stalled).
  const wrap = (page: PuppeteerPage): BenchPage =>
    benchPage({
      evaluate: (fn, arg) => page.evaluate(fn as (a: unknown) => unknown, arg) as never,
      addScriptTag: (script) => page.addScriptTag(script),
      reload: () => page.reload(),
      bringToFront: () => page.bringToFront(),
      click: (selector) => page.click(selector),
      type: (selector, text, delay) => page.type(selector, text, { delay }),
      waitSettled: () => page.waitForFunction(settled, { polling: 50, timeout: 60_000 }),
    });
  return {
    async open(url) {
      const page = await firefox.newPage();
      await page.goto(url);
      await page.evaluate(() => window.__demo.ready);
      return wrap(page);
    },
    enableSite: (origin) => enableSiteInFirefoxPopup(firefox, origin),
    stopBackground: () => firefox.terminateBackground(),
    extensionDevices: () => ask<LocalDeviceView[]>({ type: 'vault.list' }),
    removeExtensionDevice: async (deviceKey) => void (await ask({ type: 'vault.remove', deviceKey })),
    close: () => firefox.close(),
  };
}

let floorScript: Promise<string> | undefined;
/** floor-page.ts and the part of src/srp it uses, as one classic script for a page. */
function floorPageScript(): Promise<string> {
  floorScript ??= benchPageScript('./floor-page.ts', 'benchFloor');
  return floorScript;
}

let timingsScript: Promise<string> | undefined;
/** fetch-timings-page.ts as one classic script for a page. */
function fetchTimingsScript(): Promise<string> {
  timingsScript ??= benchPageScript('./fetch-timings-page.ts', 'benchFetchTimings');
  return timingsScript;
}
type FetchTimings = FetchTiming[];
const takeFetchTimings = (page: BenchPage) =>
  page.evaluate(() => (window as unknown as { __benchFetches: FetchTimings }).__benchFetches.splice(0), null);
/** One sign-in's phase names: a name seen again in it is numbered (`fetch:RespondToAuthChallenge:sent#2`). */
function numberRepeats(): (name: string) => string {
  const seen = new Map<string, number>();
  return (name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n > 1 ? `${name}#${n}` : name;
  };
}
const addSample = (into: Record<string, number[]>, phase: string, ms: number) => {
  into[phase] = [...(into[phase] ?? []), ms];
};

/** Each call's start (`<op>:call`) and end (`<op>:done`) as ms from the page's signIn() call. */
function addFetchPhases(into: Record<string, number[]>, timings: FetchTimings, pageStart: number): void {
  const numbered = numberRepeats();
  for (const [op, start, end] of timings) {
    const name = numbered(op);
    addSample(into, `${name}:call`, start - pageStart);
    addSample(into, `${name}:done`, end - pageStart);
  }
}

/** A sign-in and when it ended (epoch ms, the page's clock): its start is that minus lastSignInMs. */
const timedSignIn = (page: BenchPage, user: DemoUser) =>
  page.evaluate(
    async (u) => ({
      state: await window.__demo.signIn(u.email, u.password),
      endedAt: performance.timeOrigin + performance.now(),
    }),
    user,
  );

type Marks = { timeOrigin: number; marks: (readonly [string, number])[] };
/**
 * One sign-in's background marks as ms from the page's signIn() call (`pageStart`, epoch ms), a
 * repeated name numbered (`fetch:RespondToAuthChallenge:sent#2`); a cold one also has workerStarted.
 */
function addPhases(into: Record<string, number[]>, woken: Marks, pageStart: number, cold: boolean): void {
  if (cold) addSample(into, 'workerStarted', woken.timeOrigin - pageStart);
  const numbered = numberRepeats();
  for (const [name, at] of woken.marks) addSample(into, numbered(name), woken.timeOrigin + at - pageStart);
}

const signIn = (page: BenchPage, user: DemoUser) =>
  page.evaluate((u) => window.__demo.signIn(u.email, u.password), user);
const signOut = (page: BenchPage) => page.evaluate(() => window.__demo.signOut(), null);

/** From a signed-out page: sign-in, MFA code, tokens; the state after the code (its lastSignInMs: code → tokens). */
async function firstSignIn(page: BenchPage, user: DemoUser, stack: Stack): Promise<DemoState> {
  const asked = await signIn(page, user);
  if (asked.status !== 'mfa-required') return asked;
  const code = stack.totp(user.totpSecret);
  return page.evaluate((c) => window.__demo.confirmMfa(c), code);
}

export async function measureSignIns(
  name: BrowserName,
  iterations: number,
  warmup: number,
  log: (...m: unknown[]) => void,
): Promise<BrowserSignIns> {
  const stack = await startStack();
  // Origins never enabled: Amplify's own device on one, the floor on the other.
  const ownSites = await startDemoSites({ emulatorUrl: stack.emulatorUrl });
  const floorSites = await startDemoSites({ emulatorUrl: stack.emulatorUrl });
  const browser = await (name === 'chromium' ? chromiumBench() : firefoxBench());
  const errors: string[] = [];
  const [extUser, ownUser, floorUser] = [DEMO_POOL.users[0], DEMO_POOL.users[1], DEMO_POOL.users[2]];
  if (!extUser || !ownUser || !floorUser) throw new Error('demo pool needs three users');
  const expectRemembered = (side: string, i: number, s: DemoState) => {
    if (s.mfaAsked !== 'no' || s.status !== 'signed-in')
      errors.push(`${side} sign-in ${i}: ${s.status} mfa=${s.mfaAsked} ${s.error}`);
    return s.lastSignInMs ?? Number.NaN;
  };
  const expectFirst = (side: string, i: number, s: DemoState) => {
    if (s.mfaAsked !== 'yes' || s.status !== 'signed-in')
      errors.push(`${side} first sign-in ${i}: ${s.status} mfa=${s.mfaAsked} ${s.error}`);
    return s.lastSignInMs ?? Number.NaN;
  };
  try {
    await browser.enableSite(new URL(stack.amplifyUrl).origin);
    const ext = await browser.open(stack.amplifyUrl);
    // The cold, typed and clicked sign-ins in tabs of their own on the same origin (same user, same device):
    // each measured tab signs in once a round, as the own-device and floor tabs do, so no tab carries
    // three times the others' garbage into its SRP (its collector's threads take the second core).
    const extCold = await browser.open(stack.amplifyUrl);
    const extTyped = await browser.open(stack.amplifyUrl);
    const extClicked = await browser.open(stack.amplifyUrl);
    const own = await browser.open(ownSites.amplifyUrl);
    const floor = await browser.open(floorSites.amplifyUrl);
    await floor.addScript(await floorPageScript());
    for (const page of [ext, extCold, extTyped, extClicked, floor])
      await page.addScript(await fetchTimingsScript());
    log(`${name}: enrolling the three devices (first sign-ins with TOTP)…`);
    for (const [page, user] of [
      [ext, extUser],
      [own, ownUser],
      [floor, floorUser],
    ] as const) {
      expectFirst('enrollment', 0, await firstSignIn(page, user, stack));
    }

    // Each round: a cold sign-in (the background stopped first; the page and its relay stay), then,
    // once the woken worker has had time to build its SRP tables as a warm one has, the warm one,
    // Amplify's own and the floor, each going first in turn, so machine noise falls on all alike.
    const warm: number[] = [];
    const amplifyOwn: number[] = [];
    const floorMs: number[] = [];
    const cold: number[] = [];
    const coldTyped: number[] = [];
    const coldClicked: number[] = [];
    const phases: Record<string, number[]> = {};
    const warmPhases: Record<string, number[]> = {};
    const typedPhases: Record<string, number[]> = {};
    const clickedPhases: Record<string, number[]> = {};
    const pagePhases = {
      extensionWarm: {},
      extensionCold: {},
      extensionTyped: {},
      extensionClicked: {},
      floor: {},
    } as Record<PageSide, Record<string, number[]>>;
    for (let i = 0; i < warmup + iterations; i++) {
      const row: Record<string, number> = {};
      await signOut(extCold);
      await browser.stopBackground(extCold);
      const { state, endedAt } = await timedSignIn(extCold, extUser);
      const coldMs = expectRemembered('cold', i, state);
      row.cold = Math.round(coldMs);
      const woken = await browser.backgroundMarks?.();
      const coldFetches = await takeFetchTimings(extCold);
      if (i >= warmup) {
        addFetchPhases(pagePhases.extensionCold, coldFetches, endedAt - coldMs);
        cold.push(coldMs);
        if (woken) addPhases(phases, woken, endedAt - coldMs, true);
      }
      // The same as a person does it: typed (the focus on the password field wakes the background)
      // and clicked (a form the browser filled; the click wakes it). Each tab is loaded afresh first,
      // as a person opens the sign-in page: its relay has sent no wake yet (it sends one per 20 s,
      // and the last round's is more recent than that). It then signs in once untimed, so that its
      // SRP code is compiled as the warm tab's is (a page's first SRP alone took ~45 ms longer); that
      // sign-in is programmatic and sends no wake. The tab comes in front before the stop: a tab
      // event would wake the background.
      const byHand = [
        [
          'typed',
          extTyped,
          (t: BenchPage) => t.typeSignIn(extUser),
          coldTyped,
          typedPhases,
          'extensionTyped',
        ],
        [
          'clicked',
          extClicked,
          (t: BenchPage) => t.clickSignIn(extUser),
          coldClicked,
          clickedPhases,
          'extensionClicked',
        ],
      ] as const;
      for (const [label, tab, act, into, marksInto, side] of byHand) {
        await signOut(tab);
        await tab.reload();
        await tab.addScript(await fetchTimingsScript());
        expectRemembered(`cold-${label} warm-up`, i, (await timedSignIn(tab, extUser)).state);
        await signOut(tab);
        await takeFetchTimings(tab);
        await tab.front();
        await browser.stopBackground(tab);
        const ms = expectRemembered(`cold-${label}`, i, await act(tab));
        const fetches = await takeFetchTimings(tab);
        // No page clock for the submit: the last call's end, less the sign-in's own time, is its start.
        const end = Math.max(...fetches.map(([, , at]) => at));
        row[`cold-${label}`] = Math.round(ms);
        const marks = await browser.backgroundMarks?.();
        if (i < warmup) continue;
        addFetchPhases(pagePhases[side], fetches, end - ms);
        into.push(ms);
        // From the submit, as the page's calls above (a negative time: the worker woke before it).
        if (marks) addPhases(marksInto, marks, end - ms, true);
      }
      await new Promise((r) => setTimeout(r, TABLE_BUILD_DELAY_MS + 100));
      const sides = [
        ['extension', ext, extUser, warm],
        ['amplify-own-device', own, ownUser, amplifyOwn],
        ['floor', floor, floorUser, floorMs],
      ] as const;
      for (let j = 0; j < sides.length; j++) {
        const side = sides[(i + j) % sides.length];
        if (!side) continue;
        const [label, page, user, into] = side;
        await signOut(page);
        if (label === 'extension') await browser.backgroundMarks?.(); // the warm sign-in's marks only
        const { state, endedAt } = await timedSignIn(page, user);
        const ms = expectRemembered(label, i, state);
        if (i >= warmup) into.push(ms);
        const marks = label === 'extension' && i >= warmup ? await browser.backgroundMarks?.() : undefined;
        if (marks) addPhases(warmPhases, marks, endedAt - ms, false);
        if (label !== 'amplify-own-device') {
          const fetches = await takeFetchTimings(page);
          if (i >= warmup)
            addFetchPhases(pagePhases[label === 'floor' ? 'floor' : 'extensionWarm'], fetches, endedAt - ms);
        }
        row[label] = Math.round(ms);
      }
      log(`${name} remembered ${i + 1}/${warmup + iterations}: ${JSON.stringify(row)}`);
    }

    // First sign-ins: the extension's device removed from the vault (it enrolls again), Amplify's
    // own forgotten (ForgetDevice and its local keys): MFA each time, then the device confirmed.
    const first: number[] = [];
    const firstOwn: number[] = [];
    for (let i = 0; i < warmup + iterations; i++) {
      for (const d of await browser.extensionDevices()) await browser.removeExtensionDevice(d.deviceKey);
      await signOut(ext);
      const a = expectFirst('extension', i, await firstSignIn(ext, extUser, stack));
      await own.evaluate(() => window.__demo.forgetDevice(), null);
      await signOut(own);
      const b = expectFirst('amplify-own-device', i, await firstSignIn(own, ownUser, stack));
      if (i >= warmup) {
        first.push(a);
        firstOwn.push(b);
      }
      log(
        `${name} first ${i + 1}/${warmup + iterations}: extension ${Math.round(a)} ms, Amplify own ${Math.round(b)} ms`,
      );
    }

    const r = {
      signInWithExtensionMs: stats(warm),
      signInAmplifyOwnDeviceMs: stats(amplifyOwn),
      signInColdWorkerMs: stats(cold),
      signInColdWorkerTypedMs: stats(coldTyped),
      signInColdWorkerClickedMs: stats(coldClicked),
      signInFloorMs: stats(floorMs),
      firstSignInMs: stats(first),
      firstSignInAmplifyOwnMs: stats(firstOwn),
    };
    const phaseStats = (p: Record<string, number[]>) =>
      Object.fromEntries(
        Object.entries(p)
          .map(([k, v]) => [k, stats(v)] as const)
          .sort((x, y) => x[1].median - y[1].median),
      );
    const coldStartPhasesMs = phaseStats(phases);
    const warmPhasesMs = phaseStats(warmPhases);
    const coldTypedPhasesMs = phaseStats(typedPhases);
    const coldClickedPhasesMs = phaseStats(clickedPhases);
    const pageFetchPhasesMs = {
      extensionWarm: phaseStats(pagePhases.extensionWarm),
      extensionCold: phaseStats(pagePhases.extensionCold),
      extensionTyped: phaseStats(pagePhases.extensionTyped),
      extensionClicked: phaseStats(pagePhases.extensionClicked),
      floor: phaseStats(pagePhases.floor),
    };
    return {
      ...r,
      ratios: {
        coldOverWarm: round(r.signInColdWorkerMs.median / r.signInWithExtensionMs.median),
        coldTypedOverWarm: round(r.signInColdWorkerTypedMs.median / r.signInWithExtensionMs.median),
        coldClickedOverWarm: round(r.signInColdWorkerClickedMs.median / r.signInWithExtensionMs.median),
        warmOverFloor: round(r.signInWithExtensionMs.median / r.signInFloorMs.median),
        firstOverAmplifyOwn: round(r.firstSignInMs.median / r.firstSignInAmplifyOwnMs.median),
      },
      pairedRatios: {
        coldOverWarm: pairedRatio(cold, warm),
        coldTypedOverWarm: pairedRatio(coldTyped, warm),
        coldClickedOverWarm: pairedRatio(coldClicked, warm),
        warmOverFloor: pairedRatio(warm, floorMs),
        firstOverAmplifyOwn: pairedRatio(first, firstOwn),
      },
      ...(Object.keys(coldStartPhasesMs).length ? { coldStartPhasesMs } : {}),
      ...(Object.keys(warmPhasesMs).length ? { warmPhasesMs } : {}),
      ...(Object.keys(coldTypedPhasesMs).length ? { coldTypedPhasesMs } : {}),
      ...(Object.keys(coldClickedPhasesMs).length ? { coldClickedPhasesMs } : {}),
      pageFetchPhasesMs,
      iterations,
      errors,
    };
  } finally {
    await browser.close();
    await floorSites.close();
    await ownSites.close();
    await stack.close();
  }
}
