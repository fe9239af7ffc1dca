import type { Actor, Case, CaseAction, Notice, Unit } from '#contracts';
import { UNIT_LABEL_ZH } from '#contracts';
import type { EventBus, EventMap } from '../events/bus.js';
import type { Logger } from '../platform/logger.js';
import { countyShortTime as shanghaiTime } from '#contracts/county-time';
import type { Notifier, NotifyOutcome, NotifyRequest } from '../notify/notifier.js';
import type { RegionTree } from '../regions/tree.js';
import type { UserDirectory } from '../users/directory.js';
import type { CaseRepository } from './case-repo.js';
import { unitAbove, type ResponsePolicy } from './policy.js';

export const SYSTEM: Actor = { id: null, name: '系统' };

/** Where a person's step came from: the request's client address and user agent. */
export interface Origin {
  address: string;
  userAgent: string | null;
}

/** Bus events and worker kicks, held until the transaction that caused them has committed. */
export class Effects {
  readonly events: Array<() => void> = [];
  kick = false;

  constructor(private readonly bus: EventBus) {}

  emit<K extends keyof EventMap>(event: K, ...args: EventMap[K]): void {
    // EventEmitter's typed emit cannot take a generic K; the signature above keeps callers typed.
    const bus = this.bus as unknown as { emit(event: string, ...args: unknown[]): boolean };
    this.events.push(() => bus.emit(event, ...args));
  }

  notices(notices: readonly Notice[]): void {
    for (const notice of notices) if (notice.status === 'sent') this.emit('notice.created', notice);
  }
}

export interface CoreDeps {
  repo: CaseRepository;
  notifier: Pick<Notifier, 'notify'>;
  policy: ResponsePolicy;
  tree: RegionTree;
  users: UserDirectory;
  bus: EventBus;
  log: Logger;
  /** Wake the outbox worker: a message is due now. */
  kick: () => void;
}

/** What the case service and the deadline sweep share: atomic steps, audit, notify, move up. */
export class CaseCore {
  constructor(readonly deps: CoreDeps) {}

  /** Run one step in a transaction; its events go out only once it has committed. */
  run<T>(step: (fx: Effects) => T): T {
    const fx = new Effects(this.deps.bus);
    const result = this.deps.repo.transaction(() => step(fx));
    for (const emit of fx.events) {
      try {
        emit();
      } catch (err) {
        this.deps.log.error(`case event handler failed: ${String(err)}`);
      }
    }
    if (fx.kick) this.deps.kick();
    return result;
  }

  /** Store the new state and its audit record; tell subscribers. */
  record(
    fx: Effects,
    before: Case,
    after: Case,
    step: {
      actor: Actor;
      action: CaseAction;
      note?: string | null;
      data?: Record<string, unknown>;
      /** The request behind a person's step; none for the system's. */
      origin?: Origin | null;
    },
    now: number,
  ): Case {
    const stored = this.deps.repo.update({ ...after, updatedAt: now });
    this.deps.repo.appendEvent({
      caseId: before.id,
      at: now,
      actor: step.actor,
      action: step.action,
      from: before.status,
      to: stored.status,
      note: step.note ?? null,
      data: step.data ?? null,
      address: step.origin?.address ?? null,
      userAgent: step.origin?.userAgent ?? null,
    });
    fx.emit('case.updated', stored);
    return stored;
  }

  notify(fx: Effects, req: NotifyRequest): NotifyOutcome {
    const outcome = this.deps.notifier.notify(req);
    fx.notices(outcome.notices);
    if (outcome.dueNow > 0) fx.kick = true;
    return outcome;
  }

  /**
   * 上报: hand the case to the unit one level up (its region in the case's lineage), with that
   * unit's times, and tell its leaders. Null at the county: there is no level above.
   */
  moveUp(
    fx: Effects,
    c: Case,
    step: { actor: Actor; reason: string; resetResolve: boolean; origin?: Origin | null },
    now: number,
  ): Case | null {
    const to = unitAbove(c.unit);
    if (!to) return null;
    const unitCode = this.deps.tree.ancestorOfKind(c.regionCode, to)?.code ?? c.unitCode;
    const policy = this.deps.policy;
    // The receiving unit must 签收 it again, within its own time.
    const next: Case = {
      ...c,
      unit: to,
      unitCode,
      status: 'open',
      ackDueAt: now + policy.ackMs(to),
      resolveDueAt: step.resetResolve ? now + policy.resolveMs(to) : c.resolveDueAt,
      supervisedAt: step.resetResolve ? null : c.supervisedAt,
      escalateDueAt: step.resetResolve ? null : c.escalateDueAt,
      acknowledgedAt: null,
      acknowledgedBy: null,
      assigneeId: null,
      assigneeName: null,
      escalations: c.escalations + 1,
    };
    const stored = this.record(
      fx,
      c,
      next,
      {
        actor: step.actor,
        action: 'escalate',
        note: step.reason,
        data: { fromUnit: c.unit, toUnit: to, fromCode: c.unitCode, toCode: unitCode },
        origin: step.origin,
      },
      now,
    );
    this.notify(fx, {
      kind: 'escalated',
      case: stored,
      units: [to],
      detail: `${step.reason}，已上报至${UNIT_LABEL_ZH[to]}，请于 ${shanghaiTime(next.ackDueAt ?? now)} 前签收`,
      key: `${c.id}|escalated|${stored.escalations}`,
      now,
    });
    fx.emit('case.escalated', { case: stored, from: c.unit, to, reason: step.reason });
    return stored;
  }
}

export function unitLabel(unit: Unit): string {
  return UNIT_LABEL_ZH[unit];
}
