/**
 * The relay: an isolated-world content script that carries a page hook's Cognito calls to the
 * background and the answers back. It adds nothing and decides nothing: the background takes the
 * page's origin from the browser, not from this script or the page.
 */
import browser from 'webextension-polyfill';
import { LIMITS } from '../src/messages/limits.ts';
import type { CognitoCallReply } from '../src/messages/page-channel.ts';
import {
  HANDSHAKE_MARKER,
  type HookCall,
  RELAY_PRESENT_MARK,
  type RelayMessage,
} from '../src/messages/page-channel.ts';
import { refusedByScriptedOrigins, SCRIPTED_ORIGINS_KEY } from '../src/origin-pattern.ts';

let port: MessagePort | undefined;

function isHookCall(value: unknown): value is HookCall {
  const v = value as Partial<HookCall> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'number' &&
    typeof v.endpoint === 'string' &&
    typeof v.operation === 'string' &&
    typeof v.body === 'string'
  );
}

function isReply(value: unknown): value is CognitoCallReply {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return kind === 'response' || kind === 'passthrough' || kind === 'error';
}

/** Larger than the background accepts: refused here, before it costs a message to the background. */
function oversized(call: HookCall): boolean {
  return (
    call.body.length > LIMITS.cognitoBodyChars ||
    call.endpoint.length > LIMITS.endpointChars ||
    call.operation.length > LIMITS.operationChars
  );
}

/**
 * In Firefox this script also runs on the other ports of an enabled host (match patterns carry no
 * port). Such a page gets nothing carried: the background's published list does not name it. The
 * list is read once, as the script starts, and followed as it changes: a read per call cost each of a
 * sign-in's calls a storage round trip.
 */
const readRefusal = async (): Promise<boolean> => {
  try {
    const stored = await browser.storage.local.get(SCRIPTED_ORIGINS_KEY);
    return refusedByScriptedOrigins(location.origin, stored[SCRIPTED_ORIGINS_KEY]);
  } catch {
    return false; // The background still checks the sender's origin itself.
  }
};
let refusal: Promise<boolean> = readRefusal();
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && SCRIPTED_ORIGINS_KEY in changes)
    refusal = Promise.resolve(
      refusedByScriptedOrigins(location.origin, changes[SCRIPTED_ORIGINS_KEY]?.newValue),
    );
});
const refusedHere = (): Promise<boolean> => refusal;

async function carry(call: HookCall): Promise<CognitoCallReply> {
  if (oversized(call)) return { kind: 'error', message: 'Request too large to carry' };
  if (await refusedHere()) return { kind: 'passthrough' };
  try {
    if (__TEST_BUILD__) performance.mark('relay:send');
    const reply: unknown = await browser.runtime.sendMessage({
      type: 'cognito.call',
      endpoint: call.endpoint,
      operation: call.operation,
      body: call.body,
      // Checked against the allow-list by the background; only an object crosses from here.
      ...(typeof call.headers === 'object' && call.headers !== null ? { headers: call.headers } : {}),
    });
    if (!isReply(reply)) return { kind: 'error', message: 'unexpected answer from the extension' };
    if (reply.kind === 'response' && reply.body.length > LIMITS.replyBodyChars)
      return { kind: 'error', message: 'Reply too large to carry' };
    return reply;
  } catch (error) {
    // The background never received the call (extension reloaded or updated): the page can go on alone.
    const message = error instanceof Error ? error.message : String(error);
    if (/receiving end does not exist|extension context invalidated/i.test(message))
      return { kind: 'passthrough' };
    return { kind: 'error', message };
  }
}

const SIGN_IN_FIELD =
  'input[type="password"], input[autocomplete~="current-password"], input[autocomplete~="one-time-code"]';
let lastWake = Number.NEGATIVE_INFINITY;
let wakesLeft: number = LIMITS.wakesPerPage;

/**
 * Whether this event says a sign-in is near: a sign-in field focused or typed into, or a click, a key
 * or a submit in a form that has one (in a page without forms, anywhere on a page that has one). The
 * second kind covers a form the browser filled with a saved password, which is submitted with no
 * focus on its fields: the click comes ~100 ms before the page's first Cognito call, which its SRP
 * computes first.
 */
function signInNear(event: Event): boolean {
  const target = event.target;
  if (!(target instanceof Element)) return false;
  if (event.type === 'focusin' || event.type === 'input') return target.matches(SIGN_IN_FIELD);
  return (target.closest('form') ?? document).querySelector(SIGN_IN_FIELD) !== null;
}

/**
 * A sign-in is near: start a stopped background now, so it is ready when the form is submitted
 * instead of starting then. Rate-limited (checked first: most events cost nothing more); the answer
 * carries nothing and is not passed on.
 */
async function wakeIfSignInNear(event: Event): Promise<void> {
  const now = Date.now();
  if (wakesLeft <= 0 || now - lastWake < LIMITS.wakeIntervalMs || !signInNear(event)) return;
  lastWake = now;
  wakesLeft--;
  if (await refusedHere()) return;
  await browser.runtime.sendMessage({ type: 'wake' }).catch(() => undefined);
}
for (const type of ['focusin', 'input', 'pointerdown', 'keydown', 'submit'])
  document.addEventListener(type, (event) => void wakeIfSignInNear(event), { capture: true, passive: true });

function adopt(next: MessagePort): void {
  port?.close();
  port = next;
  const own = next;
  own.onmessage = async (event: MessageEvent<unknown>) => {
    if (!isHookCall(event.data)) return;
    // Test builds: when the hook's call reached this script (bench:e2e reads the page's marks).
    if (__TEST_BUILD__) performance.mark('relay:in');
    const message: RelayMessage = { id: event.data.id, reply: await carry(event.data) };
    own.postMessage(message);
  };
  own.postMessage({ ready: true } satisfies RelayMessage);
}

const global = globalThis as unknown as Record<string, unknown>;
// In Firefox every enabled site of a host registers this script for all the host's pages (match
// patterns carry no port), and the copies share one isolated world: only the first one listens.
// Two relays would each adopt the hook's port and close the one the other answers on.
if (global[RELAY_PRESENT_MARK] !== true) {
  window.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== window) return;
    const data = event.data as Record<string, unknown> | null;
    const handed = event.ports[0];
    if (data?.[HANDSHAKE_MARKER] === 'port' && handed) adopt(handed);
  });
  // The isolated world's global is this extension's alone: the page cannot see or set this mark.
  global[RELAY_PRESENT_MARK] = true;
  // In case the hook ran first and its port went unheard.
  window.postMessage({ [HANDSHAKE_MARKER]: 'hello' }, '*');
}
