import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storedReport } from '#test-helpers/stored-report';
import { Spool } from './spool.js';

const HOUR = 3_600_000;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openSpool(clock: { now: number }, dir = mkdtempSync(join(tmpdir(), 'spool-'))): Spool {
  dirs.push(dir);
  return new Spool(join(dir, 'influx-spool.db'), {
    maxPending: 1_000_000,
    clock: () => clock.now,
    retryAfter: () => 1,
  });
}

let counter = 0;
async function take(spool: Spool, n: number, occurredAt: number): Promise<void> {
  const reports = Array.from({ length: n }, () => {
    counter += 1;
    return storedReport({ id: `r${counter}`, externalId: `e${counter}`, occurredAt });
  });
  spool.flush();
  const done = spool.append(reports);
  spool.flush();
  await done;
}

const seqs = (spool: Spool) =>
  spool.db.prepare(`SELECT seq FROM spool ORDER BY seq`).pluck().all() as number[];

describe('the spool keeps a shipped tail for reads while InfluxDB is away', () => {
  it('keeps every report accepted in the last 25 h, and says from when it holds them all', async () => {
    const clock = { now: Date.parse('2026-11-22T00:00:00Z') };
    const spool = openSpool(clock);
    expect(spool.prunedUntilAt).toBe(Number.NEGATIVE_INFINITY);
    await take(spool, 1500, clock.now - 2 * HOUR); // accepted 30 h ago
    clock.now += 30 * HOUR;
    await take(spool, 1500, clock.now - HOUR); // accepted now
    spool.markShipped(3000, null);
    // The old batch goes (beyond the newest 1,000 and older than 25 h); the recent one stays.
    expect(seqs(spool)).toHaveLength(1500);
    expect(seqs(spool)[0]).toBe(1501);
    // Reports dated after the last one pruned are all here.
    expect(spool.prunedUntilAt).toBe(clock.now - 32 * HOUR);
    spool.close();
  });

  it('keeps at least the newest 1,000 shipped, however old', async () => {
    const clock = { now: Date.parse('2026-11-22T00:00:00Z') };
    const spool = openSpool(clock);
    await take(spool, 1200, clock.now);
    clock.now += 48 * HOUR;
    spool.markShipped(1200, null);
    expect(seqs(spool)).toHaveLength(1000);
    spool.close();
  });

  it('remembers across a restart from when it holds every report', async () => {
    const clock = { now: Date.parse('2026-11-22T00:00:00Z') };
    const dir = mkdtempSync(join(tmpdir(), 'spool-'));
    const first = openSpool(clock, dir);
    await take(first, 1100, clock.now - HOUR);
    clock.now += 26 * HOUR;
    first.markShipped(1100, null);
    const until = first.prunedUntilAt;
    expect(until).toBe(clock.now - 27 * HOUR);
    first.close();
    const again = openSpool(clock, dir);
    expect(again.prunedUntilAt).toBe(until);
    again.close();
  });
});

describe('a new spool in front of a database that holds reports', () => {
  it('numbers what it took while InfluxDB was down after them, in order', async () => {
    const clock = { now: Date.parse('2026-11-22T00:00:00Z') };
    const spool = openSpool(clock);
    await take(spool, 3, clock.now);
    expect(seqs(spool)).toEqual([1, 2, 3]);
    expect(spool.adopt(2)).toBe(true);
    expect(seqs(spool)).toEqual([3, 4, 5]);
    expect(spool.shipped).toBe(2);
    expect(spool.pending).toBe(3);
    expect(spool.next(10, 1e9).map((r) => r.seq)).toEqual([3, 4, 5]);
    // It vouches only for reports dated from now on (it never held the database's).
    expect(spool.prunedUntilAt).toBeGreaterThan(clock.now);
    await take(spool, 1, clock.now);
    expect(seqs(spool)).toEqual([3, 4, 5, 6]);
    // Once it has shipped, never again.
    spool.markShipped(6, null);
    expect(spool.adopt(100)).toBe(false);
    spool.close();
  });
});
