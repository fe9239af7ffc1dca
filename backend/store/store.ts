import type { Category, History, Report, Source } from '../../contracts/index.js';

export interface AppendResult {
  /** One id per input report, in order; a duplicate gets the id stored the first time. */
  ids: string[];
  /** The reports that were new, in input order. */
  inserted: Report[];
  duplicates: number;
}

export type CountBy = 'region' | 'category' | 'source';

export interface CountQuery {
  from: number;
  to: number;
  by: CountBy;
  /** Restrict to a region's subtree (code prefix). */
  regionCode?: string;
}

export interface HistoryRequest {
  from: number;
  to: number;
  bucketMs: number;
  by: 'source' | 'category';
  regionCode?: string;
}

/**
 * Where reports live. The embedded SQLite store is the default; a time-series adapter implements
 * the same interface. `append` resolves only once the reports are durable.
 */
export interface ReportStore {
  readonly kind: string;
  append(reports: readonly Report[]): Promise<AppendResult>;
  /** Newest first. */
  recent(limit: number): Promise<Report[]>;
  /** Reports that occurred at or after `from`, oldest first (for rebuilding state). */
  since(from: number): Promise<Report[]>;
  counts(query: CountQuery): Promise<Array<{ key: string; count: number }>>;
  history(request: HistoryRequest): Promise<History>;
  /** Total stored reports (health, tests). */
  total(): Promise<number>;
  isReady(): boolean;
  close(): Promise<void>;
}

export type { Category, Source };
