import { z } from 'zod';
import { CATEGORIES, SOURCES } from './vocabulary.js';

export const HistoryQuery = z.object({
  /** Hours back from now, 1–24*366. */
  hours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 366)
    .default(24),
  /** Bucket width in minutes. */
  bucketMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  by: z.enum(['source', 'category']).default('source'),
  /** Restrict to a region's subtree. */
  regionCode: z
    .string()
    .regex(/^\d{6}(\d{3}){0,3}$/)
    .optional(),
});
export type HistoryQuery = z.infer<typeof HistoryQuery>;

/** Counts per bucket for each key (a source or a category). */
export const History = z.object({
  from: z.number(),
  to: z.number(),
  bucketMinutes: z.number(),
  by: z.enum(['source', 'category']),
  /** Bucket start times (epoch ms), oldest first. */
  buckets: z.array(z.number()),
  series: z.array(z.object({ key: z.string(), counts: z.array(z.number()) })),
});
export type History = z.infer<typeof History>;

export const HISTORY_KEYS = { source: SOURCES, category: CATEGORIES } as const;
