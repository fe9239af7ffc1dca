import { randomUUID } from 'node:crypto';
import type { Category, Silence, SilenceBody } from '#contracts';
import type { DurableDb } from '../platform/durable-db.js';

interface SilenceRow {
  id: string;
  kind: string;
  region_code: string | null;
  category: string | null;
  rule_id: string | null;
  starts_at: number;
  ends_at: number;
  comment: string;
  created_by: string;
  created_at: number;
}

function fromRow(row: SilenceRow): Silence {
  return {
    id: row.id,
    kind: row.kind as Silence['kind'],
    regionCode: row.region_code,
    category: row.category as Category | null,
    ruleId: row.rule_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    comment: row.comment,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export interface SilenceTarget {
  regionCode: string;
  category: string | null;
  ruleId: string;
}

function toMs(value: number | string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  return typeof value === 'number' ? value : Date.parse(value);
}

/** The silence's time range in epoch ms (start defaults to now). */
export function silenceWindow(
  body: SilenceBody,
  now: number,
): { startsAt: number; endsAt: number } {
  return { startsAt: toMs(body.startsAt, now), endsAt: toMs(body.endsAt, now) };
}

/** Every given matcher must match; a region matches its whole subtree. */
export function silenceMatches(s: Silence, t: SilenceTarget, now: number): boolean {
  if (now < s.startsAt || now >= s.endsAt) return false;
  if (s.regionCode !== null && !t.regionCode.startsWith(s.regionCode)) return false;
  if (s.category !== null && s.category !== t.category) return false;
  if (s.ruleId !== null && s.ruleId !== t.ruleId) return false;
  return true;
}

/**
 * 静默 and 维护窗口: while one matches a case, its notifications are recorded as silenced and
 * nothing is sent; the case, its audit and its deadlines go on as usual.
 */
export class SilenceBook {
  private readonly stmts;

  constructor(db: DurableDb) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO silences (id, kind, region_code, category, rule_id, starts_at, ends_at, comment,
           created_by, created_at)
         VALUES (@id, @kind, @region_code, @category, @rule_id, @starts_at, @ends_at, @comment,
           @created_by, @created_at)`,
      ),
      current: db.prepare(
        `SELECT * FROM silences WHERE deleted_at IS NULL AND ends_at > ? ORDER BY starts_at`,
      ),
      get: db.prepare(`SELECT * FROM silences WHERE id = ? AND deleted_at IS NULL`),
      remove: db.prepare(`UPDATE silences SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`),
    };
  }

  create(body: SilenceBody, createdBy: string, now: number): Silence {
    const row: SilenceRow = {
      id: randomUUID(),
      kind: body.kind,
      region_code: body.regionCode ?? null,
      category: body.category ?? null,
      rule_id: body.ruleId ?? null,
      starts_at: silenceWindow(body, now).startsAt,
      ends_at: silenceWindow(body, now).endsAt,
      comment: body.comment,
      created_by: createdBy,
      created_at: now,
    };
    this.stmts.insert.run(row);
    return fromRow(row);
  }

  /** Silences in force now or later. */
  current(now: number): Silence[] {
    return (this.stmts.current.all(now) as SilenceRow[]).map(fromRow);
  }

  get(id: string): Silence | undefined {
    const row = this.stmts.get.get(id) as SilenceRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  remove(id: string, now: number): boolean {
    return this.stmts.remove.run(now, id).changes === 1;
  }

  /** The first silence in force for this target, if any. */
  match(target: SilenceTarget, now: number): Silence | null {
    return this.current(now).find((s) => silenceMatches(s, target, now)) ?? null;
  }
}
