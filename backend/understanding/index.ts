import type { Logger } from '../logger.js';
import { readText } from './analyze.js';
import { LexiconSource, lexiconPath } from './lexicon-source.js';
import { RepeatIndex } from './repeats.js';
import type { Understanding } from './understanding.js';

export type { Understanding } from './understanding.js';
export { REPEAT_WINDOW_MS } from './understanding.js';

export interface UnderstandingDeps {
  /** Where lexicon.json lives; the shipped config/lexicon.json without it. */
  configDir?: string;
  log: Logger;
  clock: () => number;
}

/**
 * Lexicon-based understanding: the lexicon is read (and validated) once at start, then watched
 * when it lives in the county's config directory; repeats are kept in memory for 7 days.
 */
export function createUnderstanding(deps: UnderstandingDeps): Understanding {
  const { file, county } = lexiconPath(deps.configDir, deps.log);
  const lexicon = new LexiconSource(file, deps.log);
  if (county) lexicon.watch();
  const repeats = new RepeatIndex(deps.clock);
  return {
    analyze: ({ text, category, urgent }) => {
      const reading = readText(lexicon.current, text);
      return {
        category: category ?? reading.category,
        categoryInferred: category === undefined,
        urgency: urgent ? 1 : reading.urgency,
        negativity: reading.negativity,
      };
    },
    findRepeat: (report) => repeats.findRepeat(report),
    remember: (report) => repeats.remember(report),
    forget: (id) => repeats.forget(id),
    rebuild: (reports) => repeats.rebuild(reports),
    close: () => lexicon.close(),
  };
}
