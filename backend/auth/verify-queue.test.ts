import { describe, expect, it } from 'vitest';
import { BUSY, VerifyQueue } from './verify-queue.js';

function deferred() {
  let resolve!: (v: string) => void;
  const promise = new Promise<string>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the password check queue', () => {
  it('runs at most `concurrency` checks, high priority first', async () => {
    const queue = new VerifyQueue({
      concurrency: 1,
      maxQueued: 10,
      maxWaitMs: 5_000,
      restRatio: 0,
    });
    const order: string[] = [];
    const first = deferred();
    const running = queue.run('low', () => first.promise);
    const task = (name: string) => () => {
      order.push(name);
      return Promise.resolve(name);
    };
    const low = queue.run('low', task('low'));
    const high = queue.run('high', task('high'));
    expect(queue.running).toBe(1);
    expect(queue.queued).toBe(2);
    first.resolve('first');
    expect(await Promise.all([running, low, high])).toEqual(['first', 'low', 'high']);
    expect(order).toEqual(['high', 'low']);
  });

  it('answers BUSY when full, and a high-priority arrival pushes out the newest low one', async () => {
    const queue = new VerifyQueue({ concurrency: 1, maxQueued: 2, maxWaitMs: 5_000, restRatio: 0 });
    const gate = deferred();
    const running = queue.run('low', () => gate.promise);
    const lowA = queue.run('low', () => Promise.resolve('a'));
    const lowB = queue.run('low', () => Promise.resolve('b'));
    expect(await queue.run('low', () => Promise.resolve('c'))).toBe(BUSY);
    const high = queue.run('high', () => Promise.resolve('h'));
    expect(await lowB).toBe(BUSY);
    gate.resolve('g');
    expect(await Promise.all([running, high, lowA])).toEqual(['g', 'h', 'a']);
  });

  it('gives up a check that waited too long', async () => {
    const queue = new VerifyQueue({ concurrency: 1, maxQueued: 5, maxWaitMs: 20, restRatio: 0 });
    const gate = deferred();
    const running = queue.run('high', () => gate.promise);
    expect(await queue.run('high', () => Promise.resolve('late'))).toBe(BUSY);
    expect(queue.queued).toBe(0);
    gate.resolve('done');
    expect(await running).toBe('done');
  });

  it('lets a waiting check go when its client hangs up, and its place to the next', async () => {
    const queue = new VerifyQueue({ concurrency: 1, maxQueued: 1, maxWaitMs: 5_000, restRatio: 0 });
    const gate = deferred();
    const running = queue.run('high', () => gate.promise);
    const hangUp = new AbortController();
    const gone = queue.run('high', () => Promise.resolve('never'), hangUp.signal);
    hangUp.abort();
    expect(await gone).toBe(BUSY);
    expect(queue.queued).toBe(0);
    const next = queue.run('high', () => Promise.resolve('next'));
    gate.resolve('done');
    expect(await Promise.all([running, next])).toEqual(['done', 'next']);
  });

  it('under a backlog, rests a slot as long as its last check took', async () => {
    const queue = new VerifyQueue({ concurrency: 1, maxQueued: 5, maxWaitMs: 5_000, restRatio: 1 });
    const check = () => new Promise<number>((r) => setTimeout(() => r(performance.now()), 40));
    const started = performance.now();
    const [first, second] = await Promise.all([queue.run('high', check), queue.run('high', check)]);
    expect((first as number) - started).toBeLessThan(80);
    // 40 ms check, 40 ms rest, 40 ms check.
    expect((second as number) - started).toBeGreaterThanOrEqual(115);
    // Without a backlog the slot is free at once.
    const t = performance.now();
    await queue.run('high', () => Promise.resolve(0));
    expect(performance.now() - t).toBeLessThan(30);
  });
});
