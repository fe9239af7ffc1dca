import type { HotlineAnswer, HotlineCallbackEvent, OrderChanged, WorkOrder } from '#contracts';
import { HOTLINE_CALLBACK_EVENTS, ORDER_STATUS_LABEL_ZH, SATISFACTION_LABEL_ZH } from '#contracts';
import { countyIso } from '#contracts/county-time';
import type { CollectorPort } from '../port.js';
import type { HotlineLedger } from './ledger.js';

/** The steps that move an order into a status the call centre hears about. */
const STATUS_STEPS: ReadonlySet<string> = new Set(['answer', 'visit', 'reopen', 'close']);

/**
 * The event a step is for the call centre: 答复 → answered; 回访 → closed (满意, 基本满意) or
 * reopened (不满意). Anything else (a note, a 督办, a photo) is not one.
 */
export function callbackEvent(change: OrderChanged): HotlineCallbackEvent | null {
  if (!STATUS_STEPS.has(change.action)) return null;
  const status = change.order.status as string;
  return (HOTLINE_CALLBACK_EVENTS as readonly string[]).includes(status)
    ? (status as HotlineCallbackEvent)
    : null;
}

/** What the call centre is told about its order (the callback's body and the pull's answer). */
export function answerBody(workOrderNumber: string, o: WorkOrder): HotlineAnswer {
  return {
    workOrderNumber,
    orderNumber: o.number,
    status: o.status,
    statusLabel: ORDER_STATUS_LABEL_ZH[o.status],
    ...(o.answer
      ? { answer: { text: o.answer.text, at: countyIso(o.answer.at), by: o.answer.by } }
      : {}),
    ...(o.visit
      ? {
          visit: {
            satisfaction: o.visit.satisfaction,
            satisfactionLabel: SATISFACTION_LABEL_ZH[o.visit.satisfaction],
            at: countyIso(o.visit.at),
          },
        }
      : {}),
    at: countyIso(o.updatedAt),
  };
}

export type OrdersPort = Pick<
  CollectorPort,
  'orderOfReport' | 'orderByExternal' | 'externalIdOfOrder' | 'reportIdsOfOrder'
>;

/**
 * The call centre's 工单编号 ↔ our work orders. The ledger knows which report each number became,
 * so a call that joined an earlier order as a repeat finds that order, and every number an order
 * gathered hears its answer. Numbers stored before the ledger existed are found through the port
 * (the number of the report that opened the order).
 */
export class CallCentreOrders {
  constructor(
    private readonly ledger: HotlineLedger,
    private readonly port: OrdersPort,
  ) {}

  /** The order a 工单编号 is handled under now; `pending` when its report waits for its order. */
  orderOf(workOrderNumber: string): WorkOrder | 'pending' | null {
    const reportId = this.ledger.reportOf(workOrderNumber);
    if (reportId) return this.port.orderOfReport(reportId) ?? 'pending';
    return this.port.orderByExternal('hotline', workOrderNumber);
  }

  /** Every call-centre number this order answers: its own report's and its repeats'. */
  numbersOf(o: WorkOrder): string[] {
    const ids = o.reportCount > o.reportIds.length ? this.port.reportIdsOfOrder(o.id) : o.reportIds;
    const numbers = new Set(this.ledger.numbersOf(ids));
    if (o.source === 'hotline') {
      const first = this.port.externalIdOfOrder(o.id);
      if (first) numbers.add(first);
    }
    return [...numbers];
  }
}
