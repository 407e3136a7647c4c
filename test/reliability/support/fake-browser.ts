// The subset of the WebExtension API the background uses, in memory, so router.ts route() runs in
// Node exactly as the service worker runs it. storage.session lives here (it survives a worker
// restart, not a browser restart); IndexedDB is fake-indexeddb's global, which outlives module reloads.
import 'fake-indexeddb/auto';

export const EXTENSION_ID = 'reliabilityextensionid';
export const EXTENSION_BASE = `chrome-extension://${EXTENSION_ID}/`;

// On globalThis, so a worker restart (vi.resetModules, which reloads this module too) keeps the browser's state.
interface BrowserState {
  session: Map<string, unknown>;
  local: Map<string, unknown>;
  registered: Map<string, { id: string }>;
  badge: { text: string };
  released: string[];
}
const holder = globalThis as { __fakeBrowser?: BrowserState };
holder.__fakeBrowser ??= {
  session: new Map(),
  local: new Map(),
  registered: new Map(),
  badge: { text: '' },
  released: [],
};
const state = holder.__fakeBrowser;
const { session, local, registered } = state;
export const badge = state.badge;
/** Host permissions given back, in order (every origin counts as granted: contains() is always true). */
export const releasedPermissions = state.released;

function area(map: Map<string, unknown>) {
  return {
    async get(keys?: string | string[] | null) {
      const wanted = keys == null ? [...map.keys()] : Array.isArray(keys) ? keys : [keys];
      const out: Record<string, unknown> = {};
      for (const k of wanted) if (map.has(k)) out[k] = structuredClone(map.get(k));
      return out;
    },
    async set(items: Record<string, unknown>) {
      for (const [k, v] of Object.entries(items)) map.set(k, structuredClone(v));
    },
    async remove(keys: string | string[]) {
      for (const k of Array.isArray(keys) ? keys : [keys]) map.delete(k);
    },
  };
}

const noopEvent = { addListener() {}, removeListener() {}, hasListener: () => false };

export const fakeBrowser = {
  runtime: {
    id: EXTENSION_ID,
    getURL: (path: string) => EXTENSION_BASE + path.replace(/^\//, ''),
    onMessage: noopEvent,
    onInstalled: noopEvent,
    onStartup: noopEvent,
  },
  storage: { session: area(session), local: area(local), managed: area(new Map()), onChanged: noopEvent },
  i18n: { getMessage: (name: string) => name },
  action: {
    async setBadgeText({ text }: { text: string }) {
      badge.text = text;
    },
    async setBadgeBackgroundColor() {},
    async setIcon() {},
    async setTitle() {},
  },
  permissions: {
    async contains() {
      return true;
    },
    async remove({ origins }: { origins?: string[] }) {
      releasedPermissions.push(...(origins ?? []));
      return true;
    },
    onAdded: noopEvent,
    onRemoved: noopEvent,
  },
  tabs: {
    onUpdated: noopEvent,
    onActivated: noopEvent,
    async query() {
      return [];
    },
  },
  scripting: {
    async executeScript() {
      return [];
    },
    async registerContentScripts(scripts: { id: string }[]) {
      for (const s of scripts) registered.set(s.id, { id: s.id });
    },
    async getRegisteredContentScripts(filter?: { ids?: string[] }) {
      return [...registered.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id));
    },
    async unregisterContentScripts({ ids }: { ids: string[] }) {
      for (const id of ids) registered.delete(id);
    },
  },
};

/** A browser restart: storage.session is memory only and is gone. */
export function clearSessionStorage(): void {
  session.clear();
}

/** How the browser describes a message from the relay in a tab's top frame, and from the popup. */
export function contentSender(origin: string, tabId = 1) {
  return { id: EXTENSION_ID, url: `${origin}/app`, origin, tab: { id: tabId }, frameId: 0 };
}
export const popupSender = { id: EXTENSION_ID, url: `${EXTENSION_BASE}popup.html` };
