import { z } from 'zod';
import { RegionCode, RegionKind } from './region.js';

/**
 * 考核: how each town and village handled the work orders (工单) of a period. Figures are of the
 * orders opened in the period (county-time days), counted where each happened (its region's
 * village and town, whichever unit handled it), as they stand when the figures are made; only
 * `overdueNow` is of every open order, at that moment.
 */

/** A county-time (Asia/Shanghai) calendar day, 2026-12-01. */
export const CountyDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD (county time)')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'no such day');
export type CountyDay = z.infer<typeof CountyDay>;

/** The longest period one request may cover. */
export const ASSESSMENT_MAX_DAYS = 366;

/**
 * GET /api/v1/assessment (and .xlsx). Days are inclusive. Without `to`: today; without `from`:
 * the first day of `to`'s month; without both: this month. `regionCode`: the county, a town or
 * a village within the caller's scope (default: the caller's own region).
 */
export const AssessmentQuery = z.strictObject({
  from: CountyDay.optional(),
  to: CountyDay.optional(),
  regionCode: RegionCode.optional(),
});
export type AssessmentQuery = z.infer<typeof AssessmentQuery>;

/** GET /api/v1/wall/assessment: this month's figures for the county, or for a town's wall. */
export const WallAssessmentQuery = z.strictObject({ region: RegionCode.optional() });
export type WallAssessmentQuery = z.infer<typeof WallAssessmentQuery>;

const Count = z.number().int().min(0);
/** A share from 0 to 1; null when there is nothing to divide by. */
const Rate = z.number().min(0).max(1).nullable();

export const AssessmentFigures = z.object({
  /** 工单数: orders opened in the period. */
  orders: Count,
  /** 办结: of those, closed (回访 satisfied or basic) by now. */
  closed: Count,
  /** closed / orders */
  closureRate: Rate,
  /**
   * 应签收: orders signed for by the unit holding them, or whose unit let a 签收 time run out
   * (an order waiting for its first 签收, still in time, is not judged yet; the dispatcher's
   * time to place an order is not a unit's).
   */
  signDue: Count,
  /** 按时签收: of those, every 签收 came before the deadline then in force and none ran out. */
  signOnTime: Count,
  signOnTimeRate: Rate,
  /** 应办结: orders answered (答复) at least once, or whose time to answer ran out. */
  answerDue: Count,
  /** 按时办结: of those, every 答复 came before its deadline (or a 督办's, if sooner). */
  answerOnTime: Count,
  answerOnTimeRate: Rate,
  /** 回访: orders followed up, by their latest rating. */
  visited: Count,
  satisfied: Count,
  basic: Count,
  unsatisfied: Count,
  /** (satisfied + basic) / visited */
  satisfactionRate: Rate,
  /** 重新办理: orders a 不满意 回访 reopened at least once. */
  reopened: Count,
  /** reopened / orders */
  reopenRate: Rate,
  /** 当前超时: open orders marked 超时 now, whenever opened (the queue's 超时 tab). */
  overdueNow: Count,
});
export type AssessmentFigures = z.infer<typeof AssessmentFigures>;

/** One line of the table: a town, a village, or the whole of what was asked for. */
export const AssessmentRow = AssessmentFigures.extend({
  regionCode: RegionCode,
  kind: RegionKind,
  /** 枣园村 */
  name: z.string(),
  /** 回龙镇·枣园村 */
  place: z.string(),
  /** The town a village row belongs to (the town itself for a town row; null for the county). */
  townCode: RegionCode.nullable(),
});
export type AssessmentRow = z.infer<typeof AssessmentRow>;

export const Assessment = z.object({
  /** The period asked for, county-time days, both inclusive. */
  from: CountyDay,
  to: CountyDay,
  /** The same as instants: orders opened at or after `fromAt` and before `toAt`. */
  fromAt: z.number().int(),
  toAt: z.number().int(),
  generatedAt: z.number().int(),
  /** Whose figures: the county, a town or a village. */
  regionCode: RegionCode,
  /**
   * All of `regionCode`. A town counts orders placed only at the town too, and the county those
   * placed nowhere below it, so a total may exceed the sum of its rows.
   */
  total: AssessmentRow,
  /** Every town within `regionCode`, in code order (empty for a village). */
  towns: z.array(AssessmentRow),
  /** Every village (社区) within `regionCode`, by town, then code. */
  villages: z.array(AssessmentRow),
});
export type Assessment = z.infer<typeof Assessment>;

/** The figures' Chinese headers, in the order the tables show them. */
export const ASSESSMENT_COLUMNS_ZH: Record<keyof AssessmentFigures, string> = {
  orders: '工单数',
  closed: '办结数',
  closureRate: '办结率',
  signDue: '应签收',
  signOnTime: '按时签收',
  signOnTimeRate: '按时签收率',
  answerDue: '应办结',
  answerOnTime: '按时办结',
  answerOnTimeRate: '按时办结率',
  visited: '回访数',
  satisfied: '满意',
  basic: '基本满意',
  unsatisfied: '不满意',
  satisfactionRate: '满意率',
  reopened: '重新办理',
  reopenRate: '重办率',
  overdueNow: '当前超时',
};
