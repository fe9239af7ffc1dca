/**
 * judgement: microseconds to judge one report (normalise, read concepts, score colour and
 * category, apply the rules, explain) with the bundled model, over a few thousand texts of the
 * training corpus, after a warm-up. Judgements are timed in batches of BATCH so the timer's own
 * cost and a lone GC pause do not swamp a 15 µs call; p50/p90/mean are per judgement across
 * batches. Target: ≤ 30 µs per judgement.
 */
import { performance } from 'node:perf_hooks';
import { dedupe, loadRows, trainingFiles } from '../backend/judgement/corpus.js';
import { createJudge } from '../backend/judgement/judge.js';
import { SAMPLE_ROWS } from '../backend/judgement/sample-rows.js';
import { machine, summarize } from './lib.js';

const TARGET_US = 30;
const JUDGEMENTS = 5000;
const BATCH = 20;

const { judge, version } = createJudge();
const corpus = dedupe(trainingFiles().flatMap(loadRows));
const rows = corpus.length > 0 ? corpus : [...SAMPLE_ROWS];
const inputs = rows.map((r) => ({ text: r.text, flagged: r.flagged }));

// Warm-up: let the JIT settle before measuring.
for (let i = 0; i < 2000; i++) judge(inputs[i % inputs.length] ?? { text: '' });

const samplesUs: number[] = [];
let chars = 0;
for (let i = 0; i < JUDGEMENTS; i += BATCH) {
  const batch = Array.from(
    { length: BATCH },
    (_, k) => inputs[(i + k) % inputs.length] ?? { text: '' },
  );
  const t = performance.now();
  for (const input of batch) judge(input);
  samplesUs.push(((performance.now() - t) * 1000) / BATCH);
  chars += batch.reduce((n, input) => n + input.text.length, 0);
}
const stats = summarize(samplesUs);
console.log(
  JSON.stringify({
    bench: 'judgement',
    unit: 'µs per judgement',
    machine: machine(),
    model: version,
    texts: inputs.length,
    judgements: JUDGEMENTS,
    batch: BATCH,
    meanChars: Math.round(chars / JUDGEMENTS),
    ...stats,
    target: { p50: TARGET_US, mean: TARGET_US },
    met: stats.p50 <= TARGET_US && stats.mean <= TARGET_US,
  }),
);
