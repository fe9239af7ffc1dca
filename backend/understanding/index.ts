import type { Logger } from '../logger.js';
import type { Understanding } from './understanding.js';

export type { Understanding } from './understanding.js';
export { REPEAT_WINDOW_MS } from './understanding.js';

export interface UnderstandingDeps {
  /** Where lexicon.json lives; built-in defaults without it. */
  configDir?: string;
  log: Logger;
  clock: () => number;
}

/** Placeholder until the lexicon-based analyzer lands: keeps the sender's category. */
export function createUnderstanding(_deps: UnderstandingDeps): Understanding {
  return {
    analyze: ({ category, urgent }) => ({
      category: category ?? 'other',
      categoryInferred: category === undefined,
      urgency: urgent ? 1 : 0,
      negativity: 0,
    }),
    findRepeat: () => null,
    remember: () => undefined,
    forget: () => undefined,
    rebuild: () => undefined,
    close: () => undefined,
  };
}
