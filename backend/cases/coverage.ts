import type { Statement } from 'better-sqlite3';
import type { Case, Category } from '#contracts';
import type { RegionTree } from '../regions/tree.js';
import type { CasesDb } from './db.js';
import { caseFromRow, type CaseRow } from './rows.js';

/** A case opened this long after a request still answers for it. */
export const COVER_AFTER_MS = 7 * 86_400_000;

/** A resident's request as coverage needs it. */
export interface CoverageQuery {
  regionCode: string;
  category: Category | null;
  requestedAt: number;
}

/**
 * Cases answer for regions, not for single reports, so a request's status is read from the case
 * that covers it: a case on the request's own region or one above it (not the whole county),
 * of the same category or of none, that was in hand when the request came in or was opened
 * within 7 days after it. The nearest region wins, then the earliest case.
 * Owned by the case module; collectors ask through their port.
 */
export class CaseCoverage {
  /** One prepared statement per lineage length (a town, village or group request). */
  private readonly queries = new Map<number, Statement>();

  constructor(
    private readonly db: CasesDb,
    private readonly tree: RegionTree,
  ) {}

  private query(regions: number): Statement {
    let stmt = this.queries.get(regions);
    if (!stmt) {
      stmt = this.db.prepare(
        `SELECT * FROM cases
         WHERE region_code IN (${Array.from({ length: regions }, () => '?').join(',')})
           AND (category IS NULL OR category = ?)
           AND opened_at <= ?
           AND (opened_at >= ? OR ((resolved_at IS NULL OR resolved_at >= ?)
                                   AND (closed_at IS NULL OR closed_at >= ?)))
         ORDER BY opened_at, seq`,
      );
      this.queries.set(regions, stmt);
    }
    return stmt;
  }

  coveringCase(request: CoverageQuery): Case | null {
    const lineage = this.tree.lineage(request.regionCode).filter((r) => r.kind !== 'county');
    if (lineage.length === 0) return null;
    const at = request.requestedAt;
    const rows = this.query(lineage.length).all(
      ...lineage.map((r) => r.code),
      request.category,
      at + COVER_AFTER_MS,
      at,
      at,
      at,
    ) as CaseRow[];
    const depth = (code: string) => code.length;
    const best = rows.reduce<CaseRow | undefined>(
      (a, r) => (!a || depth(r.region_code) > depth(a.region_code) ? r : a),
      undefined,
    );
    return best ? caseFromRow(best) : null;
  }
}
