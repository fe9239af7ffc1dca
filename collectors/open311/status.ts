import type { Case, CaseStatusName, Open311Status } from '#contracts';
import { CASE_STATUS_LABEL_ZH } from '#contracts';
import type { CollectorPort } from '../port.js';
import type { RequestRow } from './ledger.js';

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
 * A request's status as Open311 gives it, read from the case that answers for the request (the
 * case module decides which, through the collector port).
 */
export class RequestStatuses {
  constructor(private readonly port: Pick<CollectorPort, 'caseCovering' | 'regions'>) {}

  coveringCase(
    request: Pick<RequestRow, 'regionCode' | 'serviceCode' | 'requestedAt'>,
  ): Case | null {
    return this.port.caseCovering({
      regionCode: request.regionCode,
      category: request.serviceCode,
      requestedAt: request.requestedAt,
    });
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
    const names = this.port.regions
      .lineage(code)
      .map((r) => r.name)
      .reverse();
    return names.length > 1 ? names.slice(1).join('·') : (names[0] ?? code);
  }
}
