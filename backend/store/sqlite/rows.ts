import type { Category, Judgement, Level, Report, Source } from '#contracts';

export interface ReportRow {
  id: string;
  source: string;
  external_id: string;
  occurred_at: number;
  received_at: number;
  region_code: string;
  category: string;
  text: string;
  reporter_name: string | null;
  phone_masked: string | null;
  phone_hash: string | null;
  lat: number | null;
  lng: number | null;
  address: string | null;
  level: string;
  rule_id: string | null;
  /** The judgement as JSON; null on rows stored before it existed. */
  judgement: string | null;
  category_inferred: number;
  urgency: number;
  negativity: number;
  repeat_of: string | null;
  triage: string | null;
}

export function toRow(r: Report): ReportRow {
  return {
    id: r.id,
    source: r.source,
    external_id: r.externalId,
    occurred_at: r.occurredAt,
    received_at: r.receivedAt,
    region_code: r.regionCode,
    category: r.category,
    text: r.text,
    reporter_name: r.reporterName,
    phone_masked: r.phoneMasked,
    phone_hash: r.phoneHash,
    lat: r.lat,
    lng: r.lng,
    address: r.address,
    level: r.level,
    rule_id: r.ruleId,
    judgement: r.judgement ? JSON.stringify(r.judgement) : null,
    category_inferred: r.categoryInferred ? 1 : 0,
    urgency: r.urgency,
    negativity: r.negativity,
    repeat_of: r.repeatOf,
    triage: r.triage,
  };
}

/** Rows were written from validated reports, so the enum columns are trusted here. */
export function fromRow(row: ReportRow): Report {
  return {
    id: row.id,
    source: row.source as Source,
    externalId: row.external_id,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    regionCode: row.region_code,
    category: row.category as Category,
    text: row.text,
    reporterName: row.reporter_name,
    phoneMasked: row.phone_masked,
    phoneHash: row.phone_hash,
    lat: row.lat,
    lng: row.lng,
    address: row.address,
    level: row.level as Level,
    ruleId: row.rule_id,
    judgement: row.judgement ? (JSON.parse(row.judgement) as Judgement) : null,
    // Corrections live in their own book and are applied when read by those who need them.
    correction: null,
    categoryInferred: row.category_inferred === 1,
    urgency: row.urgency,
    negativity: row.negativity,
    repeatOf: row.repeat_of,
    triage: row.triage,
  };
}
