import type { Level, Source } from '../../contracts/index.js';

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
