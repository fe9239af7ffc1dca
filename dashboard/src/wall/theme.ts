import type { Level, Source } from '#contracts';

/** Response colours: calm teal, then the county's blue / orange / red. */
export const LEVEL_COLOR: Record<Level, string> = {
  none: '#14a39a',
  blue: '#1e88e5',
  orange: '#fb8c00',
  red: '#e53935',
};

/** Series colours for the sources, kept apart from the level colours. */
export const SOURCE_COLOR: Record<Source, string> = {
  hotline: '#22d3ee',
  app: '#a78bfa',
  grid: '#4ade80',
};

/** Category colours for the category charts (nine categories, distinct on a dark ground). */
export const CATEGORY_COLORS: readonly string[] = [
  '#38e1ff',
  '#4ade80',
  '#facc15',
  '#f472b6',
  '#a78bfa',
  '#fb923c',
  '#60a5fa',
  '#2dd4bf',
  '#94a3b8',
];
