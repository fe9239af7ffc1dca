import type { Statement } from 'better-sqlite3';
import type { Case, CaseStatusName, Open311Status } from '../../contracts/index.js';
import { CASE_STATUS_LABEL_ZH } from '../../contracts/index.js';
import type { CasesDb } from '../../backend/cases/db.js';
import { caseFromRow, type CaseRow } from '../../backend/cases/rows.js';
import type { RegionTree } from '../../backend/regions/tree.js';
import type { RequestRow } from './ledger.js';

/** A case opened this long after a request still answers for it. */
export const COVER_AFTER_MS = 7 * 86_400_000;

/**
 * 办结 is what a resident waits for: from then on the request is `closed` in Open311 terms, even
 * while the follow-up call (回访) and the formal close are still to come. A reopened case is open.
 */
const CLOSED_STATES: readonly CaseStatusName[] = ['resolved', 'followedUp', 'closed'];

export interface RequestStatus {
  status: Open311Status;
  notes: string;
  updatedAt: number;
  expectedAt: number | null;
  /** The place of the unit handling it (回龙镇·枣园村), or null before a case covers it. */
  agency: string | null;
}

/**
 * Cases answer for regions, not for single reports, so a request's status is read from the case
 * that covers it: a case on the request's own region or one above it (not the whole county),
 * of the same category or of none, that was in hand when the request came in or was opened
 * within 7 days after it. The nearest region wins, then the earliest case.
 * Read-only on cases.db: the case module owns it.
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

  coveringCase(
    request: Pick<RequestRow, 'regionCode' | 'serviceCode' | 'requestedAt'>,
  ): Case | null {
    const lineage = this.tree.lineage(request.regionCode).filter((r) => r.kind !== 'county');
    if (lineage.length === 0) return null;
    const at = request.requestedAt;
    const rows = this.query(lineage.length).all(
      ...lineage.map((r) => r.code),
      request.serviceCode,
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

  status(request: RequestRow): RequestStatus {
    const c = this.coveringCase(request);
    if (!c) {
      return {
        status: 'open',
        notes: '已受理',
        updatedAt: request.requestedAt,
        expectedAt: null,
        agency: null,
      };
    }
    const closed = CLOSED_STATES.includes(c.status);
    return {
      status: closed ? 'closed' : 'open',
      notes: CASE_STATUS_LABEL_ZH[c.status],
      updatedAt: closed
        ? (c.resolvedAt ?? c.closedAt ?? c.updatedAt)
        : Math.max(c.updatedAt, request.requestedAt),
      expectedAt: closed ? null : c.resolveDueAt,
      agency: this.place(c.unitCode),
    };
  }

  private place(code: string): string {
    const names = this.tree
      .lineage(code)
      .map((r) => r.name)
      .reverse();
    return names.length > 1 ? names.slice(1).join('·') : (names[0] ?? code);
  }
}
