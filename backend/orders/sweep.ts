import { ORDER_DUE_LABEL_ZH } from '#contracts';
import { SYSTEM, type OrderCore } from './core.js';
import type { StoredOrder } from './rows.js';
import type { OrderService } from './service.js';

/** Which deadline ran out: 签收, 答复 or a 督办's. */
function missed(o: StoredOrder, now: number): 'sign' | 'answer' | 'supervise' {
  if (o.supervision && o.supervision.dueAt <= now) return 'supervise';
  const waitingSign = ['registered', 'dispatched', 'returned'].includes(o.status);
  if (waitingSign && o.signDueAt !== null && o.signDueAt <= now) return 'sign';
  return 'answer';
}

/**
 * Overdue steps escalate by themselves: an order past its deadline is marked 超时 and handed one
 * level up (village → town → county) with that unit's times, its leaders seeing it in their
 * queue at once. At the county (or while 待分拨) it stays, marked overdue, in the 超时 tab.
 * Each deadline fires once: the new unit's deadlines start clean.
 */
export class OrderSweep {
  constructor(
    private readonly core: OrderCore,
    private readonly service: OrderService,
  ) {}

  sweep(now: number): number {
    const due = this.core.repo.duePast(now);
    if (due.length === 0) return 0;
    return this.core.run((changed) => {
      for (const o of due) {
        const kind = missed(o, now);
        const overdue = this.core.record(
          changed,
          o,
          { ...o, overdueSince: now },
          {
            actor: SYSTEM,
            action: 'overdue',
            note: `${ORDER_DUE_LABEL_ZH[kind]}已过`,
            data: { kind },
          },
          now,
        );
        if (o.unit === 'county' || o.status === 'registered' || o.status === 'returned') continue;
        const up = this.service.moveUp(overdue, now);
        this.core.record(
          changed,
          overdue,
          { ...up, supervision: null },
          {
            actor: SYSTEM,
            action: 'escalate',
            note: `${ORDER_DUE_LABEL_ZH[kind]}已过，自动上报至${up.unitPlace}`,
            data: {
              kind,
              fromUnit: o.unit,
              fromCode: o.unitCode,
              unit: up.unit,
              unitCode: up.unitCode,
            },
          },
          now,
        );
      }
      return due.length;
    });
  }
}
