// The queue of bookkeeping a carried call leaves for after its reply (background/cognito-call/after-reply.ts).
import { describe, expect, it } from 'vitest';
import { afterReply, afterReplyQueue } from '../../background/cognito-call/after-reply.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the after-reply queue', () => {
  it('runs nothing before the current task ends, then each item in the order queued', async () => {
    const done: string[] = [];
    const q = afterReplyQueue(() => undefined);
    q.later(async () => {
      await tick();
      done.push('first');
    });
    q.later(async () => {
      done.push('second');
    });
    expect(done).toEqual([]);
    await q.settled();
    expect(done).toEqual(['first', 'second']);
  });

  it('reports a failed item and still runs the ones after it', async () => {
    const reported: unknown[] = [];
    const done: string[] = [];
    const q = afterReplyQueue((e) => reported.push(e));
    q.later(async () => {
      throw new Error('disk full');
    });
    q.later(async () => {
      done.push('after');
    });
    await q.settled();
    expect(reported).toEqual([new Error('disk full')]);
    expect(done).toEqual(['after']);
  });

  it('stops waiting for an item that never ends, so later work and callers are not held', async () => {
    const reported: unknown[] = [];
    const done: string[] = [];
    const q = afterReplyQueue((e) => reported.push(e), 20);
    q.later(() => new Promise<void>(() => undefined));
    q.later(async () => {
      done.push('after');
    });
    await q.settled();
    expect(String(reported[0])).toMatch(/still running after 20 ms/);
    expect(done).toEqual(['after']);
  });

  it('without a queue in the context, the work is done before afterReply returns', async () => {
    const done: string[] = [];
    await afterReply({}, async () => {
      await tick();
      done.push('now');
    });
    expect(done).toEqual(['now']);
  });
});
