/**
 * Rebuild the judgement model from the training corpus (tests/fixtures/judgement/train-*.json,
 * never the test split) plus dispatchers' corrections, and write backend/judgement/model.json.
 *
 *   npm run judgement:train                          # corpus + corrections.json when present
 *   npm run judgement:train -- more-corrections.json # and these files of LabelledReport rows
 *   npm run judgement:train -- --set steps=2000      # a training option (see TrainOptions)
 *
 * A correction of a text already in the corpus replaces its label (the later row wins).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import prettier from 'prettier';
import { CORRECTIONS_FILE, dedupe, loadRows, trainingFiles } from '../backend/judgement/corpus.js';
import { BUNDLED_MODEL } from '../backend/judgement/model-file.js';
import { trainModel } from '../backend/judgement/train.js';
import { parseOptions } from '../backend/judgement/cli-options.js';

/** judgement-YYYY.MM.DD-N: N counts the models trained that day. */
function nextVersion(previousFile: string): string {
  const today = `judgement-${new Date().toISOString().slice(0, 10).replaceAll('-', '.')}`;
  let n = 1;
  if (existsSync(previousFile)) {
    const previous =
      (JSON.parse(readFileSync(previousFile, 'utf8')) as { version?: string }).version ?? '';
    const m = /^(judgement-\d{4}\.\d{2}\.\d{2})-(\d+)$/.exec(previous);
    if (m && m[1] === today) n = Number(m[2]) + 1;
  }
  return `${today}-${n}`;
}

const { files: extra, options } = parseOptions(process.argv.slice(2));
const corpusFiles = trainingFiles();
if (corpusFiles.length === 0) {
  console.error('no tests/fixtures/judgement/train-*.json to train on');
  process.exit(1);
}
const correctionFiles = [
  ...(existsSync(CORRECTIONS_FILE) ? [CORRECTIONS_FILE] : []),
  ...extra.map((f) => resolve(f)),
];
const corpus = corpusFiles.flatMap(loadRows);
const corrections = correctionFiles.flatMap(loadRows);
const rows = dedupe([...corpus, ...corrections]);

const started = Date.now();
const model = trainModel(rows, options, nextVersion(BUNDLED_MODEL));
// Written as Prettier formats JSON, so the repository's format check passes on the model file.
const format = (await prettier.resolveConfig(BUNDLED_MODEL)) ?? {};
writeFileSync(
  BUNDLED_MODEL,
  await prettier.format(JSON.stringify(model), { ...format, parser: 'json' }),
);
console.log(
  JSON.stringify({
    model: model.version,
    file: BUNDLED_MODEL,
    corpusRows: corpus.length,
    correctionRows: corrections.length,
    trainedRows: rows.length,
    files: [...corpusFiles, ...correctionFiles],
    ngrams: model.ngrams.length,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    training: model.training,
  }),
);
