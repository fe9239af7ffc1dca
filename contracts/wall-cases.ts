import { z } from 'zod';
import { CASE_STATUSES, UNITS } from './case-vocabulary.js';
import { Level } from './level.js';
import { RegionCode } from './region.js';

/** GET /api/v1/wall/cases-summary: optional town (or county) to restrict the wall to. */
export const WallCasesQuery = z.strictObject({
  region: RegionCode.optional(),
});
export type WallCasesQuery = z.infer<typeof WallCasesQuery>;

const CaseLevel = Level.exclude(['none']);
const Count = z.number().int().min(0);

/** One rung of the village → town → county funnel: its cases by status and by level. */
export const UnitLoad = z.object({
  unit: z.enum(UNITS),
  total: Count,
  byStatus: z.record(z.enum(CASE_STATUSES), Count),
  byLevel: z.record(CaseLevel, Count),
});
export type UnitLoad = z.infer<typeof UnitLoad>;

/** 办结率 and 满意率 of one town (all its cases, every status). */
export const TownCaseStats = z.object({
  regionCode: RegionCode,
  total: Count,
  /** Resolved, followed up or closed. */
  done: Count,
  /** done / total, 0–1; null with no cases. */
  closureRate: z.number().min(0).max(1).nullable(),
  followedUp: Count,
  /** (满意 + 基本满意) / 回访, 0–1; null before any follow-up. */
  satisfaction: z.number().min(0).max(1).nullable(),
});
export type TownCaseStats = z.infer<typeof TownCaseStats>;

/** An active case with its next deadline (签收 or 办结), for countdowns on the wall. */
export const CaseDeadline = z.object({
  caseId: z.string(),
  number: z.string(),
  alertId: z.string(),
  place: z.string(),
  regionCode: RegionCode,
  title: z.string(),
  level: CaseLevel,
  unit: z.enum(UNITS),
  status: z.enum(CASE_STATUSES),
  due: z.enum(['acknowledge', 'resolve']),
  dueAt: z.number(),
  /** Its latest raise fell in a silence: the wall's red takeover leaves it out. */
  silenced: z.boolean(),
});
export type CaseDeadline = z.infer<typeof CaseDeadline>;

export const WallCasesSummary = z.object({
  at: z.number(),
  region: RegionCode,
  funnel: z.array(UnitLoad),
  towns: z.array(TownCaseStats),
  /** Active cases past their deadline, longest overdue first (at most 30). */
  overdue: z.array(CaseDeadline),
  /** Every active case's next deadline, soonest first (at most 200): keyed by alert on the wall. */
  deadlines: z.array(CaseDeadline),
});
export type WallCasesSummary = z.infer<typeof WallCasesSummary>;
