import { describe, expect, it } from 'vitest';
import { normalizeText, repeatKey, villageOf } from './repeat-key.js';
import { RepeatIndex } from './repeats.js';
import type { RepeatCandidate } from './understanding.js';
import { REPEAT_WINDOW_MS } from './understanding.js';

const T0 = Date.parse('2026-11-20T08:00:00+08:00');
const HOUR = 3_600_000;
const VILLAGE = '611025101202';
const GROUP = '611025101202001';
const OTHER_VILLAGE = '611025101203';

let seq = 0;
function report(overrides: Partial<RepeatCandidate> = {}): RepeatCandidate {
  seq += 1;
  return {
    id: `r${seq}`,
    regionCode: VILLAGE,
    phoneHash: null,
    text: `第${seq}件事：组上路灯坏了一个多月没人修`,
    occurredAt: T0,
    ...overrides,
  };
}

/** What ingest does: look for an earlier one, then remember this one. */
function ingest(index: RepeatIndex, r: RepeatCandidate): string | null {
  const repeatOf = index.findRepeat(r);
  index.remember(r);
  return repeatOf;
}

function fixture() {
  const clock = { now: T0 };
  return { clock, index: new RepeatIndex(() => clock.now) };
}

describe('repeat keys', () => {
  it('a group belongs to its village; a town code stands for itself', () => {
    expect(villageOf(GROUP)).toBe(VILLAGE);
    expect(villageOf(VILLAGE)).toBe(VILLAGE);
    expect(villageOf('611025101')).toBe('611025101');
  });

  it('normalizes width, case, whitespace, punctuation and emoji away', () => {
    expect(normalizeText(' 停水了！！ ＡＢ c\t😡。')).toBe('停水了abc');
    const a = repeatKey({ regionCode: VILLAGE, phoneHash: null, text: '组上停水两天了，没人管！' });
    const b = repeatKey({ regionCode: GROUP, phoneHash: null, text: '组上停水两天了 没人管' });
    expect(a).toEqual(b);
  });

  it('texts under 8 characters do not link by text', () => {
    expect(repeatKey({ regionCode: VILLAGE, phoneHash: null, text: '路灯坏了！' }).text).toBeNull();
  });
});

describe('the repeat index', () => {
  it('links the same caller in the same village to the first appeal', () => {
    const { clock, index } = fixture();
    const first = report({ phoneHash: 'h1' });
    expect(ingest(index, first)).toBeNull();
    clock.now += HOUR;
    const second = report({ phoneHash: 'h1', occurredAt: clock.now, regionCode: GROUP });
    expect(ingest(index, second)).toBe(first.id);
    clock.now += HOUR;
    // The third links to the root, not to the second.
    expect(ingest(index, report({ phoneHash: 'h1', occurredAt: clock.now }))).toBe(first.id);
  });

  it('links the same text from another caller, not a different text', () => {
    const { index } = fixture();
    const text = '村口的便民桥护栏松动了，学生上下学很危险';
    const first = report({ text, phoneHash: 'h1' });
    ingest(index, first);
    expect(ingest(index, report({ text: `${text}！`, phoneHash: 'h2' }))).toBe(first.id);
    expect(ingest(index, report({ phoneHash: 'h3' }))).toBeNull();
  });

  it('does not link across villages', () => {
    const { index } = fixture();
    const text = '村口的便民桥护栏松动了，学生上下学很危险';
    ingest(index, report({ text, phoneHash: 'h1' }));
    expect(ingest(index, report({ text, phoneHash: 'h1', regionCode: OTHER_VILLAGE }))).toBeNull();
  });

  it('does not link a report to one that occurred after it', () => {
    const { index } = fixture();
    ingest(index, report({ phoneHash: 'h1', occurredAt: T0 }));
    expect(ingest(index, report({ phoneHash: 'h1', occurredAt: T0 - HOUR }))).toBeNull();
  });

  it('forgets after 7 days, by the report times and by the clock', () => {
    const { clock, index } = fixture();
    const first = report({ phoneHash: 'h1' });
    ingest(index, first);
    clock.now = T0 + REPEAT_WINDOW_MS;
    expect(index.findRepeat(report({ phoneHash: 'h1', occurredAt: clock.now }))).toBe(first.id);
    clock.now += 1;
    const late = report({ phoneHash: 'h1', occurredAt: clock.now });
    expect(ingest(index, late)).toBeNull();
    // The expired key is gone from memory; the new one is the root from now on.
    expect(index.size).toBe(2); // late's phone and text keys
    clock.now += HOUR;
    expect(ingest(index, report({ phoneHash: 'h1', occurredAt: clock.now }))).toBe(late.id);
  });

  it('keeps memory bounded: a sweep drops every key older than the window', () => {
    const { clock, index } = fixture();
    for (let i = 0; i < 1000; i++) ingest(index, report({ phoneHash: `h${i}` }));
    expect(index.size).toBe(2000);
    clock.now += REPEAT_WINDOW_MS + HOUR;
    index.sweep();
    expect(index.size).toBe(0);
  });

  it('forget removes a report that was not stored (a duplicate)', () => {
    const { index } = fixture();
    const dup = report({ phoneHash: 'h1' });
    ingest(index, dup);
    index.forget(dup.id);
    expect(index.findRepeat(report({ phoneHash: 'h1' }))).toBeNull();
    index.forget('never-seen');
  });

  it('rebuilds from stored reports, skipping those older than the window', () => {
    const { clock, index } = fixture();
    clock.now = T0 + 8 * 24 * HOUR;
    const tooOld = report({ phoneHash: 'h1', occurredAt: T0 });
    const kept = report({ phoneHash: 'h1', occurredAt: T0 + 2 * 24 * HOUR });
    index.rebuild([tooOld, kept]);
    expect(index.findRepeat(report({ phoneHash: 'h1', occurredAt: clock.now }))).toBe(kept.id);
  });
});
