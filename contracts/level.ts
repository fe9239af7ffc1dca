import { z } from 'zod';
import { RegionCode } from './region.js';
import {
  LEVEL_LABEL_ZH,
  LEVELS,
  WEATHER_LABEL_ZH,
  WEATHER_OF,
  WEATHERS,
  levelRank,
  maxLevel,
} from './vocabulary.js';

export { LEVEL_LABEL_ZH, LEVELS, WEATHER_LABEL_ZH, WEATHER_OF, levelRank, maxLevel };

export const Level = z.enum(LEVELS);
export type Level = z.infer<typeof Level>;

export const Weather = z.enum(WEATHERS);
export type Weather = z.infer<typeof Weather>;

/** Why a level is what it is: the rule, its window, what was measured and the evidence. */
export const Explanation = z.object({
  ruleId: z.string(),
  reason: z.string(),
  windowMinutes: z.number().nullable(),
  value: z.number(),
  threshold: z.number(),
  evidence: z.array(z.string()),
});
export type Explanation = z.infer<typeof Explanation>;

export const RegionLevel = z.object({
  regionCode: RegionCode,
  level: Level,
  weather: Weather,
  /** 民情指数 0–100. */
  index: z.number().int().min(0).max(100),
  /** The explanation of the rule (or roll-up) that sets the level; null when calm. */
  explanation: Explanation.nullable(),
  since: z.number(),
});
export type RegionLevel = z.infer<typeof RegionLevel>;

export const LevelChanged = z.object({
  regionCode: RegionCode,
  level: Level,
  previous: Level,
  weather: Weather,
  index: z.number().int().min(0).max(100),
  ruleId: z.string().nullable(),
  reason: z.string(),
  explanation: Explanation.nullable(),
  at: z.number(),
});
export type LevelChanged = z.infer<typeof LevelChanged>;
