/**
 * Dispatchers' corrections as training rows for the judgement: every report's latest correction
 * (its text, the corrected colour and category) from DATA_DIR/corrections.db, written where
 * `npm run judgement:train` reads them. Retrain with both: `npm run judgement:retrain`.
 *
 *   npm run judgement:corrections [-- --out path.json]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LabelledReport, Source } from '#contracts';
import { loadEnv } from '../backend/config/env.js';
import { CORRECTIONS_FILE } from '../backend/judgement/corpus.js';
import { CorrectionBook } from '../backend/reports/corrections.js';

const VOICE: Record<Source, LabelledReport['voice']> = {
  hotline: 'operator',
  app: 'resident',
  grid: 'grid',
};

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = resolve((outAt >= 0 ? args[outAt + 1] : undefined) ?? CORRECTIONS_FILE);
const env = loadEnv();
const book = new CorrectionBook(env.DATA_DIR);
const rows: LabelledReport[] = book.exportLatest().map((c) => ({
  text: c.text,
  category: c.category,
  colour: c.colour,
  voice: VOICE[c.source],
  trap: null,
  flagged: false,
}));
book.close();
writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
console.log(JSON.stringify({ corrections: rows.length, out, dataDir: resolve(env.DATA_DIR) }));
