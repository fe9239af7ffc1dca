import type { Category, History, Report, Source } from '#contracts';

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

/** What ingest needs of a store: durable appends. */
export type ReportWriter = Pick<ReportStore, 'append'>;

/** What a stateful service warms up from: the reports of a time range, oldest first. */
export type ReportReader = Pick<ReportStore, 'since'>;

/**
 * Where reports live. The embedded SQLite store is the default; a time-series adapter implements
 * the same interface. `append` resolves only once the reports are durable.
 */
export interface ReportStore {
  readonly kind: string;
  append(reports: readonly Report[]): Promise<AppendResult>;
  /** Newest first. */
  recent(limit: number): Promise<Report[]>;
  /** One report by its id, or null (a dispatcher's correction, a work order's page). */
  get(id: string): Promise<Report | null>;
  /** Reports that occurred at or after `from` (and before `to`), oldest first (rebuilding state). */
  since(from: number, to?: number): Promise<Report[]>;
  counts(query: CountQuery): Promise<Array<{ key: string; count: number }>>;
  history(request: HistoryRequest): Promise<History>;
  /** Total stored reports (health, tests). */
  total(): Promise<number>;
  isReady(): boolean;
  close(): Promise<void>;
  /** How far the store lags behind what it acknowledged (stores that write through a spool). */
  status?(): StoreStatus;
  /** Called when `status()` changes; returns the unsubscribe. */
  onStatus?(listener: (status: StoreStatus) => void): () => void;
}

export interface StoreStatus {
  kind: string;
  /** `degraded`: reports are accepted and safe on local disk but not yet in the store proper. */
  state: 'ok' | 'degraded';
  /** Acknowledged reports waiting in the local spool. */
  spooled: number;
  /** Age of the oldest waiting report; null when none waits. */
  lagMs: number | null;
  /** The last failure talking to the store, while it lasts. */
  lastError?: string | null;
  /** Reports the store refused as malformed; kept aside in the spool, never silently dropped. */
  rejected?: number;
}

/** Thrown by `append` when the spool is full; part of the contract (ingest answers 503). */
export { StoreUnavailable } from '#contracts';

export type { Category, Source };
