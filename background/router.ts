import * as v from 'valibot';
import browser, { type Runtime } from 'webextension-polyfill';
import {
  type CognitoCallReply,
  ExtensionPageRequest,
  type ExtensionPageRequestType,
  type InsecureCognitoCall,
  InsecureContentRequest,
  type PageReply,
  type PageReplyOf,
  type PageRequestOf,
  type WakeReply,
} from '../src/messages/index.ts';
import { handleCognitoCall } from './cognito-call/handle-cognito-call.ts';
import { siteDoctor } from './doctor/handler.ts';
import {
  forget,
  forgetOthers,
  listLocal,
  listRemote,
  removeLocal,
  setRemembered,
} from './handlers/devices.ts';
import { toPageReply } from './handlers/errors.ts';
import {
  exportSettings,
  importSettings,
  previewImport,
  setEndpoint,
  setTrustDays,
} from './handlers/settings.ts';
import {
  disableSite,
  enableSite,
  listSites,
  setManagesDevices,
  setPolicy,
  siteStatus,
} from './handlers/sites.ts';
import {
  bookkeeping,
  deviceName,
  getVault,
  lock,
  refreshBadge,
  refreshTabSoon,
  sessionTokens,
} from './platform.ts';
import { classifySender } from './sender.ts';
import { markedFetch, markStep } from './startup-marks.ts';

/**
 * Two handler tables, one per sender class: a content script can reach only the Cognito call
 * carrier and `wake`; popup and options actions are unreachable from pages. Every message is parsed with a
 * strict schema (unknown keys rejected, sizes bounded) before any handler runs.
 */
const contentHandlers = {
  'cognito.call': async (origin: string, req: InsecureCognitoCall): Promise<CognitoCallReply> =>
    handleCognitoCall(
      {
        origin,
        vault: await getVault(),
        tokens: sessionTokens,
        fetch: markedFetch((input, init) => fetch(input, init)),
        lock,
        deviceName: deviceName(),
        now: Date.now,
        onPromptPending: () => void refreshBadge(),
        afterReply: bookkeeping.later,
      },
      req,
    ),
  // Receiving it started the worker; opening the vault here is what the sign-in would do first anyway.
  wake: async (origin: string): Promise<WakeReply> =>
    (await (await getVault()).getSite(origin))
      ? { kind: 'awake' }
      : { kind: 'error', message: 'This site is not enabled' },
} as const;

type PageHandlers = {
  [T in ExtensionPageRequestType]: (req: PageRequestOf<T>, now: number) => Promise<PageReplyOf<T>>;
};
/** A reply to any extension-page request. */
export type AnyPageReply = PageReply<PageReplyOf<ExtensionPageRequestType>>;
const pageHandlers: PageHandlers = {
  'site.status': siteStatus,
  'site.doctor': siteDoctor,
  'site.enable': enableSite,
  'site.disable': disableSite,
  'site.setPolicy': setPolicy,
  'site.setManagesDevices': setManagesDevices,
  'sites.list': listSites,
  'vault.list': listLocal,
  'vault.remove': removeLocal,
  'devices.list': listRemote,
  'devices.setRemembered': setRemembered,
  'devices.forget': forget,
  'devices.forgetOthers': forgetOthers,
  'activity.list': async () => (await getVault()).listActivity(),
  'site.setEndpoint': setEndpoint,
  'site.setTrustDays': setTrustDays,
  'settings.export': exportSettings,
  'settings.preview': previewImport,
  'settings.import': importSettings,
};

/** Page requests that change nothing the toolbar shows. */
const READ_ONLY = new Set<ExtensionPageRequest['type']>([
  'site.status',
  'site.doctor',
  'sites.list',
  'vault.list',
  'devices.list',
  'activity.list',
  'settings.export',
]);

export async function route(
  message: unknown,
  sender: Runtime.MessageSender,
): Promise<CognitoCallReply | WakeReply | AnyPageReply> {
  const from = classifySender(sender, { id: browser.runtime.id, baseUrl: browser.runtime.getURL('') });
  // What earlier calls left for after their replies is written before anything is looked at again.
  await bookkeeping.settled();
  if (from?.kind === 'content-script') {
    const parsed = v.safeParse(InsecureContentRequest, message);
    if (!parsed.success) return { kind: 'error', message: 'Malformed request' };
    const req = parsed.output;
    // Nothing changes on a wake, so the tab's toolbar needs no refresh.
    if (req.type === 'wake') {
      markStep('page:wake:in');
      return contentHandlers.wake(from.origin).catch(() => ({ kind: 'error', message: 'Extension error' }));
    }
    markStep(`page:${req.operation}:in`);
    try {
      return await contentHandlers[req.type](from.origin, req);
    } catch (error) {
      return { kind: 'error', message: error instanceof Error ? error.message : 'Extension error' };
    } finally {
      markStep(`page:${req.operation}:out`);
      // A sign-in may have enrolled, used or broken a device: the tab's toolbar state follows.
      const tab = sender.tab;
      if (tab?.id !== undefined) refreshTabSoon(tab.id, tab.url);
    }
  }
  if (from?.kind === 'extension-page') {
    const parsed = v.safeParse(ExtensionPageRequest, message);
    if (!parsed.success) {
      return { ok: false, error: { code: 'bad-request', message: v.summarize(parsed.issues) } };
    }
    const req = parsed.output;
    const reply = await toPageReply(answer(req, Date.now()));
    // Enabling, disabling, importing, remembering or forgetting changes what tabs' toolbar buttons say.
    if (!READ_ONLY.has(req.type)) void refreshBadge().catch(() => undefined);
    return reply;
  }
  return { ok: false, error: { code: 'forbidden', message: 'Unknown sender' } };
}

/** The handler for the request's kind; the one cast: TypeScript cannot pair a union with its mapped handler. */
function answer<T extends ExtensionPageRequestType>(
  req: PageRequestOf<T>,
  now: number,
): Promise<PageReplyOf<T>> {
  const handler = pageHandlers[req.type as T] as (
    r: PageRequestOf<T>,
    now: number,
  ) => Promise<PageReplyOf<T>>;
  return handler(req, now);
}
