import type { Open311Status, WorkOrder } from '#contracts';
import { ORDER_STATUS_LABEL_ZH, UNIT_LEVEL_LABEL_ZH } from '#contracts';
import type { CollectorPort } from '../port.js';
import type { RequestRow } from './ledger.js';

export interface RequestStatus {
  status: Open311Status;
  notes: string;
  updatedAt: number;
  expectedAt: number | null;
  /** The place of the unit handling it (回龙镇·枣园村), or null before it is placed. */
  agency: string | null;
}

/**
 * What the resident is told about their step: the label, and the unit's answer once given.
 * 已答复 is what a resident waits for; 回访 may still send it back (重新办理).
 */
function notes(o: WorkOrder): string {
  const label = ORDER_STATUS_LABEL_ZH[o.status];
  if (o.answer && (o.status === 'answered' || o.status === 'closed')) {
    return `${label}：${o.answer.text}`;
  }
  // A 督办 from above tells the resident their request is being pressed for.
  const pressed = o.supervision ? `，${UNIT_LEVEL_LABEL_ZH[o.supervision.unit]}已督办` : '';
  if (['dispatched', 'signed', 'handling', 'reopened'].includes(o.status)) {
    return `${label}（${o.unitPlace}）${pressed}`;
  }
  return `${label}${pressed}`;
}

/**
 * A request's status as Open311 gives it, read from the request's own work order (the order
 * module keeps it; the collector asks through its port). Open311 `closed` once 办结.
 */
export class RequestStatuses {
  constructor(private readonly port: Pick<CollectorPort, 'orderOfReport'>) {}

  orderOf(request: Pick<RequestRow, 'reportId'>): WorkOrder | null {
    return request.reportId ? this.port.orderOfReport(request.reportId) : null;
  }

  status(request: RequestRow): RequestStatus {
    const o = this.orderOf(request);
    if (!o) {
      return {
        status: 'open',
        notes: '已受理',
        updatedAt: request.requestedAt,
        expectedAt: null,
        agency: null,
      };
    }
    const closed = o.status === 'closed';
    return {
      status: closed ? 'closed' : 'open',
      notes: notes(o),
      updatedAt: Math.max(o.updatedAt, request.requestedAt),
      expectedAt: closed ? null : (o.answerDueAt ?? o.signDueAt),
      agency: o.status === 'registered' || o.status === 'returned' ? null : o.unitPlace,
    };
  }
}
