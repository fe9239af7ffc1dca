import { z } from 'zod';
import { RegionCode } from './region.js';
import { IsoDateTime, ReportDetail } from './report.js';
import { CATEGORIES, LEVELS, SOURCES } from './vocabulary.js';

/** GET /api/v1/reports: items per page unless `limit` says otherwise, and at most. */
export const REPORT_PAGE_DEFAULT = 50;
export const REPORT_PAGE_MAX = 200;
/** `q`: at most this many characters, and this many words. */
export const REPORT_QUERY_MAX_LENGTH = 200;
export const REPORT_QUERY_MAX_WORDS = 16;

/** The latest instant `Date` can hold (year 275760); every epoch-ms integer up to it is exact. */
const MAX_EPOCH_MS = 8_640_000_000_000_000;

/** A comma list of words from a vocabulary, at least one, each once. */
const list = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z
    .string()
    .transform((s) => [...new Set(s.split(',').map((x) => x.trim()))].filter(Boolean))
    .pipe(
      z
        .array(z.enum(values))
        .min(1, `name at least one ${what} (comma-separated), or leave the parameter out`),
    );

/** An instant: ISO 8601 with an offset (Z or ±hh:mm), or epoch milliseconds. */
const Instant = z
  .string()
  .trim()
  .transform((s, ctx) => {
    const ms = /^\d{1,16}$/.test(s)
      ? Number(s)
      : IsoDateTime.safeParse(s).success
        ? Date.parse(s)
        : NaN;
    if (!Number.isSafeInteger(ms) || Math.abs(ms) > MAX_EPOCH_MS) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be ISO 8601 with offset (2026-11-22T09:30:00+08:00) or epoch milliseconds',
      });
      return z.NEVER;
    }
    return ms;
  });

/**
 * 诉求查询 (GET /api/v1/reports): reports in the caller's scope, newest first (by the time each
 * happened, `occurredAt`; ties by id). Every filter given must hold. Categories and colours are
 * read as staff see them (after a dispatcher's correction).
 */
export const ReportSearchQuery = z
  .strictObject({
    /** A region's whole subtree (county, town, village or group code); 403 outside your scope. */
    regionCode: RegionCode.describe("a region's whole subtree; 403 outside your scope").optional(),
    /** `occurredAt` at or after this instant. */
    from: Instant.describe('occurredAt at or after: ISO 8601 with offset, or epoch ms').optional(),
    /** `occurredAt` before this instant. */
    to: Instant.describe('occurredAt before: ISO 8601 with offset, or epoch ms').optional(),
    /** Comma list: any of these categories. */
    category: list(CATEGORIES, 'category')
      .describe(`comma list, any of: ${CATEGORIES.join(', ')} (as corrected)`)
      .optional(),
    /** Comma list: any of these colours (`none`, `blue`, `orange`, `red`). */
    colour: list(LEVELS, 'colour')
      .describe(`comma list, any of: ${LEVELS.join(', ')} (as corrected)`)
      .optional(),
    /** Comma list: any of these sources. */
    source: list(SOURCES, 'source')
      .describe(`comma list, any of: ${SOURCES.join(', ')}`)
      .optional(),
    /**
     * Words separated by spaces: each must appear in the text (a substring: Chinese has no spaces
     * between words; ASCII letters match in either case).
     */
    q: z
      .string()
      .max(REPORT_QUERY_MAX_LENGTH)
      .describe('words separated by spaces; each must appear in the text')
      .optional(),
    /** `nextCursor` of the page before, as given: opaque. */
    cursor: z.string().min(1).max(256).describe('nextCursor of the page before').optional(),
    limit: z.coerce.number().int().min(1).max(REPORT_PAGE_MAX).default(REPORT_PAGE_DEFAULT),
  })
  .superRefine((query, ctx) => {
    if (query.from !== undefined && query.to !== undefined && query.to <= query.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    }
    if (query.q !== undefined && searchWords(query.q).length > REPORT_QUERY_MAX_WORDS) {
      ctx.addIssue({
        code: 'custom',
        path: ['q'],
        message: `at most ${REPORT_QUERY_MAX_WORDS} words`,
      });
    }
  });
export type ReportSearchQuery = z.infer<typeof ReportSearchQuery>;

/**
 * One page of reports, newest first, each as GET /api/v1/reports/{id} shows it. `nextCursor`
 * fetches the next page (null: there is none). A page may hold fewer than `limit` items and still
 * have a `nextCursor` (the search stopped to bound its work); only null means the end.
 */
export const ReportPage = z.object({
  items: z.array(ReportDetail),
  nextCursor: z.string().nullable(),
});
export type ReportPage = z.infer<typeof ReportPage>;

/** The words of `q`: split at any space (also the full-width U+3000), each once. */
export function searchWords(q: string): string[] {
  return [...new Set(q.split(/\s+/u).filter(Boolean))];
}

/** ASCII letters in lower case, every other character as it is (what SQLite's lower() does). */
export function foldAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

/** Every word appears in the text (substrings; ASCII letters in either case). */
export function textHasWords(text: string, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const folded = foldAscii(text);
  return words.every((word) => folded.includes(foldAscii(word)));
}
