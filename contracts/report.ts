import { z } from 'zod';
import { Correction, Judgement } from './judgement.js';
import { Level } from './level.js';
import { RegionCode } from './region.js';
import { CATEGORIES, CATEGORY_LABEL_ZH, SOURCE_LABEL_ZH, SOURCES } from './vocabulary.js';

export { CATEGORIES, CATEGORY_LABEL_ZH, SOURCE_LABEL_ZH, SOURCES };

export const Source = z.enum(SOURCES);
export type Source = z.infer<typeof Source>;

export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

export const MAX_TEXT_LENGTH = 2000;
export const MAX_BATCH = 1000;

/** ISO 8601 with an explicit offset (Z or ±hh:mm): a time without a zone is ambiguous. */
export const IsoDateTime = z.iso.datetime({
  offset: true,
  message: 'must be ISO 8601 with offset',
});

/** One report as a collector sends it. */
export const ReportInput = z.strictObject({
  source: Source,
  externalId: z.string().trim().min(1).max(128),
  occurredAt: IsoDateTime,
  regionCode: RegionCode,
  category: Category.optional(),
  text: z.string().trim().min(1, 'must not be empty').max(MAX_TEXT_LENGTH),
  reporter: z
    .strictObject({
      name: z.string().max(64).optional(),
      phone: z
        .string()
        .regex(/^[\d+\-\s()]{5,24}$/, 'must be a phone number')
        .optional(),
    })
    .optional(),
  /** Coordinates (both or neither), an address as written, or both. */
  location: z
    .strictObject({
      lat: z.number().min(-90).max(90).optional(),
      lng: z.number().min(-180).max(180).optional(),
      address: z.string().trim().min(1).max(256).optional(),
    })
    .refine((l) => (l.lat === undefined) === (l.lng === undefined), {
      message: 'lat and lng come together',
      path: ['lng'],
    })
    .refine((l) => l.lat !== undefined || l.address !== undefined, {
      message: 'give lat and lng, or an address',
      path: ['address'],
    })
    .optional(),
  /** The sender marked it urgent (a call-centre operator's 紧急). */
  urgent: z.boolean().optional(),
});
export type ReportInput = z.infer<typeof ReportInput>;

export const ReportBody = z.union([ReportInput, z.array(ReportInput).min(1).max(MAX_BATCH)]);

export const IngestResult = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  /** One id per input item, in input order; a duplicate gets the id stored the first time. */
  ids: z.array(z.string()),
});
export type IngestResult = z.infer<typeof IngestResult>;

/** A report as it is stored and as it is shown: phones never in clear. */
export const Report = z.object({
  id: z.string(),
  source: Source,
  externalId: z.string(),
  occurredAt: z.number(),
  receivedAt: z.number(),
  regionCode: RegionCode,
  category: Category,
  text: z.string(),
  reporterName: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  phoneHash: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  address: z.string().nullable(),
  /**
   * The colour of this one report: the judgement's, raised (never lowered) by a county's
   * per-report rule; `ruleId` names that rule, or `judged-red` / `judged-orange` when the
   * judgement alone raised its region, or null.
   */
  level: Level,
  ruleId: z.string().nullable(),
  /** How the text was read (colour, category, confidence, why); null on reports stored before. */
  judgement: Judgement.nullable(),
  /** The latest dispatcher's correction, applied to level and category above; null when none. */
  correction: Correction.nullable(),
  /** The category was inferred from the text (the sender gave none). */
  categoryInferred: z.boolean(),
  /** 0..1: how urgent the text reads (or 1 when the sender marked it urgent). */
  urgency: z.number().min(0).max(1),
  /** 0..1: how negative the text reads. */
  negativity: z.number().min(0).max(1),
  /** 重复诉求: the id of the earlier report (same caller or same text, same village, 7 days). */
  repeatOf: z.string().nullable(),
  /** Why a person must look at it (e.g. the address resolved only part way); null when fine. */
  triage: z.string().nullable(),
});
export type Report = z.infer<typeof Report>;

/** Defaults for reports stored before the understanding fields existed. */
export const REPORT_DEFAULTS = {
  judgement: null,
  correction: null,
  categoryInferred: false,
  urgency: 0,
  negativity: 0,
  repeatOf: null,
  triage: null,
} as const satisfies Partial<Report>;

/**
 * What the wall and every read without a login get (`reports:new`, the snapshot): no one's name,
 * number or door. The place is the region (`regionCode`, a group at the finest); the text has
 * phone and ID numbers masked; a correction says what and why, not who.
 */
export const ReportView = Report.omit({
  phoneHash: true,
  externalId: true,
  reporterName: true,
  phoneMasked: true,
  lat: true,
  lng: true,
  address: true,
}).extend({
  correction: Correction.omit({ userId: true, userName: true }).nullable(),
});
export type ReportView = z.infer<typeof ReportView>;

/**
 * What staff read of a report in their scope (GET /api/v1/reports/{id}): the caller's name, the
 * masked number and the place as written too, so a dispatcher can call back and place it; never
 * the phone hash or the sender's own id.
 */
export const ReportDetail = Report.omit({ phoneHash: true, externalId: true });
export type ReportDetail = z.infer<typeof ReportDetail>;

export const FieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;

export const ErrorBody = z.object({
  error: z.string(),
  message: z.string(),
  fields: z.array(FieldError).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/**
 * What a collector hands to ingest: the public contract plus what only a collector knows. A draft
 * with `triage` may name the county itself when its address matched nothing deeper: it is kept
 * for a person to place, never dropped.
 */
export type ReportDraft = ReportInput & { triage?: string };

/**
 * Ingest refused a draft (or a batch): every field that failed, with its path. Thrown by the one
 * ingest path and caught by whichever transport (HTTP route, collector) carried the draft.
 */
export class IngestRejected extends Error {
  constructor(readonly fields: FieldError[]) {
    super(fields.map((f) => `${f.path}: ${f.message}`).join('; '));
  }
}

/**
 * The store cannot take more now (its spool is full): answered 503 with `Retry-After`, so a sender
 * retries later instead of losing the report.
 */
export class StoreUnavailable extends Error {
  override name = 'StoreUnavailable';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
