// Shared by the popup component tests. They mock ONLY popup/api.ts, the module through which the
// popup reaches the background and the browser; every component, hook and string is the real one.
import { cleanup } from '@testing-library/preact';
import { afterEach, beforeEach, vi } from 'vitest';
import type {
  ExtensionPageRequest,
  PageErrorCode,
  PageReplyOf,
  PageRequestOf,
} from '../../src/messages/index.ts';

export type Handlers = {
  [T in ExtensionPageRequest['type']]?: (req: PageRequestOf<T>) => Answer<PageReplyOf<T>>;
};
/** A fake handler answers with the real reply type; one whose reply is empty may just return. */
type Answer<R> = undefined extends R ? unknown : R | Promise<R>;

/**
 * The stand-in for popup/api.ts. Each component test file starts with
 * `vi.mock('../../popup/api.ts', () => import('../support/popup-mock.ts').then((m) => m.apiModule()));`
 * (vi.mock registers per file, so that one line stays in each) and then `const api = await mockedApi();`.
 */
export function apiModule() {
  class BackgroundError extends Error {
    constructor(
      readonly code: PageErrorCode,
      message: string,
    ) {
      super(message);
    }
  }
  return {
    BackgroundError,
    ask: vi.fn(),
    currentTab: vi.fn(),
    requestSiteAccess: vi.fn(),
    reloadTab: vi.fn(),
    openOptions: vi.fn(),
  };
}

/** The mocked module's functions, typed. */
export type ApiMock = ReturnType<typeof apiModule>;

/** popup/api.ts as the test file's vi.mock replaced it. */
export async function mockedApi(): Promise<ApiMock> {
  return (await import('../../popup/api.ts')) as unknown as ApiMock;
}

/** Answers `ask` from a table, like the background's router; an unknown type is a test bug. */
export function answerWith(api: ApiMock, handlers: Handlers): void {
  api.ask.mockImplementation(async (req: ExtensionPageRequest) => {
    const h = handlers[req.type] as ((r: ExtensionPageRequest) => unknown) | undefined;
    if (!h) throw new Error(`unexpected request ${req.type}`);
    return h(req);
  });
}

/** A promise that never settles: a background that has not answered yet. */
export const never = () => new Promise<never>(() => {});

/** Before each test: every mock reset, the popup opened on `tab` (no tab by default), no hash; after it: unmounted. */
export function freshPopupEachTest(api: ApiMock, tab: { origin?: string; tabId?: number } = {}): void {
  beforeEach(() => {
    vi.resetAllMocks();
    api.currentTab.mockResolvedValue(tab);
    location.hash = '';
  });
  afterEach(cleanup);
}
