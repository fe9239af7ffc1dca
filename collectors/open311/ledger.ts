import type Database from 'better-sqlite3';
import { openDurableDb } from '../../backend/platform/durable-db.js';
import type { Category } from '#contracts';
import type { ReportDraft } from '#contracts';
import { dayCst } from './time.js';

/** Where a request came in: a standard Open311 client, or the village QR page. */
export type Channel = 'open311' | 'village-page';

/**
 * How a request found its region: the client named it, its address did, or only its coordinates
 * did (the nearest known village, or the county for the dispatcher). Coordinates of a request
 * placed by the first two teach where villages are; of one placed by coordinates, never.
 */
export type PlacedBy = 'region_code' | 'address' | 'coordinates' | 'page';

/** What the ledger keeps of a request; the description is already phone-masked. */
export interface RequestRow {
  id: string;
  reportId: string | null;
  serviceCode: Category;
  regionCode: string;
  requestedAt: number;
  description: string;
  address: string | null;
  lat: number | null;
  long: number | null;
  mediaUrl: string | null;
  deviceId: string | null;
  accountId: string | null;
  channel: Channel;
  triage: string | null;
  /** Null on requests stored before it was kept (none of those was placed by coordinates). */
  placedBy?: PlacedBy | null;
}

export type NewRequest = Omit<RequestRow, 'id' | 'reportId'>;

export interface ListFilter {
  from: number;
  to: number;
  serviceCodes?: readonly string[];
  limit: number;
}

interface Row {
  id: string;
  report_id: string | null;
  pending_draft: string | null;
  service_code: string;
  region_code: string;
  requested_at: number;
  description: string;
  address: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
  device_id: string | null;
  account_id: string | null;
  channel: string;
  triage: string | null;
  placed_by: string | null;
}

/** Schema steps, run once each by the migration runner; never edit a shipped step. */
const MIGRATIONS = [
  `
CREATE TABLE IF NOT EXISTS requests (
  id TEXT PRIMARY KEY,
  day TEXT NOT NULL,
  seq INTEGER NOT NULL,
  report_id TEXT UNIQUE,
  pending_draft TEXT,
  service_code TEXT NOT NULL,
  region_code TEXT NOT NULL,
  requested_at INTEGER NOT NULL,
  description TEXT NOT NULL,
  address TEXT,
  lat REAL,
  long REAL,
  media_url TEXT,
  device_id TEXT,
  account_id TEXT,
  channel TEXT NOT NULL,
  triage TEXT,
  UNIQUE (day, seq)
);
CREATE INDEX IF NOT EXISTS requests_time ON requests (requested_at);`,
  `ALTER TABLE requests ADD COLUMN placed_by TEXT;`,
];

const fromRow = (r: Row): RequestRow => ({
  id: r.id,
  reportId: r.report_id,
  serviceCode: r.service_code as Category,
  regionCode: r.region_code,
  requestedAt: r.requested_at,
  description: r.description,
  address: r.address,
  lat: r.lat,
  long: r.long,
  mediaUrl: r.media_url,
  deviceId: r.device_id,
  accountId: r.account_id,
  channel: r.channel as Channel,
  triage: r.triage,
  placedBy: r.placed_by as PlacedBy | null,
});

/**
 * open311.db: service_request_id ↔ report id, with what an Open311 client reads back. A number is
 * reserved (with the draft) before the report is ingested and confirmed after, so a crash in
 * between neither loses the report nor hands the same number out twice: the next start re-ingests
 * the draft, and the store answers with the report it already has if it got that far.
 * WAL with `synchronous=FULL`; in memory without a data dir.
 */
export class Open311Ledger {
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(dataDir: string | undefined) {
    this.db = openDurableDb(dataDir, 'open311.db', MIGRATIONS);
    this.stmts = {
      nextSeq: this.db
        .prepare('SELECT coalesce(max(seq), 0) + 1 FROM requests WHERE day = ?')
        .pluck(),
      insert: this.db.prepare(
        `INSERT INTO requests (id, day, seq, pending_draft, service_code, region_code,
           requested_at, description, address, lat, long, media_url, device_id, account_id,
           channel, triage, placed_by)
         VALUES (@id, @day, @seq, @draft, @serviceCode, @regionCode, @requestedAt, @description,
           @address, @lat, @long, @mediaUrl, @deviceId, @accountId, @channel, @triage,
           @placedBy)`,
      ),
      confirm: this.db.prepare(
        'UPDATE requests SET report_id = ?, pending_draft = NULL WHERE id = ?',
      ),
      release: this.db.prepare('DELETE FROM requests WHERE id = ? AND report_id IS NULL'),
      get: this.db.prepare('SELECT * FROM requests WHERE id = ? AND report_id IS NOT NULL'),
      pending: this.db.prepare('SELECT * FROM requests WHERE report_id IS NULL ORDER BY id'),
      count: this.db.prepare('SELECT count(*) FROM requests').pluck(),
      located: this.db.prepare(
        `SELECT region_code, lat, long FROM requests
         WHERE report_id IS NOT NULL AND lat IS NOT NULL AND long IS NOT NULL
           AND triage IS NULL AND (placed_by IS NULL OR placed_by != 'coordinates')
         ORDER BY requested_at DESC LIMIT ?`,
      ),
    };
  }

  /**
   * A new number for the county's day of `requestedAt`: YYMMDD and a 4-digit sequence
   * (2611220042), short enough to read over the phone. The draft is kept (without the phone
   * number) until `confirm`.
   */
  reserve(request: NewRequest, draft: (id: string) => ReportDraft): string {
    return this.db.transaction(() => {
      const day = dayCst(request.requestedAt);
      const seq = this.stmts.nextSeq.get(day) as number;
      const id = `${day}${String(seq).padStart(4, '0')}`;
      const { reporter, ...rest } = draft(id);
      const kept: ReportDraft = reporter?.name
        ? { ...rest, reporter: { name: reporter.name } }
        : rest;
      this.stmts.insert.run({
        ...request,
        placedBy: request.placedBy ?? null,
        id,
        day,
        seq,
        draft: JSON.stringify(kept),
      });
      return id;
    })();
  }

  confirm(id: string, reportId: string): void {
    this.stmts.confirm.run(reportId, id);
  }

  /** Give a reserved number back: its report was refused, nothing was stored. */
  release(id: string): void {
    this.stmts.release.run(id);
  }

  /** A stored request (not one still being ingested). */
  get(id: string): RequestRow | undefined {
    const row = this.stmts.get.get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Stored requests with these numbers, newest first. */
  many(ids: readonly string[]): RequestRow[] {
    if (ids.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT * FROM requests WHERE report_id IS NOT NULL
           AND id IN (${ids.map(() => '?').join(',')}) ORDER BY requested_at DESC, id DESC`,
      )
      .all(...ids) as Row[];
    return rows.map(fromRow);
  }

  /** Stored requests made in [from, to), newest first. */
  list(filter: ListFilter): RequestRow[] {
    const codes = filter.serviceCodes ?? [];
    const byCode = codes.length ? `AND service_code IN (${codes.map(() => '?').join(',')})` : '';
    const rows = this.db
      .prepare(
        `SELECT * FROM requests WHERE report_id IS NOT NULL
           AND requested_at >= ? AND requested_at < ? ${byCode}
         ORDER BY requested_at DESC, id DESC LIMIT ?`,
      )
      .all(filter.from, filter.to, ...codes, filter.limit) as Row[];
    return rows.map(fromRow);
  }

  /** Reserved numbers whose report was not confirmed (the process stopped in between). */
  pending(): Array<{ id: string; draft: ReportDraft }> {
    return (this.stmts.pending.all() as Row[]).map((r) => ({
      id: r.id,
      draft: JSON.parse(r.pending_draft ?? '{}') as ReportDraft,
    }));
  }

  /** Every row, pending or not (tests: "nothing stored"). */
  count(): number {
    return this.stmts.count.get() as number;
  }

  /**
   * Where residents stood when they sent a request placed by its region code or address: the
   * newest `limit`, the raw material of learned village points.
   */
  located(limit: number): Array<{ regionCode: string; lat: number; long: number }> {
    return (
      this.stmts.located.all(limit) as Array<{ region_code: string; lat: number; long: number }>
    ).map((r) => ({ regionCode: r.region_code, lat: r.lat, long: r.long }));
  }

  close(): void {
    this.db.close();
  }
}
