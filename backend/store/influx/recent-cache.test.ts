import { describe, expect, it } from 'vitest';
import type { Report } from '#contracts';
import { RecentCache } from './recent-cache.js';
import { storedReport } from '#test-helpers/stored-report';

function report(id: string, occurredAt: number): Report {
  return storedReport({ id, occurredAt });
}

const ids = (reports: Report[] | null) => reports?.map((r) => r.id) ?? null;
const full = (reports: Report[]) => ({ reports, complete: true });

describe('the recent-reports cache', () => {
  it('answers from one read, then keeps current from appends, old ones in their place', async () => {
    const cache = new RecentCache();
    expect(cache.get(2)).toBeNull();
    await cache.filling(2, async () => full([report('b', 20), report('a', 10)]));
    cache.add([report('c', 30), report('old', 5)]);
    expect(ids(cache.get(2))).toEqual(['c', 'b']);
    expect(cache.get(3)).toBeNull(); // more than it holds: the store is asked
  });

  it('keeps what was appended while its read ran, once', async () => {
    const cache = new RecentCache();
    await cache.filling(3, async () => {
      cache.add([report('during', 40)]);
      return full([report('during', 40), report('b', 20), report('a', 10)]);
    });
    expect(ids(cache.get(3))).toEqual(['during', 'b', 'a']);
  });

  it('fills from concurrent reads without losing what was appended meanwhile', async () => {
    const cache = new RecentCache();
    let release: () => void = () => {};
    const slow = cache.filling(2, async () => {
      await new Promise<void>((r) => (release = r));
      return full([report('b', 20), report('a', 10)]);
    });
    await cache.filling(2, async () => full([report('b', 20), report('a', 10)]));
    cache.add([report('c', 30)]);
    release();
    await slow;
    expect(ids(cache.get(2))).toEqual(['c', 'b']);
  });

  it('does not keep a read that came back short (a young store)', async () => {
    const cache = new RecentCache();
    await cache.filling(3, async () => full([report('a', 10)]));
    expect(cache.get(1)).toBeNull();
  });

  it('does not keep what only the spool could show while InfluxDB was down', async () => {
    const cache = new RecentCache();
    const shown = await cache.filling(2, async () => ({
      reports: [report('b', 20), report('a', 10)],
      complete: false,
    }));
    expect(ids(shown)).toEqual(['b', 'a']);
    expect(cache.get(1)).toBeNull();
  });
});
