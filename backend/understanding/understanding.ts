import type { Category, Report } from '#contracts';
import type { ReportReader } from '../store/store.js';

/** What the text says about a report, beyond what the sender told us. */
export interface TextAnalysis {
  category: Category;
  /** True when the sender gave no category and it was inferred from the text. */
  categoryInferred: boolean;
  /** 0..1 */
  urgency: number;
  /** 0..1 */
  negativity: number;
}

export interface AnalyzeInput {
  text: string;
  /** The sender's category; when present it is kept as is. */
  category?: Category;
  /** The sender marked it urgent. */
  urgent?: boolean;
}

export type RepeatCandidate = Pick<
  Report,
  'id' | 'regionCode' | 'phoneHash' | 'text' | 'occurredAt'
>;

/**
 * Text understanding at ingest: category inference, urgency and negativity scores, and 重复诉求
 * (repeat appeal) detection. The ingest path calls `findRepeat` then `remember` for each new
 * report in order, and `forget` for one that turned out a duplicate and was not stored.
 */
export interface Understanding {
  analyze(input: AnalyzeInput): TextAnalysis;
  /** The id of an earlier report this one repeats (same village, 7 days), or null. */
  findRepeat(report: RepeatCandidate): string | null;
  remember(report: RepeatCandidate): void;
  forget(id: string): void;
  /** At start: remember the stored reports of the last 7 days (read from the store). */
  warmUp(reader: ReportReader, now: number): Promise<void>;
  /** Stop watching the lexicon file. */
  close(): void;
}

/** How far back a repeat appeal is looked for. */
export const REPEAT_WINDOW_MS = 7 * 24 * 3_600_000;
