/**
 * Accuracy of the text understanding on the hand-labelled reports, as one JSON line, then a
 * confusion matrix (rows: labelled category, columns: inferred). `--misses` lists what it got
 * wrong; a file argument evaluates another labelled set; LEXICON=path tries an edited lexicon.
 *
 *   npm run eval:understanding [-- --misses] [-- tests/fixtures/other-set.json]
 */
import { resolve } from 'node:path';
import { CATEGORIES, LexiconFile } from '#contracts';
import { loadJsonFile } from '../backend/config/files.js';
import { compileLexicon } from '../backend/understanding/compile.js';
import {
  evaluate,
  loadLabelled,
  NEGATIVE_AT,
  URGENT_AT,
} from '../backend/understanding/evaluate.js';
import { BUILT_IN_LEXICON } from '../backend/understanding/lexicon-source.js';

const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const file = resolve(
  args.find((a) => !a.startsWith('--')) ?? 'tests/fixtures/labelled-reports.json',
);
const lexiconFile = process.env.LEXICON ?? BUILT_IN_LEXICON;
const lexicon = compileLexicon(loadJsonFile(lexiconFile, LexiconFile));
const { accuracy, confusion, misses } = evaluate(lexicon, loadLabelled(file));

console.log(
  JSON.stringify({
    file,
    lexicon: lexiconFile,
    urgentAt: URGENT_AT,
    negativeAt: NEGATIVE_AT,
    ...accuracy,
  }),
);
console.log('\nconfusion (rows: labelled, columns: inferred)');
const short = (c: string) => c.slice(0, 6).padStart(7);
console.log(`${''.padEnd(15)}${CATEGORIES.map(short).join('')}`);
for (const expected of CATEGORIES) {
  const row = CATEGORIES.map((p) => String(confusion[expected][p] || '.').padStart(7)).join('');
  console.log(`${expected.padEnd(15)}${row}`);
}
if (showMisses) {
  console.log('\nmisses');
  for (const m of misses) {
    const flags = [
      m.predicted !== m.category ? `category ${m.category}→${m.predicted}` : '',
      m.urgency >= URGENT_AT !== m.urgent ? `urgent ${m.urgent} (${m.urgency})` : '',
      m.negativity >= NEGATIVE_AT !== m.negative ? `negative ${m.negative} (${m.negativity})` : '',
    ].filter(Boolean);
    console.log(`${flags.join('; ')}: ${m.text}`);
  }
}
