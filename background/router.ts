import * as v from 'valibot';
import browser, { type Runtime } from 'webextension-polyfill';
import {
  type CognitoCallReply,
  ExtensionPageRequest,
  InsecureContentRequest,
  type PageReply,
} from '../src/messages/index.ts';
import { handleCognitoCall } from './cognito-call/handle-cognito-call.ts';
import { forget, listLocal, listRemote, removeLocal, setRemembered } from './handlers/devices.ts';
import { toPageReply } from './handlers/errors.ts';
import { exportSettings, importSettings, previewImport, setEndpoint } from './handlers/settings.ts';
import { disableSite, enableSite, listSites, setPolicy, siteStatus } from './handlers/sites.ts';
import { deviceName, getVault, lock, refreshBadge, sessionTokens } from './platform.ts';
import { classifySender } from './sender.ts';

/**
 * Two handler tables, one per sender class: a content script can reach only the Cognito call
 * carrier; popup and options actions are unreachable from pages. Every message is parsed with a
 * strict schema (unknown keys rejected, sizes bounded) before any handler runs.
 */
const contentHandlers = {
  'cognito.call': async (
    origin: string,
    req: v.InferOutput<typeof InsecureContentRequest>,
  ): Promise<CognitoCallReply> =>
    handleCognitoCall(
      {
        origin,
        vault: await getVault(),
        tokens: sessionTokens,
        fetch: (input, init) => fetch(input, init),
        lock,
        deviceName: deviceName(),
        now: Date.now,
        onPromptPending: () => void refreshBadge(),
      },
      req,
    ),
} as const;

type PageHandlers = {
  [T in ExtensionPageRequest['type']]: (
    req: Extract<ExtensionPageRequest, { type: T }>,
    now: number,
  ) => Promise<unknown>;
};
const pageHandlers: PageHandlers = {
  'site.status': siteStatus,
  'site.enable': enableSite,
  'site.disable': disableSite,
  'site.setPolicy': setPolicy,
  'sites.list': listSites,
  'vault.list': listLocal,
  'vault.remove': removeLocal,
  'devices.list': listRemote,
  'devices.setRemembered': setRemembered,
  'devices.forget': forget,
  'activity.list': async () => (await getVault()).listActivity(),
  'site.setEndpoint': setEndpoint,
  'settings.export': exportSettings,
  'settings.preview': previewImport,
  'settings.import': importSettings,
};

export async function route(
  message: unknown,
  sender: Runtime.MessageSender,
): Promise<CognitoCallReply | PageReply<unknown>> {
  const from = classifySender(sender, { id: browser.runtime.id, baseUrl: browser.runtime.getURL('') });
  if (from?.kind === 'content-script') {
    const parsed = v.safeParse(InsecureContentRequest, message);
    if (!parsed.success) return { kind: 'error', message: 'Malformed request' };
    try {
      return await contentHandlers[parsed.output.type](from.origin, parsed.output);
    } catch (error) {
      return { kind: 'error', message: error instanceof Error ? error.message : 'Extension error' };
    }
  }
  if (from?.kind === 'extension-page') {
    const parsed = v.safeParse(ExtensionPageRequest, message);
    if (!parsed.success) {
      return { ok: false, error: { code: 'bad-request', message: v.summarize(parsed.issues) } };
    }
    const req = parsed.output;
    const handler = pageHandlers[req.type] as (r: typeof req, now: number) => Promise<unknown>;
    return toPageReply(handler(req, Date.now()));
  }
  return { ok: false, error: { code: 'forbidden', message: 'Unknown sender' } };
}
