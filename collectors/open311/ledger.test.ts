import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReportDraft } from '#contracts';
import { Open311Ledger, type NewRequest } from './ledger.js';

const at = (iso: string) => Date.parse(iso);
const request = (requestedAt: number): NewRequest => ({
  serviceCode: 'infrastructure',
  regionCode: '611025101202',
  requestedAt,
  description: '村口的路塌了一半',
  address: null,
  lat: null,
  long: null,
  mediaUrl: null,
  deviceId: null,
  accountId: null,
  channel: 'open311',
  triage: null,
});
const draft =
  (phone?: string) =>
  (id: string): ReportDraft => ({
    source: 'app',
    externalId: id,
    occurredAt: '2026-11-22T09:30:00+08:00',
    regionCode: '611025101202',
    text: '村口的路塌了一半',
    reporter: { name: '王小明', ...(phone ? { phone } : {}) },
  });

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the Open311 ledger', () => {
  it('numbers requests YYMMDD + a daily sequence, by the county’s calendar day', () => {
    const ledger = new Open311Ledger(undefined);
    expect(ledger.reserve(request(at('2026-11-22T09:30:00+08:00')), draft())).toBe('2611220001');
    expect(ledger.reserve(request(at('2026-11-22T23:59:00+08:00')), draft())).toBe('2611220002');
    // 16:30 UTC is already the next day in Zhen'an.
    expect(ledger.reserve(request(at('2026-11-22T16:30:00Z')), draft())).toBe('2611230001');
    ledger.close();
  });

  it('shows a request only once its report is confirmed; a released number is gone', () => {
    const ledger = new Open311Ledger(undefined);
    const now = at('2026-11-22T09:30:00+08:00');
    const id = ledger.reserve(request(now), draft());
    expect(ledger.get(id)).toBeUndefined();
    expect(ledger.list({ from: 0, to: now + 1, limit: 10 })).toEqual([]);
    ledger.confirm(id, 'report-1');
    expect(ledger.get(id)).toMatchObject({ id, reportId: 'report-1', regionCode: '611025101202' });
    expect(ledger.many([id, 'nope']).map((r) => r.id)).toEqual([id]);

    const refused = ledger.reserve(request(now), draft());
    ledger.release(refused);
    expect(ledger.count()).toBe(1);
    ledger.close();
  });

  it('lists by time and service code, newest first', () => {
    const ledger = new Open311Ledger(undefined);
    const t0 = at('2026-11-22T09:00:00+08:00');
    const ids = [0, 1, 2].map((i) => {
      const id = ledger.reserve(
        { ...request(t0 + i * 60_000), serviceCode: i === 1 ? 'dispute' : 'infrastructure' },
        draft(),
      );
      ledger.confirm(id, `r${i}`);
      return id;
    });
    expect(ledger.list({ from: t0, to: t0 + 180_000, limit: 10 }).map((r) => r.id)).toEqual(
      [...ids].reverse(),
    );
    expect(
      ledger.list({ from: t0, to: t0 + 180_000, serviceCodes: ['dispute'], limit: 10 }),
    ).toHaveLength(1);
    expect(ledger.list({ from: t0 + 60_000, to: t0 + 120_000, limit: 10 })).toHaveLength(1);
    expect(ledger.list({ from: t0, to: t0 + 180_000, limit: 2 })).toHaveLength(2);
    ledger.close();
  });

  it('keeps unconfirmed drafts on disk, without the phone number, across a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'open311-ledger-'));
    dirs.push(dir);
    const first = new Open311Ledger(dir);
    const id = first.reserve(request(at('2026-11-22T09:30:00+08:00')), draft('13812345678'));
    first.close();

    const second = new Open311Ledger(dir);
    const [pending] = second.pending();
    expect(pending?.id).toBe(id);
    expect(pending?.draft.externalId).toBe(id);
    expect(pending?.draft.reporter).toEqual({ name: '王小明' });
    expect(JSON.stringify(second.pending())).not.toContain('13812345678');
    // The next number does not reuse the unconfirmed one.
    expect(second.reserve(request(at('2026-11-22T10:00:00+08:00')), draft())).toBe('2611220002');
    second.close();
  });
});
