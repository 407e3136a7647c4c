import type { IncomingMessage } from 'node:http';
import type { Emulator } from '../context.ts';
import type { Json } from '../validate.ts';
import { CognitoError } from './errors.ts';

/** Control routes answer only loopback peers, even if someone binds the emulator elsewhere. */
export function isLoopback(req: IncomingMessage): boolean {
  const addr = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  return addr === '::1' || addr.startsWith('127.');
}

export function health(emu: Emulator): Json {
  return { status: 'ok', pools: emu.store.pools.size, time: new Date(emu.now()).toISOString() };
}

/** Codes sent to a user, newest last; `username` may also be the email or phone the user signs in with. */
export function outbox(emu: Emulator, query: URLSearchParams): Json[] {
  const poolId = query.get('poolId') ?? undefined;
  const username = query.get('username') ?? undefined;
  const aliases: string[] = [];
  if (poolId && username) {
    const pool = emu.store.pools.get(poolId);
    const user = pool && emu.store.findUserByLogin(pool, username);
    if (user) aliases.push(user.username);
  }
  return emu.outbox
    .list({ ...(poolId ? { poolId } : {}), ...(username ? { username } : {}), aliases })
    .map((m) => ({ ...m }));
}

/** GET /_emulator/requests?last=N&operation=Op: what clients sent, oldest first (secrets redacted). */
export function requests(emu: Emulator, query: URLSearchParams): Json[] {
  const last = query.get('last');
  const n = last === null ? undefined : Number(last);
  if (n !== undefined && (!Number.isInteger(n) || n < 0)) {
    throw new CognitoError('InvalidParameterException', `last must be a non-negative integer, got ${last}`);
  }
  const operation = query.get('operation') ?? undefined;
  return emu.requests
    .list({ ...(n === undefined ? {} : { last: n }), ...(operation ? { operation } : {}) })
    .map((r) => ({ ...r }));
}
