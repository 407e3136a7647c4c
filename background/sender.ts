import type { Runtime } from 'webextension-polyfill';

/**
 * The one place that reads `sender`. A message comes from a content script in a tab's top frame
 * (origin as the browser reports it) or from one of this extension's own pages; anything else is
 * rejected. Nothing downstream looks at sender fields or trusts an origin named inside a message.
 */
export type SenderClass =
  | { kind: 'content-script'; origin: string; tabId: number }
  | { kind: 'extension-page'; url: string };

export function classifySender(
  sender: Runtime.MessageSender,
  self: { id: string; baseUrl: string },
): SenderClass | undefined {
  if (sender.id !== self.id || typeof sender.url !== 'string') return undefined;
  if (sender.url.startsWith(self.baseUrl)) return { kind: 'extension-page', url: sender.url };
  const tabId = sender.tab?.id;
  // Hooks run in top frames only; a frame's message would carry the frame's origin, not the tab's.
  if (typeof tabId !== 'number' || sender.frameId !== 0) return undefined;
  let origin: string;
  try {
    origin = (sender as { origin?: string }).origin ?? new URL(sender.url).origin;
  } catch {
    return undefined;
  }
  if (origin === 'null' || !/^https?:\/\//.test(origin)) return undefined;
  return { kind: 'content-script', origin, tabId };
}
