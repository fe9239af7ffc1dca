import { describe, expect, it } from 'vitest';
import type { IngestResult } from '#contracts';
import { silentLogger } from '../../backend/platform/logger.js';
import { IngestRejected, type ReportDraft } from '#contracts';
import { Open311Intake, type Submission } from './intake.js';
import { Open311Ledger } from './ledger.js';

const NOW = Date.parse('2026-11-22T09:30:00+08:00');
const submission: Submission = {
  serviceCode: 'livelihood',
  regionCode: '611025101202001',
  description: '自来水停了两天，请联系13812345678',
  address: '回龙镇枣园村一组',
  lat: 33.42,
  long: 109.15,
  mediaUrl: null,
  deviceId: 'd-1',
  accountId: null,
  channel: 'open311',
  triage: null,
  reporterName: '王小明',
  phone: '13812345678',
};

/** Ingest that remembers what it was given and answers like the store (one id per externalId). */
function fakeIngest(fail?: Error) {
  const stored = new Map<string, string>();
  const seen: ReportDraft[] = [];
  return {
    seen,
    stored,
    ingest: (drafts: readonly ReportDraft[]): Promise<IngestResult> => {
      if (fail) return Promise.reject(fail);
      seen.push(...drafts);
      const ids = drafts.map((d) => {
        const id = stored.get(d.externalId) ?? `report-${stored.size + 1}`;
        stored.set(d.externalId, id);
        return id;
      });
      return Promise.resolve({ accepted: drafts.length, duplicates: 0, ids });
    },
  };
}

describe('intake', () => {
  it('ingests an app report under the request number and keeps the mapping', async () => {
    const ledger = new Open311Ledger(undefined);
    const ingest = fakeIngest();
    const intake = new Open311Intake({ ingest, ledger, clock: () => NOW, log: silentLogger });
    const { id } = await intake.submit(submission);
    expect(id).toBe('2611220001');
    expect(ingest.seen[0]).toEqual({
      source: 'app',
      externalId: id,
      occurredAt: '2026-11-22T09:30:00+08:00',
      regionCode: '611025101202001',
      category: 'livelihood',
      // Masked before the ledger keeps the draft; the caller's own number goes as a field.
      text: '自来水停了两天，请联系138******78',
      reporter: { name: '王小明', phone: '13812345678' },
      location: { lat: 33.42, lng: 109.15, address: '回龙镇枣园村一组' },
    });
    const row = ledger.get(id);
    expect(row?.reportId).toBe('report-1');
    expect(row?.description).toBe('自来水停了两天，请联系138******78');
  });

  it('gives the number back when ingest refuses: nothing kept', async () => {
    const ledger = new Open311Ledger(undefined);
    const refusal = new IngestRejected([{ path: 'regionCode', message: 'unknown region code' }]);
    const intake = new Open311Intake({
      ingest: fakeIngest(refusal),
      ledger,
      clock: () => NOW,
      log: silentLogger,
    });
    await expect(intake.submit(submission)).rejects.toBe(refusal);
    expect(ledger.count()).toBe(0);
  });

  it('re-ingests a number left unconfirmed; the store does not double a stored report', async () => {
    const ledger = new Open311Ledger(undefined);
    const ingest = fakeIngest();
    // A process that stopped between reserve and confirm, after the store took the report.
    const id = ledger.reserve({ ...submission, requestedAt: NOW }, (n) => ({
      source: 'app',
      externalId: n,
      occurredAt: '2026-11-22T09:30:00+08:00',
      regionCode: '611025101202',
      text: 'x',
    }));
    ingest.stored.set(id, 'report-earlier');
    const intake = new Open311Intake({ ingest, ledger, clock: () => NOW, log: silentLogger });
    expect(await intake.recover()).toBe(1);
    expect(ledger.get(id)?.reportId).toBe('report-earlier');
    expect(ledger.pending()).toEqual([]);
  });
});
