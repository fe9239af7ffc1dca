import { describe, expect, it } from 'vitest';
import type { Report } from '#contracts';
import { storedReport } from '#test-helpers/stored-report';
import { RecentReports } from './snapshot.js';

const T0 = Date.parse('2026-11-22T09:30:00+08:00');
const at = (id: string, minutes: number, arrived = minutes) =>
  storedReport({ id, occurredAt: T0 + minutes * 60_000, receivedAt: T0 + arrived * 60_000 });

/** A store whose `recent` answers from `rows` (newest first), counting reads; `hold` delays one. */
function fakeStore(rows: Report[]) {
  const store = {
    reads: 0,
    rows,
    release: null as (() => void) | null,
    hold: false,
    recent(limit: number): Promise<Report[]> {
      store.reads++;
      const answer = store.rows.slice(0, limit);
      if (!store.hold) return Promise.resolve(answer);
      return new Promise((resolve) => (store.release = () => resolve(answer)));
    },
  };
  return store;
}

describe('RecentReports: one shared copy of the newest reports', () => {
  it('reads the store once per interval however many ask, concurrently or not', async () => {
    let now = 0;
    const store = fakeStore([at('b', 2), at('a', 1)]);
    const recent = new RecentReports(store, 50, 1_000, () => now);
    const answers = await Promise.all(Array.from({ length: 100 }, () => recent.get()));
    expect(store.reads).toBe(1);
    expect(answers.every((a) => a.map((r) => r.id).join() === 'b,a')).toBe(true);
    now = 999;
    await recent.get();
    expect(store.reads).toBe(1);
    now = 1_000;
    await recent.get();
    expect(store.reads).toBe(2);
  });

  it('takes published reports in store order between reads, without reading', async () => {
    const store = fakeStore([at('c', 3), at('a', 1)]);
    const recent = new RecentReports(store, 3, 60_000, () => 0);
    await recent.get();
    recent.add(at('d', 4)); // newest
    recent.add(at('b', 2)); // a late one, placed by when it happened
    recent.add(at('b', 2)); // published twice: kept once
    recent.add(at('old', 0)); // older than the third newest: falls off
    expect((await recent.get()).map((r) => r.id)).toEqual(['d', 'c', 'b']);
    expect(store.reads).toBe(1);
  });

  it('keeps what was published while a read was under way', async () => {
    let now = 0;
    const store = fakeStore([at('a', 1)]);
    const recent = new RecentReports(store, 50, 1_000, () => now);
    store.hold = true;
    const pending = recent.get();
    recent.add(at('b', 2)); // stored after the read's snapshot of the table
    store.release?.();
    expect((await pending).map((r) => r.id)).toEqual(['b', 'a']);
    now = 5_000;
    store.hold = false;
    store.rows = [at('b', 2), at('a', 1)];
    expect((await recent.get()).map((r) => r.id)).toEqual(['b', 'a']);
  });

  it('does not cache a failed read', async () => {
    let fail = true;
    const store = {
      recent: async (): Promise<Report[]> => {
        if (fail) throw new Error('store away');
        return [at('a', 1)];
      },
    };
    const recent = new RecentReports(store, 50, 1_000, () => 0);
    await expect(recent.get()).rejects.toThrow('store away');
    fail = false;
    expect((await recent.get()).map((r) => r.id)).toEqual(['a']);
  });
});
