// Shared by the popup component tests. They mock ONLY popup/api.ts, the module through which the
// popup reaches the background and the browser; every component, hook and string is the real one.
import type { vi } from 'vitest';
import type { ExtensionPageRequest, PageReplyOf, PageRequestOf } from '../../src/messages/index.ts';

export type Handlers = {
  [T in ExtensionPageRequest['type']]?: (req: PageRequestOf<T>) => Answer<PageReplyOf<T>>;
};
/** A fake handler answers with the real reply type; one whose reply is empty may just return. */
type Answer<R> = undefined extends R ? unknown : R | Promise<R>;

/** The mocked module's functions, typed. */
export interface ApiMock {
  ask: ReturnType<typeof vi.fn>;
  currentTab: ReturnType<typeof vi.fn>;
  requestSiteAccess: ReturnType<typeof vi.fn>;
  reloadTab: ReturnType<typeof vi.fn>;
  openOptions: ReturnType<typeof vi.fn>;
  BackgroundError: new (code: string, message: string) => Error & { code: string };
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
