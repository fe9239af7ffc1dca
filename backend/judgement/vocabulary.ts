import type { LabelledReport } from '#contracts';
import { textGrams } from './features.js';

/** χ² of a term and a class from document counts. */
function chiSquare(n: number, withTerm: number, inClass: number, both: number): number {
  const a = both;
  const b = withTerm - both;
  const c = inClass - both;
  const d = n - a - b - c;
  const den = (a + b) * (c + d) * (a + c) * (b + d);
  return den === 0 ? 0 : (n * (a * d - b * c) ** 2) / den;
}

/**
 * Terms (here n-grams) in at least minDf rows, ranked by how strongly they tell any
 * one colour or category apart (the largest χ²), the best `size` kept. Chosen from the training
 * rows only, so cross-validation folds never see their held-out rows' terms.
 */
export function rankTerms<T extends string | number>(
  rows: readonly LabelledReport[],
  termsOf: (i: number) => Iterable<T>,
  minDf: number,
  size: number,
): T[] {
  if (size <= 0) return [];
  const labels = rows.map((r) => [`colour:${r.colour}`, `category:${r.category}`]);
  const classSize = new Map<string, number>();
  for (const ls of labels) for (const l of ls) classSize.set(l, (classSize.get(l) ?? 0) + 1);
  const df = new Map<T, number>();
  const joint = new Map<T, Map<string, number>>();
  rows.forEach((_, i) => {
    for (const t of new Set(termsOf(i))) {
      df.set(t, (df.get(t) ?? 0) + 1);
      let byClass = joint.get(t);
      if (!byClass) joint.set(t, (byClass = new Map()));
      for (const l of labels[i] ?? []) byClass.set(l, (byClass.get(l) ?? 0) + 1);
    }
  });
  const scored: [T, number][] = [];
  for (const [t, count] of df) {
    if (count < minDf) continue;
    let best = 0;
    for (const [l, n] of classSize) {
      best = Math.max(best, chiSquare(rows.length, count, n, joint.get(t)?.get(l) ?? 0));
    }
    scored.push([t, best]);
  }
  scored.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  return scored.slice(0, size).map(([t]) => t);
}

/** Grams that are only clause breaks or spaces say nothing. */
const EMPTY_GRAM = /^[\s|?]+$/;

/** The n-gram vocabulary of normalised training texts. */
export function chooseNgrams(
  texts: readonly string[],
  rows: readonly LabelledReport[],
  o: { ngrams: number; minDf: number; gramLength: number },
): string[] {
  const grams = texts.map((t) =>
    [...textGrams(t, o.gramLength)].filter((g) => !EMPTY_GRAM.test(g)),
  );
  return rankTerms(rows, (i) => grams[i] ?? [], o.minDf, o.ngrams);
}
