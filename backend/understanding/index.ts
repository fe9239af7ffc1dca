import type { Logger } from '../platform/logger.js';
import { readText } from './analyze.js';
import { LexiconSource, lexiconPath } from './lexicon-source.js';
import { RepeatIndex } from './repeats.js';
import type { ReportReader } from '../store/store.js';
import { REPEAT_WINDOW_MS, type Understanding } from './understanding.js';

export type { RepeatCandidate, Understanding } from './understanding.js';
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
    warmUp: (reader, now) => warmUpRepeats(repeats, reader, now),
    close: () => lexicon.close(),
  };
}

/**
 * An hour at a time: a busy week of reports is never in memory at once, and each hour's reports
 * die young, so warming up does not grow the old heap (and the RSS) for the weeks that follow.
 */
async function warmUpRepeats(repeats: RepeatIndex, reader: ReportReader, now: number) {
  const HOUR = 3_600_000;
  for (let from = now - REPEAT_WINDOW_MS; from < now; from += HOUR) {
    // The last hour is open-ended: it takes reports stamped a little ahead of our clock too.
    repeats.rebuild(await reader.since(from, from + HOUR < now ? from + HOUR : undefined));
  }
}
