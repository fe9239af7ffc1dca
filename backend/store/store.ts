import type { Category, History, Level, Report, Source } from '#contracts';

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
 * A place in the search order: newest first by `occurredAt`, then by `id` (descending). Both are
 * fixed when a report is stored, so the order of stored reports never changes: a page that ends
 * at a position goes on after it without skipping or repeating one, whatever arrives meanwhile.
 * An empty `id` is the place just after every report of its millisecond (every id is greater):
 * going on from it reads the older milliseconds.
 */
export interface SearchPosition {
  occurredAt: number;
  id: string;
}

/** GET /api/v1/reports as a store answers it: every filter given must hold. */
export interface ReportSearch {
  /** Region subtrees (code prefixes): a report must be in one of them; none matches nothing. */
  regions: readonly string[];
  /** `occurredAt` in [from, to). */
  from?: number;
  to?: number;
  sources?: readonly Source[];
  categories?: readonly Category[];
  levels?: readonly Level[];
  /**
   * Reports that pass the category and level filters whatever their stored values: those a
   * dispatcher's correction (kept outside the store) moved into them. The caller checks again.
   */
  alsoIds?: readonly string[];
  /** Each must appear in the text (a substring; ASCII letters in either case). */
  words?: readonly string[];
  /** Only reports after this position (older, or older ids of its millisecond). */
  after?: SearchPosition;
  limit: number;
}

export interface SearchBatch {
  /** Matching reports after `after`, in the search order, at most `limit`. */
  reports: Report[];
  /**
   * Where to go on from: every report between `after` and here was looked at. Null when nothing
   * matching is left; set also when fewer than `limit` came back (the store bounded its work).
   */
  next: SearchPosition | null;
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
  /** Reports that match, newest first, from a position on (GET /api/v1/reports). */
  search(query: ReportSearch): Promise<SearchBatch>;
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

export type { Category, Level, Source };
