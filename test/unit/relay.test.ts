// @vitest-environment happy-dom
// The relay (extension/relay.iife.ts) in a page's isolated world, with the browser's messaging and
// storage recorded: what it refuses to carry never reaches the background.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { HANDSHAKE_MARKER, LIMITS } from '../../src/messages/index.ts';
import { SCRIPTED_ORIGINS_KEY } from '../../src/origin-pattern.ts';

const sent: unknown[] = [];
const localStore = new Map<string, unknown>();
let localReads = 0;
type ChangeListener = (changes: Record<string, { newValue?: unknown }>, area: string) => void;
const changeListeners: ChangeListener[] = [];
/** storage.local as the relay sees it: a write notifies storage.onChanged, as browsers do. */
const local = {
  set(key: string, value: unknown) {
    localStore.set(key, value);
    for (const l of changeListeners) l({ [key]: { newValue: value } }, 'local');
  },
  clear() {
    for (const key of [...localStore.keys()]) {
      localStore.delete(key);
      for (const l of changeListeners) l({ [key]: {} }, 'local');
    }
  },
};
vi.mock('webextension-polyfill', () => ({
  default: {
    runtime: {
      sendMessage: async (message: unknown) => {
        sent.push(message);
        return { kind: 'response', status: 200, headers: {}, body: '{}' };
      },
    },
    storage: {
      local: {
        get: async (key: string) => {
          localReads++;
          return localStore.has(key) ? { [key]: localStore.get(key) } : {};
        },
      },
      onChanged: { addListener: (l: ChangeListener) => changeListeners.push(l) },
    },
  },
}));

let port: MessagePort;
function call(body: string, id: number): Promise<unknown> {
  return new Promise((resolve) => {
    port.onmessage = (event: MessageEvent) => {
      if (event.data?.id === id) resolve(event.data.reply);
    };
    port.postMessage({
      id,
      endpoint: 'https://cognito-idp.us-east-1.amazonaws.com/',
      operation: 'InitiateAuth',
      body,
    });
  });
}

beforeAll(async () => {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(
    'http://dev.example:4000/app',
  );
  await import('../../extension/relay.iife.ts');
  const channel = new MessageChannel();
  port = channel.port1;
  const ready = new Promise<void>((resolve) => {
    port.onmessage = (event: MessageEvent) => {
      if (event.data?.ready) resolve();
    };
  });
  window.dispatchEvent(
    new MessageEvent('message', {
      data: { [HANDSHAKE_MARKER]: 'port' },
      source: window,
      ports: [channel.port2],
    }),
  );
  await ready;
});
beforeEach(() => {
  sent.length = 0;
  local.clear();
});

describe('the relay', () => {
  it('carries a call from an enabled origin to the background', async () => {
    local.set(SCRIPTED_ORIGINS_KEY, ['http://dev.example:4000']);
    expect(await call('{}', 1)).toMatchObject({ kind: 'response' });
    expect(sent).toHaveLength(1);
  });

  it('in Firefox, on another port of an enabled host, carries nothing: the page goes on alone', async () => {
    local.set(SCRIPTED_ORIGINS_KEY, ['http://dev.example:3000']);
    expect(await call('{}', 2)).toEqual({ kind: 'passthrough' });
    expect(sent).toEqual([]);
  });

  it('with no list published yet, leaves the decision to the background', async () => {
    expect(await call('{}', 3)).toMatchObject({ kind: 'response' });
    expect(sent).toHaveLength(1);
  });

  it('reads the published list once and follows its changes, not a storage read per call', async () => {
    const before = localReads;
    local.set(SCRIPTED_ORIGINS_KEY, ['http://dev.example:3000']);
    expect(await call('{}', 5)).toEqual({ kind: 'passthrough' });
    local.set(SCRIPTED_ORIGINS_KEY, ['http://dev.example:4000']);
    expect(await call('{}', 6)).toMatchObject({ kind: 'response' });
    expect(await call('{}', 7)).toMatchObject({ kind: 'response' });
    expect(sent).toHaveLength(2);
    expect(localReads).toBe(before);
  });

  it('refuses a call larger than the background accepts before sending it', async () => {
    local.set(SCRIPTED_ORIGINS_KEY, ['http://dev.example:4000']);
    expect(await call('x'.repeat(LIMITS.cognitoBodyChars + 1), 4)).toEqual({
      kind: 'error',
      message: 'Request too large to carry',
    });
    expect(sent).toEqual([]);
  });
});

describe('the relay wakes the background when a sign-in is near', () => {
  let clock = 1_000_000;
  const wakes = () => sent.filter((m) => (m as { type?: string }).type === 'wake').length;
  /** A person focusing, then typing into, a field like this one. */
  async function use(html: string): Promise<void> {
    document.body.innerHTML = html;
    const field = document.body.firstElementChild as HTMLInputElement;
    field.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    field.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  beforeEach(() => {
    local.set(SCRIPTED_ORIGINS_KEY, ['http://dev.example:4000']);
    vi.spyOn(Date, 'now').mockImplementation(() => clock);
  });

  it('once per interval, on a password or one-time-code field only', async () => {
    await use('<input type="text" autocomplete="username">');
    expect(wakes()).toBe(0);
    await use('<input type="password">');
    expect(sent).toEqual([{ type: 'wake' }]);
    clock += LIMITS.wakeIntervalMs - 1;
    await use('<input autocomplete="one-time-code">');
    expect(wakes()).toBe(1);
    clock += 1;
    await use('<input autocomplete="one-time-code">');
    expect(wakes()).toBe(2);
    clock += LIMITS.wakeIntervalMs;
    await use('<input name="pw" autocomplete="section-a current-password">');
    expect(wakes()).toBe(3);
  });

  /** A person clicking, pressing a key in, or submitting `selector` of this page; returns the wakes sent. */
  async function act(html: string, selector: string, event: Event): Promise<number> {
    clock += LIMITS.wakeIntervalMs;
    const before = wakes();
    document.body.innerHTML = html;
    document.querySelector(selector)?.dispatchEvent(event);
    await new Promise((resolve) => setTimeout(resolve, 0));
    return wakes() - before;
  }
  const click = () => new Event('pointerdown', { bubbles: true });

  it('on a click, a key or a submit in a form with a sign-in field (a browser-filled form is not focused)', async () => {
    const filled = '<form><input name="u"><input type="password"><button>Sign in</button></form>';
    expect(await act(filled, 'button', click())).toBe(1);
    expect(await act(filled, 'form', new Event('submit', { bubbles: true }))).toBe(1);
    expect(
      await act(filled, 'input[name="u"]', new KeyboardEvent('keydown', { bubbles: true, key: 'a' })),
    ).toBe(1);
    // A page without forms: a sign-in field anywhere on it will do.
    expect(
      await act('<div><input autocomplete="one-time-code"><span>Verify</span></div>', 'span', click()),
    ).toBe(1);
  });

  it('not on a click in another form, nor on a page with no sign-in field', async () => {
    const search =
      '<form id="s"><input name="q"><button>Search</button></form><form><input type="password"></form>';
    expect(await act(search, '#s button', click())).toBe(0);
    expect(await act('<form><input name="q"><button>Search</button></form>', 'button', click())).toBe(0);
    expect(await act('<p>Hello</p>', 'p', click())).toBe(0);
  });

  it('on another port of an enabled host (Firefox), sends nothing', async () => {
    local.set(SCRIPTED_ORIGINS_KEY, ['http://dev.example:3000']);
    clock += LIMITS.wakeIntervalMs;
    await use('<input type="password">');
    expect(sent).toEqual([]);
  });

  it('at most a fixed number of times per page, however long the page keeps focusing its field', async () => {
    for (let i = 0; i < LIMITS.wakesPerPage + 5; i++) {
      clock += LIMITS.wakeIntervalMs;
      await use('<input type="password">');
    }
    // Eight of the page’s allowance were spent above (the one refused on another port counts too;
    // events that named no sign-in spent none).
    expect(wakes()).toBe(LIMITS.wakesPerPage - 8);
  });
});
