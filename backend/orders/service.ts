import type {
  Actor,
  DispatchBody,
  OrderPage,
  OrderQuery,
  PeopleOrderAction,
  Report,
  SuperviseBody,
  TransferBody,
  User,
  VisitBody,
  WorkOrder,
  WorkOrderDetail,
} from '#contracts';
import { ActionError } from '../http/answer.js';
import { assignUnit, unitAbove } from '../cases/policy.js';
import { inScope, scopeOf } from '../users/directory.js';
import type { Attachments } from './attachments.js';
import { SYSTEM, publicOrder, type OrderCore, type Step } from './core.js';
import { unitFor } from './intake.js';
import type { QueueScope } from './order-repo.js';
import { allowedActions, assertCanAct, assertCanSee, levelOf } from './permissions.js';
import type { StoredOrder } from './rows.js';

const HOUR = 3600_000;

/** The time an answer is due by: the unit's own, or a 督办's if sooner (as the sweep reads it). */
function answerDeadline(o: StoredOrder): number | null {
  const dues = [o.answerDueAt, o.supervision?.dueAt ?? null].filter((d): d is number => d !== null);
  return dues.length ? Math.min(...dues) : null;
}

/** Where a request came from, for the timeline (who, when, from where). */
export interface Origin {
  address: string | null;
}

/** 工单 as people work them: read within one's scope, every step checked and kept. */
export class OrderService {
  constructor(
    private readonly core: OrderCore,
    private readonly attachments: Attachments,
    private readonly clock: () => number,
  ) {}

  private get repo() {
    return this.core.repo;
  }

  private get tree() {
    return this.core.deps.tree;
  }

  private find(id: string): StoredOrder {
    const o = this.repo.get(id);
    if (!o) throw new ActionError(404, 'not_found', `没有工单 ${id} / no such work order`);
    return o;
  }

  // ---- reading ----

  scope(user: User): QueueScope {
    const within = scopeOf(user);
    return {
      within: within.includes(this.tree.county.code) ? null : within,
      unit: levelOf(user, this.tree),
    };
  }

  get(user: User, id: string): WorkOrderDetail {
    const o = this.find(id);
    assertCanSee(user, o);
    return this.detail(user, o);
  }

  private detail(user: User, o: StoredOrder): WorkOrderDetail {
    const id = o.id;
    return {
      order: publicOrder(o),
      events: this.repo.events(id),
      attachments: this.attachments.list(id),
      allowed: allowedActions(user, o, this.tree),
    };
  }

  list(user: User, q: OrderQuery): OrderPage {
    if (q.regionCode && !inScope(user, q.regionCode) && this.scope(user).within !== null) {
      throw new ActionError(
        403,
        'out_of_scope',
        '所选区域不在您的管辖范围内 / region outside your scope',
      );
    }
    const scope = this.scope(user);
    const page = this.repo.list(scope, {
      tab: q.tab,
      status: q.status,
      level: q.level,
      category: q.category,
      source: q.source,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
      regionCode: q.regionCode,
      caseId: q.caseId,
      words: q.q?.split(/\s+/).filter(Boolean),
      cursor: q.cursor,
      limit: q.limit,
    });
    return {
      items: page.items.map(publicOrder),
      nextCursor: page.nextCursor,
      counts: this.repo.counts(scope, this.clock()),
    };
  }

  // ---- people's steps ----

  /** One step by a person: checked, stored with its timeline record, announced. */
  private step(
    user: User,
    id: string,
    action: PeopleOrderAction,
    origin: Origin,
    change: (
      o: StoredOrder,
      now: number,
      actor: Actor,
    ) => { next: StoredOrder; step?: Partial<Step> },
  ): WorkOrderDetail {
    this.core.run((changed) => {
      const o = this.find(id);
      assertCanAct(user, o, action, this.tree);
      const now = this.clock();
      const actor: Actor = { id: user.id, name: user.name };
      const { next, step } = change(o, now, actor);
      this.core.record(changed, o, next, { actor, action, address: origin.address, ...step }, now);
    });
    // Not `get`: a step may hand the order out of the actor's sight (退回, 转办), and they still
    // see the outcome of what they just did.
    return this.detail(user, this.find(id));
  }

  /** The unit a region code names (a group is handled by its village). */
  private unitAt(code: string): { unit: WorkOrder['unit']; unitCode: string } {
    const region = this.tree.get(code);
    if (!region) {
      throw new ActionError(400, 'invalid_body', `没有区划 ${code} / unknown region`, [
        { path: 'unitCode', message: `unknown region ${code}` },
      ]);
    }
    if (region.kind === 'group') return assignUnit(this.tree, code, 'village');
    return { unit: region.kind, unitCode: region.code };
  }

  dispatch(user: User, id: string, body: DispatchBody, origin: Origin): WorkOrderDetail {
    const target = this.unitAt(body.unitCode);
    return this.step(user, id, 'dispatch', origin, (o, now) => ({
      // A person's routing starts the order clean: its lateness was the dispatcher's.
      next: { ...this.core.handTo(o, target.unit, target.unitCode, now), overdueSince: null },
      step: { note: body.note ?? null, data: { ...target } },
    }));
  }

  sign(user: User, id: string, note: string | undefined, origin: Origin): WorkOrderDetail {
    return this.step(user, id, 'sign', origin, (o) => ({
      // Signing late does not undo it: the order stays in 超时 until answered.
      next: { ...o, status: 'signed', signDueAt: null },
      // The deadline it was signed against, for 考核 (a late 签收 the sweep had not yet seen).
      step: { note: note ?? null, data: { signDueAt: o.signDueAt } },
    }));
  }

  handle(user: User, id: string, note: string | undefined, origin: Origin): WorkOrderDetail {
    return this.step(user, id, 'handle', origin, (o) => ({
      next: { ...o, status: 'handling' },
      step: { note: note ?? null },
    }));
  }

  /** 答复: what the resident is told; the 督办 it answers ends with it. */
  answer(user: User, id: string, text: string, origin: Origin): WorkOrderDetail {
    return this.step(user, id, 'answer', origin, (o, now, actor) => ({
      next: {
        ...o,
        status: 'answered',
        answer: { text, at: now, by: actor.name },
        answerDueAt: null,
        signDueAt: null,
        supervision: null,
        overdueSince: null,
      },
      step: { note: text, data: { answerDueAt: answerDeadline(o) } },
    }));
  }

  /** 回访: satisfied closes (办结); unsatisfied sends it back to the unit to do again. */
  visit(user: User, id: string, body: VisitBody, origin: Origin): WorkOrderDetail {
    return this.step(user, id, 'visit', origin, (o, now, actor) => {
      const visit = {
        satisfaction: body.satisfaction,
        note: body.note ?? null,
        at: now,
        by: actor.name,
      };
      // The rating is in `data`; the note is only what the resident said.
      const note = body.note ?? null;
      if (body.satisfaction === 'unsatisfied') {
        return {
          next: {
            ...o,
            status: 'reopened',
            visit,
            reopenCount: o.reopenCount + 1,
            answerDueAt: now + this.core.deps.policy.resolveMs(o.unit),
            overdueSince: null,
          },
          step: { note, data: { satisfaction: body.satisfaction } },
        };
      }
      return {
        next: { ...o, status: 'closed', visit, closedAt: now },
        step: { note, data: { satisfaction: body.satisfaction } },
      };
    });
  }

  /** 退回: not ours — back to the dispatcher, who must place it within the county's time. */
  sendBack(user: User, id: string, reason: string, origin: Origin): WorkOrderDetail {
    const county = this.tree.county.code;
    return this.step(user, id, 'return', origin, (o, now) => ({
      next: {
        ...o,
        status: 'returned',
        unit: 'county',
        unitCode: county,
        unitPlace: this.core.place(county),
        signDueAt: now + this.core.deps.policy.ackMs('county'),
        overdueSince: null,
      },
      step: { note: reason, data: { fromUnit: o.unit, fromCode: o.unitCode } },
    }));
  }

  transfer(user: User, id: string, body: TransferBody, origin: Origin): WorkOrderDetail {
    const target = this.unitAt(body.unitCode);
    return this.step(user, id, 'transfer', origin, (o, now) => ({
      next: { ...this.core.handTo(o, target.unit, target.unitCode, now), overdueSince: null },
      step: { note: body.reason, data: { fromUnit: o.unit, fromCode: o.unitCode, ...target } },
    }));
  }

  reportUp(user: User, id: string, reason: string, origin: Origin): WorkOrderDetail {
    return this.step(user, id, 'reportUp', origin, (o, now) => {
      const next = this.moveUp(o, now);
      return {
        next,
        step: {
          note: reason,
          data: {
            fromUnit: o.unit,
            fromCode: o.unitCode,
            unit: next.unit,
            unitCode: next.unitCode,
          },
        },
      };
    });
  }

  /** 督办: a higher level wants an answer by a time (default: 24 h, or sooner if due sooner). */
  supervise(user: User, id: string, body: SuperviseBody, origin: Origin): WorkOrderDetail {
    const level = levelOf(user, this.tree) ?? 'county';
    return this.step(user, id, 'supervise', origin, (o, now, actor) => {
      const dueAt = now + (body.hours ?? 24) * HOUR;
      return {
        next: {
          ...o,
          supervision: { by: actor.name, unit: level, at: now, dueAt, note: body.note },
        },
        step: { note: body.note, data: { dueAt, byUnit: level } },
      };
    });
  }

  comment(user: User, id: string, text: string, origin: Origin): WorkOrderDetail {
    return this.step(user, id, 'comment', origin, (o) => ({ next: o, step: { note: text } }));
  }

  /** A photo or file, stored before the step that records it. */
  attach(
    user: User,
    id: string,
    file: { name: string; mediaType: string; bytes: Buffer },
    origin: Origin,
  ): WorkOrderDetail {
    const o = this.find(id);
    assertCanAct(user, o, 'attach', this.tree);
    const saved = this.attachments.save(id, file, user.name, this.clock());
    return this.step(user, id, 'attach', origin, (current) => ({
      next: { ...current, attachments: current.attachments + 1 },
      step: {
        note: saved.name,
        data: { attachmentId: saved.id, mediaType: saved.mediaType, bytes: saved.bytes },
      },
    }));
  }

  /** A file of an order the user may see. */
  readAttachment(
    user: User,
    id: string,
    attachmentId: string,
  ): { mediaType: string; name: string; bytes: Buffer } {
    assertCanSee(user, this.find(id));
    const file = this.attachments.read(id, attachmentId);
    if (!file) throw new ActionError(404, 'not_found', `没有这个附件 / no such attachment`);
    return file;
  }

  // ---- the system's steps ----

  /** The unit one level up, with its own times; the county keeps it. */
  moveUp(o: StoredOrder, now: number): StoredOrder {
    const to = unitAbove(o.unit);
    if (!to) return o;
    const owner = this.tree.ancestorOfKind(o.regionCode, to)?.code ?? this.tree.county.code;
    return { ...this.core.handTo(o, to, owner, now), escalations: o.escalations + 1 };
  }

  /**
   * 改判: a dispatcher corrected the report's colour or category. The order takes the new
   * reading; if no unit has signed for it yet and the new colour belongs to another unit, it goes
   * there instead.
   */
  recolour(report: Report): void {
    this.core.run((changed) => {
      const o = this.repo.orderOfReport(report.id);
      if (!o || o.reportIds[0] !== report.id || o.status === 'closed') return;
      if (o.level === report.level && o.category === report.category) return;
      const now = this.clock();
      let next: StoredOrder = { ...o, level: report.level, category: report.category };
      const unit = unitFor(this.core, report);
      if (o.status === 'dispatched' && unit !== o.unit) {
        const target = assignUnit(this.tree, o.regionCode, unit);
        next = this.core.handTo(next, target.unit, target.unitCode, now);
      }
      this.core.record(
        changed,
        o,
        next,
        {
          actor: SYSTEM,
          action: 'recolour',
          note: report.correction?.reason ?? null,
          data: { level: report.level, category: report.category, unit: next.unit },
        },
        now,
      );
    });
  }

  /** An alert case opened: the orders behind its surge are gathered under it. */
  gather(caseId: string, regionCode: string, category: string | null, since: number): number {
    return this.core.run((changed) => {
      const now = this.clock();
      const orders = this.repo.ungathered(regionCode, category, since);
      for (const o of orders) {
        this.core.record(
          changed,
          o,
          { ...o, caseId },
          { actor: SYSTEM, action: 'gather', data: { caseId } },
          now,
        );
      }
      return orders.length;
    });
  }
}
