/**
 * The domain's words and their Chinese labels, free of zod so the wall can import them without
 * pulling in the schemas. The schemas in this folder are built from these lists.
 */

/** 响应等级, ordered from calm to most severe. */
export const LEVELS = ['none', 'blue', 'orange', 'red'] as const;
export type LevelName = (typeof LEVELS)[number];

export const WEATHERS = ['sunny', 'cloudy', 'rain', 'storm'] as const;
export type WeatherName = (typeof WEATHERS)[number];

export const SOURCES = ['hotline', 'app', 'grid'] as const;
export type SourceName = (typeof SOURCES)[number];

export const CATEGORIES = [
  'industry',
  'infrastructure',
  'livelihood',
  'dispute',
  'security',
  'agency',
  'leftBehind',
  'ceremony',
  'other',
] as const;
export type CategoryName = (typeof CATEGORIES)[number];

/** 民情气象: the level shown as weather. */
export const WEATHER_OF: Record<LevelName, WeatherName> = {
  none: 'sunny',
  blue: 'cloudy',
  orange: 'rain',
  red: 'storm',
};

export const LEVEL_LABEL_ZH: Record<LevelName, string> = {
  none: '无',
  blue: '蓝色',
  orange: '橙色',
  red: '红色',
};

export const WEATHER_LABEL_ZH: Record<WeatherName, string> = {
  sunny: '晴',
  cloudy: '多云',
  rain: '雨',
  storm: '雷暴',
};

export const SOURCE_LABEL_ZH: Record<SourceName, string> = {
  hotline: '12345热线',
  app: '群众随手拍',
  grid: '网格员',
};

export const CATEGORY_LABEL_ZH: Record<CategoryName, string> = {
  industry: '产业发展',
  infrastructure: '设施建设',
  livelihood: '民生保障',
  dispute: '矛盾调处',
  security: '治安联防',
  agency: '便民服务代理',
  leftBehind: '留守人员代管',
  ceremony: '红白理事',
  other: '其他',
};

export function levelRank(level: LevelName): number {
  return LEVELS.indexOf(level);
}

export function maxLevel(a: LevelName, b: LevelName): LevelName {
  return levelRank(a) >= levelRank(b) ? a : b;
}

export const WALL_NAMESPACE = '/wall';

/** A report whose urgency score (0..1) reaches this is shown as 紧急. */
export const URGENT_AT = 0.5;
