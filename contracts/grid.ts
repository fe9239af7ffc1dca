import { z } from 'zod';
import { RegionCode } from './region.js';
import { Category, IsoDateTime, MAX_BATCH, MAX_TEXT_LENGTH, ReportInput } from './report.js';

/**
 * The grid-worker (网格员) app's contract. The app works offline in the mountains and replays its
 * queue when it gets a signal, so every item carries an id the app made itself: a replay is
 * recognised by (workerId, clientId), never stored twice.
 */

/** Worker ids end up inside report externalIds (`<workerId>:<clientId>`): no `:` or `/`. */
export const GridWorkerId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1–32 letters, digits, _ or -');

/** A uuid fits; `/` is kept out because the backend appends `/concerns` to a visit's id. */
export const GridClientId = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1–64 letters, digits, . _ : or - (a uuid fits)');

const itemBase = {
  clientId: GridClientId,
  /** When it happened on the worker's phone (offline queues replay hours later). */
  occurredAt: IsoDateTime,
  /** The worker's own group (15 digits) or village (12 digits). */
  regionCode: RegionCode,
};

/** 问题: something a resident raised with the worker; filed as a report of source `grid`. */
export const GridProblemItem = z.strictObject({
  kind: z.literal('problem'),
  ...itemBase,
  text: ReportInput.shape.text,
  category: Category.optional(),
  location: ReportInput.shape.location,
  urgent: z.boolean().optional(),
});
export type GridProblemItem = z.infer<typeof GridProblemItem>;

const optionalText = z.string().trim().max(MAX_TEXT_LENGTH).optional();

/**
 * 走访: the worker went round. A quiet visit (平安) is evidence that a place is fine, which no other
 * source gives. A visit that is not quiet and has `concerns` is also filed as a problem report.
 */
export const GridVisitItem = z.strictObject({
  kind: z.literal('visit'),
  ...itemBase,
  /** Households visited. */
  households: z.number().int().min(0).max(10_000).optional(),
  /** 平安: nothing wrong found. */
  quiet: z.boolean().default(true),
  note: optionalText,
  /** What people were worried about; filed as a problem report when `quiet` is false. */
  concerns: optionalText,
  /** Category of the concerns (inferred from the text when absent). */
  category: Category.optional(),
});
export type GridVisitItem = z.infer<typeof GridVisitItem>;

export const GridItem = z.discriminatedUnion('kind', [GridProblemItem, GridVisitItem], {
  error: (issue) => (issue.code === 'invalid_union' ? "must be 'problem' or 'visit'" : undefined),
});
export type GridItem = z.infer<typeof GridItem>;

/** POST /api/v1/collectors/grid/batches: one worker's queue, all or nothing. */
export const GridBatchBody = z.strictObject({
  workerId: GridWorkerId,
  deviceId: z.string().trim().min(1).max(64).optional(),
  items: z.array(GridItem).min(1).max(MAX_BATCH, `at most ${MAX_BATCH} items per batch`),
});
export type GridBatchBody = z.infer<typeof GridBatchBody>;

const byKind = z.object({ problems: z.number().int(), visits: z.number().int() });

export const GridBatchResult = z.object({
  /** Newly stored. A visit's concerns filed as a report count under `problems`. */
  accepted: byKind,
  /** Already stored by an earlier replay (or earlier in this batch). */
  duplicates: byKind,
  /** One entry per input item, in order; a duplicate gets the id stored the first time. */
  items: z.array(
    z.object({
      clientId: z.string(),
      kind: z.enum(['problem', 'visit']),
      /** Report id for a problem, visit id for a visit. */
      id: z.string(),
      duplicate: z.boolean(),
      /** The report filed for a visit's concerns. */
      problemId: z.string().optional(),
    }),
  ),
});
export type GridBatchResult = z.infer<typeof GridBatchResult>;

/** One worker of config/grid-workers.json: who may file for which groups. */
export const GridWorker = z.strictObject({
  id: GridWorkerId,
  name: z.string().trim().min(1).max(64),
  /** For the town's own contact list; never copied into a report. */
  phone: z
    .string()
    .regex(/^[\d+\-\s()]{5,24}$/, 'must be a phone number')
    .optional(),
  groups: z.array(RegionCode).min(1),
});
export type GridWorker = z.infer<typeof GridWorker>;

export const GridWorkersFile = z.strictObject({
  $comment: z.string().optional(),
  generatedBy: z.string().optional(),
  workers: z.array(GridWorker),
});
export type GridWorkersFile = z.infer<typeof GridWorkersFile>;

/** GET /api/v1/collectors/grid/quiet: "all quiet" evidence for a town's or a village's villages. */
export const GridQuietQuery = z.strictObject({
  regionCode: RegionCode,
  /** Window in hours back from now. */
  hours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 31)
    .default(24),
});
export type GridQuietQuery = z.infer<typeof GridQuietQuery>;

export const GridVillageQuiet = z.object({
  regionCode: z.string(),
  name: z.string(),
  /** Grid workers covering a group of this village, by id: the answer is public, so no names. */
  workers: z.array(z.object({ id: z.string() })),
  /** Latest visit ever recorded (epoch ms), null when never visited. */
  lastVisitAt: z.number().nullable(),
  visits: z.number().int(),
  quietVisits: z.number().int(),
  households: z.number().int(),
  /** Reports of source `grid` in the window (from the app or POST /api/v1/reports). */
  gridProblems: z.number().int(),
  /** Visited in the window, every visit quiet, no grid problem: 平安. */
  quiet: z.boolean(),
});
export type GridVillageQuiet = z.infer<typeof GridVillageQuiet>;

export const GridQuietReport = z.object({
  regionCode: z.string(),
  hours: z.number().int(),
  from: z.number(),
  to: z.number(),
  villages: z.array(GridVillageQuiet),
  summary: z.object({
    villages: z.number().int(),
    quiet: z.number().int(),
    unvisited: z.number().int(),
  }),
});
export type GridQuietReport = z.infer<typeof GridQuietReport>;
