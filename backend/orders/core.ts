import type { Actor, OrderAction, OrderChanged, WorkOrder } from '#contracts';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../platform/logger.js';
import type { RegionTree } from '../regions/tree.js';
import type { ResponsePolicy } from '../cases/policy.js';
import type { OrderRepository } from './order-repo.js';
import type { StoredOrder } from './rows.js';

export const SYSTEM: Actor = { id: null, name: '系统' };

export interface OrderCoreDeps {
  repo: OrderRepository;
  tree: RegionTree;
  policy: ResponsePolicy;
  bus: EventBus;
  log: Logger;
}

/** One step as the timeline keeps it. */
export interface Step {
  actor: Actor;
  action: OrderAction;
  note?: string | null;
  data?: Record<string, unknown>;
  /** The request's client address; null for the system. */
  address?: string | null;
}

/** What intake, people's steps and the sweep share: a transaction, the timeline, the bus. */
export class OrderCore {
  constructor(readonly deps: OrderCoreDeps) {}

  get repo(): OrderRepository {
    return this.deps.repo;
  }

  /** Run steps in one transaction; their `order.changed` events go out once it has committed. */
  run<T>(steps: (changed: OrderChanged[]) => T): T {
    const changed: OrderChanged[] = [];
    const result = this.repo.transaction(() => steps(changed));
    for (const change of changed) {
      try {
        this.deps.bus.emit('order.changed', change);
      } catch (err) {
        this.deps.log.error(`order event handler failed: ${String(err)}`);
      }
    }
    return result;
  }

  /** Store the new state and its timeline record. */
  record(
    changed: OrderChanged[],
    before: StoredOrder,
    after: StoredOrder,
    step: Step,
    now: number,
  ): StoredOrder {
    const stored = this.repo.update({ ...after, updatedAt: now });
    this.repo.appendEvent({
      orderId: before.id,
      at: now,
      actor: step.actor,
      action: step.action,
      from: before.status,
      to: stored.status,
      note: step.note ?? null,
      data: step.data ?? null,
      address: step.address ?? null,
    });
    changed.push({ order: publicOrder(stored), action: step.action });
    return stored;
  }

  /** The unit's region as people say it. */
  place(code: string): string {
    return placeOf(this.deps.tree, code);
  }

  /** Hand the order to a unit: it must 签收 within that unit's time, and answer within its own. */
  handTo(o: StoredOrder, unit: WorkOrder['unit'], unitCode: string, now: number): StoredOrder {
    const policy = this.deps.policy;
    return {
      ...o,
      status: 'dispatched',
      unit,
      unitCode,
      unitPlace: this.place(unitCode),
      signDueAt: now + policy.ackMs(unit),
      answerDueAt: now + policy.resolveMs(unit),
    };
  }
}

/** The order as the API shows it: the sender's own id stays inside. */
export function publicOrder(o: StoredOrder): WorkOrder {
  const { externalId: _externalId, ...order } = o;
  return order;
}

/** A region as people say it: 回龙镇·枣园村 (the county's name for the county). */
export function placeOf(tree: RegionTree, code: string): string {
  const names = tree
    .lineage(code)
    .map((r) => r.name)
    .reverse();
  return names.length > 1 ? names.slice(1).join('·') : (names[0] ?? code);
}
