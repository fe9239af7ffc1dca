import { z } from 'zod';
import { Level } from './level.js';
import { Category, Source } from './report.js';
import { RegionKind } from './region.js';

const RuleId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'must be kebab-case, 2–64 chars');
const RaisedLevel = Level.exclude(['none']);

/** A single report whose text (or category) matches sets a level on the report and its region. */
export const ReportRule = z.strictObject({
  id: RuleId,
  description: z.string().min(1),
  level: RaisedLevel,
  /** Any of these keywords in the text matches (case-insensitive substring). */
  keywords: z.array(z.string().min(1)).default([]),
  /** Optional: only reports of these categories. */
  categories: z.array(Category).optional(),
  sources: z.array(Source).optional(),
  /** How long the region keeps this level after the last matching report. */
  holdMinutes: z
    .number()
    .positive()
    .max(7 * 24 * 60)
    .default(60),
});
export type ReportRule = z.infer<typeof ReportRule>;

/** Raise at `raiseAt`, clear only below `clearBelow` (hysteresis). */
export const Threshold = z
  .strictObject({
    level: RaisedLevel,
    raiseAt: z.number().int().positive(),
    clearBelow: z.number().int().positive(),
  })
  .refine((t) => t.clearBelow <= t.raiseAt, {
    message: 'clearBelow must not exceed raiseAt',
    path: ['clearBelow'],
  });

/** Count reports (of one category, or all) in a region's subtree within a window. */
export const WindowRule = z
  .strictObject({
    id: RuleId,
    description: z.string().min(1),
    regionKind: RegionKind,
    /** A category, or "*" for all categories. */
    category: z.union([Category, z.literal('*')]),
    /** "each" evaluates each category separately (category must be "*"). */
    perCategory: z.boolean().default(false),
    /** Count only 重复诉求: reports linked to an earlier one (same caller or text, 7 days). */
    repeatsOnly: z.boolean().default(false),
    windowMinutes: z
      .number()
      .positive()
      .max(24 * 60),
    thresholds: z.array(Threshold).min(1),
    /** The count must stay at or above raiseAt this long before the level is raised. */
    pendingSeconds: z.number().min(0).max(3600).default(0),
    /** The count must stay below clearBelow this long before the level clears. */
    clearAfterMinutes: z
      .number()
      .min(0)
      .max(24 * 60)
      .default(15),
  })
  .refine((r) => !r.perCategory || r.category === '*', {
    message: 'perCategory needs category "*"',
    path: ['perCategory'],
  });
export type WindowRule = z.infer<typeof WindowRule>;

/** A parent region takes a level when enough of its children are at or above a level. */
export const ChildrenRule = z.strictObject({
  id: RuleId,
  description: z.string().min(1),
  regionKind: RegionKind.exclude(['group']),
  childLevel: RaisedLevel,
  atLeast: z.number().int().positive(),
  level: RaisedLevel,
});
export type ChildrenRule = z.infer<typeof ChildrenRule>;

/**
 * A report the judgement reads as orange or red raises that level on its region at once, held
 * this long after the last such report (as a per-report rule would). Blue reports do not: a
 * village is blue by its count of reports (window rules), not by one pothole.
 */
export const JudgedReports = z.strictObject({
  orange: z.strictObject({
    holdMinutes: z
      .number()
      .positive()
      .max(7 * 24 * 60),
  }),
  red: z.strictObject({
    holdMinutes: z
      .number()
      .positive()
      .max(7 * 24 * 60),
  }),
});
export type JudgedReports = z.infer<typeof JudgedReports>;

export const JUDGED_REPORTS_DEFAULT: JudgedReports = {
  orange: { holdMinutes: 60 },
  red: { holdMinutes: 120 },
};

/** The rule id a judged report's hold carries: `judged-red`, `judged-orange`. */
export const judgedRuleId = (level: 'orange' | 'red') => `judged-${level}` as const;

export const RulesFile = z
  .strictObject({
    $comment: z.string().optional(),
    version: z.number().int().positive(),
    judgedReports: JudgedReports.default(JUDGED_REPORTS_DEFAULT),
    reportRules: z.array(ReportRule).default([]),
    windowRules: z.array(WindowRule).default([]),
    childrenRules: z.array(ChildrenRule).default([]),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    const all = [...file.reportRules, ...file.windowRules, ...file.childrenRules];
    all.forEach((rule) => {
      if (seen.has(rule.id)) {
        ctx.addIssue({ code: 'custom', message: `duplicate rule id "${rule.id}"`, path: ['id'] });
      }
      seen.add(rule.id);
    });
  });
export type RulesFile = z.infer<typeof RulesFile>;
