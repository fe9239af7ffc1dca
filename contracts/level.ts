import { z } from 'zod';
import { RegionCode } from './region.js';

/** 响应等级, ordered from calm to most severe. */
export const LEVELS = ['none', 'blue', 'orange', 'red'] as const;
export const Level = z.enum(LEVELS);
export type Level = z.infer<typeof Level>;

/** 民情气象: the level shown as weather. */
export const Weather = z.enum(['sunny', 'cloudy', 'rain', 'storm']);
export type Weather = z.infer<typeof Weather>;

export const WEATHER_OF: Record<Level, Weather> = {
  none: 'sunny',
  blue: 'cloudy',
  orange: 'rain',
  red: 'storm',
};

export const LEVEL_LABEL_ZH: Record<Level, string> = {
  none: '无',
  blue: '蓝色',
  orange: '橙色',
  red: '红色',
};

export const WEATHER_LABEL_ZH: Record<Weather, string> = {
  sunny: '晴',
  cloudy: '多云',
  rain: '雨',
  storm: '雷暴',
};

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

export function maxLevel(a: Level, b: Level): Level {
  return levelRank(a) >= levelRank(b) ? a : b;
}

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
