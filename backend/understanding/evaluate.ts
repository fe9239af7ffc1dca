import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Category, CATEGORIES } from '#contracts';
import { readText } from './analyze.js';
import type { CompiledLexicon } from './compile.js';

/**
 * Accuracy of the lexicon on hand-labelled reports: category (inferred, the sender giving none),
 * urgency and negativity read as yes/no at these thresholds.
 */
export const URGENT_AT = 0.5;
export const NEGATIVE_AT = 0.5;

export const LabelledReport = z.strictObject({
  text: z.string().min(1),
  category: Category,
  urgent: z.boolean(),
  negative: z.boolean(),
});
export type LabelledReport = z.infer<typeof LabelledReport>;

export function loadLabelled(file: string): LabelledReport[] {
  return z.array(LabelledReport).parse(JSON.parse(readFileSync(file, 'utf8')));
}

export interface Accuracy {
  n: number;
  category: number;
  urgency: number;
  negativity: number;
}

export interface Evaluation {
  accuracy: Accuracy;
  /** confusion[expected][predicted] = count */
  confusion: Record<Category, Record<Category, number>>;
  misses: Array<LabelledReport & { predicted: Category; urgency: number; negativity: number }>;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export function evaluate(lex: CompiledLexicon, reports: readonly LabelledReport[]): Evaluation {
  const confusion = Object.fromEntries(
    CATEGORIES.map((c) => [c, Object.fromEntries(CATEGORIES.map((p) => [p, 0]))]),
  ) as Record<Category, Record<Category, number>>;
  let category = 0;
  let urgency = 0;
  let negativity = 0;
  const misses: Evaluation['misses'] = [];
  for (const report of reports) {
    const reading = readText(lex, report.text);
    confusion[report.category][reading.category] += 1;
    const okCategory = reading.category === report.category;
    const okUrgent = reading.urgency >= URGENT_AT === report.urgent;
    const okNegative = reading.negativity >= NEGATIVE_AT === report.negative;
    category += okCategory ? 1 : 0;
    urgency += okUrgent ? 1 : 0;
    negativity += okNegative ? 1 : 0;
    if (!okCategory || !okUrgent || !okNegative) {
      misses.push({
        ...report,
        predicted: reading.category,
        urgency: reading.urgency,
        negativity: reading.negativity,
      });
    }
  }
  const n = reports.length;
  return {
    accuracy: {
      n,
      category: round3(category / n),
      urgency: round3(urgency / n),
      negativity: round3(negativity / n),
    },
    confusion,
    misses,
  };
}
