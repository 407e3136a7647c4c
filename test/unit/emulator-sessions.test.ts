// The emulator's session store on its own clock: sessions live exactly their validity across the
// 30-second generations they are kept in, and whole generations go once all of them expired.
import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../emulator/sessions.ts';

const fields = {
  poolId: 'us-east-1_Pool',
  clientId: 'client',
  username: 'alice',
  challenge: 'PASSWORD_VERIFIER' as const,
  state: { flow: 'USER_SRP_AUTH', loginName: 'alice' },
};

function storeAt(start = 1_000_000) {
  let now = start;
  const store = new SessionStore(() => now);
  return { store, advance: (ms: number) => (now += ms) };
}

const errorOf = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
};

describe('emulator session store', () => {
  it('finds a session in any live generation until its own validity ends, then says it expired', () => {
    const { store, advance } = storeAt();
    const first = store.create(fields, 3);
    advance(45_000); // a later generation
    const second = store.create(fields, 3);
    expect(store.get(first.id)).toBe(first);
    expect(store.get(second.id)).toBe(second);
    advance(3 * 60_000 - 45_000 + 1); // first just past its validity, second still valid
    expect(errorOf(() => store.get(first.id))).toBe('Invalid session for the user, session is expired.');
    expect(store.get(second.id)).toBe(second);
  });

  it('keeps sessions of a longer-lived app client even when a shorter one shares their generation', () => {
    const { store, advance } = storeAt();
    const short = store.create(fields, 3);
    const long = store.create(fields, 15);
    advance(10 * 60_000);
    store.create(fields, 3); // creating drops generations that expired entirely
    expect(errorOf(() => store.get(short.id))).toBe('Invalid session for the user, session is expired.');
    expect(store.get(long.id)).toBe(long);
  });

  it('forgets whole generations once every session in them expired', () => {
    const { store, advance } = storeAt();
    const old = store.create(fields, 3);
    advance(3 * 60_000 + 1);
    store.create(fields, 3);
    expect(errorOf(() => store.get(old.id))).toBe('Invalid session for the user.');
  });

  it('answers a used session with "can only be used once" while it has not expired', () => {
    const { store } = storeAt();
    const session = store.create(fields, 3);
    store.consume(session);
    expect(errorOf(() => store.get(session.id))).toBe(
      'Invalid session for the user, session can only be used once.',
    );
    expect(errorOf(() => store.get(undefined))).toBe('Invalid session for the user.');
  });
});
