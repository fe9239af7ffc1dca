import { z } from 'zod';
import { Explanation, Level } from './level.js';
import { RegionCode } from './region.js';

export const AlertStatus = z.enum(['active', 'cleared']);

/** 预警: a level raised on a region by one rule. One per region + rule while active. */
export const Alert = z.object({
  id: z.string(),
  regionCode: RegionCode,
  ruleId: z.string(),
  /** The rule instance: the rule id, plus "/category" for rules counted per category. */
  ruleKey: z.string(),
  level: Level,
  status: AlertStatus,
  explanation: Explanation,
  raisedAt: z.number(),
  updatedAt: z.number(),
  clearedAt: z.number().nullable(),
  clearReason: z.string().nullable(),
});
export type Alert = z.infer<typeof Alert>;
