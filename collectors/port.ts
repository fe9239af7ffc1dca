import type {
  Case,
  Category,
  IngestResult,
  OrderChanged,
  ReportDraft,
  Source,
  WorkOrder,
} from '#contracts';
import type { RegionTree } from '../backend/regions/tree.js';

/**
 * The one way a collector reaches the backend. The composition root builds it from the ingest
 * service, the region tree, the report store's counts and the case module's coverage; a
 * collector never sees a store, another module's tables or a database file of the backend.
 */
export interface IngestPort {
  /**
   * The one ingest path. Throws `IngestRejected` (field errors, paths made by `pathPrefix`) or
   * `StoreUnavailable` (spool full: answer 503 with Retry-After), both from the contract.
   */
  ingest(
    drafts: readonly ReportDraft[],
    pathPrefix?: (index: number) => string,
  ): Promise<IngestResult>;
}

export interface ReportCountQuery {
  from: number;
  to: number;
  by: 'region' | 'category' | 'source';
  /** Restrict to a region's subtree. */
  regionCode?: string;
}

/** A resident's request, as the case module needs it to say which case answers for it. */
export interface CoverageQuery {
  regionCode: string;
  category: Category | null;
  requestedAt: number;
}

export interface CollectorPort extends IngestPort {
  /** The county → town → village → group tree (read-only). */
  regions: RegionTree;
  /** Stored reports counted over a window (the grid's all-quiet evidence). */
  countReports(query: ReportCountQuery): Promise<Array<{ key: string; count: number }>>;
  /** The case that answers for a request (its region or one above, its category), or null. */
  caseCovering(query: CoverageQuery): Case | null;
  /** The work order a stored report belongs to (its own, or the one it joined), or null. */
  orderOfReport(reportId: string): WorkOrder | null;
  /**
   * Every work-order step, after its transaction committed (the bus's `order.changed`). Returns
   * the unsubscribe; a listener that throws is the collector's problem (wrap it).
   */
  onOrderChanged(listener: (change: OrderChanged) => void): () => void;
  /** The order a sender's report opened, by the sender's own number (its externalId), or null. */
  orderByExternal(source: Source, externalId: string): WorkOrder | null;
  /** The sender's own number (externalId) of the report that opened an order, or null. */
  externalIdOfOrder(orderId: string): string | null;
  /** Every report an order gathered, oldest first (an order's `reportIds` holds the first 100). */
  reportIdsOfOrder(orderId: string): string[];
}
