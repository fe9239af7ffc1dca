import type { AttachmentBody, Case, CaseDetail, Satisfaction, User } from '#contracts';
import {
  CASE_ACTION_LABEL_ZH,
  CASE_STATUS_LABEL_ZH,
  CASE_USER_ACTIONS,
  ROLE_LABEL_ZH,
  SATISFACTION_LABEL_ZH,
  UNIT_LABEL_ZH,
  UNIT_LEVEL_LABEL_ZH,
  isActiveStatus,
} from '#contracts';
import { inScope, scopeOf } from '../users/directory.js';
import { countyShortTime as shanghaiTime } from '#contracts/county-time';
import type { CaseFilter } from './case-repo.js';
import type { CaseCore, Effects, Origin } from './core.js';
import { nextStatus, type Transition } from './lifecycle.js';
import {
  CaseError,
  assertCanAct,
  assertCanSee,
  refusal,
  userUnit,
  type UserAction,
} from './permissions.js';
import { assignUnit } from './policy.js';

/** Who asks, and where the request came from (audited with every step they take). */
export interface Caller {
  user: User;
  origin: Origin | null;
}

/**
 * 工单 as people work them: read within one's scope, and carry a case through the lifecycle,
 * each step checked against role, unit and level (permissions.ts) and audited with its origin.
 */
export class CaseService {
  constructor(
    private readonly core: CaseCore,
    private readonly clock: () => number,
  ) {}

  private get repo() {
    return this.core.deps.repo;
  }

  private get tree() {
    return this.core.deps.tree;
  }

  // ---- reading ----

  get(user: User, id: string): CaseDetail {
    const c = this.find(id);
    assertCanSee(user, c);
    return { case: c, events: this.repo.events(id), allowedActions: this.allowedActions(user, c) };
  }

  /** What `user` may do to `c` now: allowed by role, unit and level, and by the case's status. */
  allowedActions(user: User, c: Case): UserAction[] {
    return CASE_USER_ACTIONS.filter(
      (action) => stepAllowed(c, action) && !refusal(user, c, action, this.tree),
    );
  }

  list(user: User, filter: Omit<CaseFilter, 'within'> & { regionCode?: string }): Case[] {
    const scope = scopeOf(user);
    let within = scope;
    if (filter.regionCode) {
      // Narrow to a region, but never beyond the user's own scope.
      const code = filter.regionCode;
      within = inScope(user, code) ? [code] : scope.filter((s) => s.startsWith(code));
    }
    return this.repo.list({ ...filter, within });
  }

  // ---- people's steps ----

  acknowledge(by: Caller, id: string, note?: string): Case {
    return this.transition(
      by,
      id,
      'acknowledge',
      note,
      (c, now) => ({
        ...c,
        ackDueAt: null,
        acknowledgedAt: now,
        acknowledgedBy: by.user.name,
      }),
      (fx, c, now) =>
        fx.emit('case.acknowledged', {
          caseId: c.id,
          alertId: c.alertId,
          level: c.level,
          by: by.user.name,
          at: now,
        }),
    );
  }

  start(by: Caller, id: string, note?: string): Case {
    return this.transition(by, id, 'start', note, (c) => c);
  }

  resolve(by: Caller, id: string, note: string): Case {
    return this.transition(by, id, 'resolve', note, (c, now) => ({
      ...c,
      resolvedAt: now,
      supervisedAt: null,
      escalateDueAt: null,
    }));
  }

  /** 回访: 满意/基本满意 closes the loop; 不满意 reopens the case with a fresh resolve time. */
  followUp(by: Caller, id: string, satisfaction: Satisfaction, note?: string): Case {
    const now = this.clock();
    const followedUp = this.transition(
      by,
      id,
      'followUp',
      note ?? null,
      (c) => ({
        ...c,
        followUp: { satisfaction, note: note ?? null, at: now, by: by.user.name },
      }),
      undefined,
      { satisfaction, label: SATISFACTION_LABEL_ZH[satisfaction] },
    );
    if (satisfaction !== 'unsatisfied') return followedUp;
    return this.core.run((fx) => {
      const c = this.find(id);
      const reopened = this.core.record(
        fx,
        c,
        {
          ...c,
          status: 'reopened',
          resolvedAt: null,
          resolveDueAt: now + this.core.deps.policy.resolveMs(c.unit),
          supervisedAt: null,
          escalateDueAt: null,
          reopenCount: c.reopenCount + 1,
        },
        {
          actor: actorOf(by),
          action: 'reopen',
          note: '回访不满意，重新办理',
          origin: by.origin,
        },
        now,
      );
      this.core.notify(fx, {
        kind: 'reopened',
        case: reopened,
        units: [reopened.unit],
        detail: `回访不满意，重新办理，请于 ${shanghaiTime(reopened.resolveDueAt ?? now)} 前办结`,
        key: `${id}|reopened|${reopened.reopenCount}`,
        now,
      });
      return reopened;
    });
  }

  close(by: Caller, id: string, note?: string): Case {
    return this.transition(by, id, 'close', note, (c, now) => ({ ...c, closedAt: now }));
  }

  comment(by: Caller, id: string, text: string): Case {
    return this.note(by, id, 'comment', text, {});
  }

  attach(by: Caller, id: string, attachment: AttachmentBody): Case {
    return this.note(by, id, 'attach', attachment.name, { ...attachment });
  }

  /** 指派: to someone who may handle the case at its unit (a leader or staff member of it). */
  assign(by: Caller, id: string, assigneeId: string): Case {
    const assignee = this.core.deps.users.get(assigneeId);
    const c = this.find(id);
    assertCanAct(by.user, c, 'assign', this.tree);
    if (!assignee || !this.canHandle(assignee, c)) {
      throw new CaseError(
        400,
        'invalid_assignee',
        `被指派人不存在，或不是办理该工单的${UNIT_LEVEL_LABEL_ZH[c.unit]}单位人员 / the assignee must belong to the case's unit`,
      );
    }
    return this.note(
      by,
      id,
      'assign',
      `指派给${assignee.name}`,
      { userId: assignee.id },
      {
        assigneeId: assignee.id,
        assigneeName: assignee.name,
      },
    );
  }

  /** 上报: the unit says the case is beyond it; the unit above must 签收 it. */
  escalate(by: Caller, id: string, reason: string): Case {
    const now = this.clock();
    return this.core.run((fx) => {
      const c = this.find(id);
      assertCanAct(by.user, c, 'escalate', this.tree);
      if (!isActiveStatus(c.status)) throw wrongStep(c, 'escalate');
      const step = { actor: actorOf(by), reason, resetResolve: true, origin: by.origin };
      const moved = this.core.moveUp(fx, c, step, now);
      if (!moved) {
        const top = `已在${UNIT_LABEL_ZH.county}级，不能再${CASE_ACTION_LABEL_ZH.escalate}`;
        throw new CaseError(409, 'invalid_transition', top);
      }
      return moved;
    });
  }

  /**
   * 接管: a leader of a level above the case's unit takes it into their own unit (the region of
   * their level above the case's region), to handle it from here on. The case keeps its status;
   * its times become the new unit's where those are shorter; an assignee who cannot act at the
   * new unit is let go. The unit that had it and the new unit's leaders are told.
   */
  takeOver(by: Caller, id: string, reason: string): Case {
    const now = this.clock();
    return this.core.run((fx) => {
      const c = this.find(id);
      assertCanAct(by.user, c, 'takeOver', this.tree);
      if (!stepAllowed(c, 'takeOver')) throw wrongStep(c, 'takeOver');
      const level = userUnit(by.user, this.tree);
      if (!level) throw new CaseError(403, 'forbidden', '无权接管 / no unit');
      const { unit, unitCode } = assignUnit(this.tree, c.regionCode, level);
      const policy = this.core.deps.policy;
      const moved: Case = { ...c, unit, unitCode };
      const keepAssignee = (() => {
        const assignee = c.assigneeId ? this.core.deps.users.get(c.assigneeId) : undefined;
        return assignee !== undefined && this.canHandle(assignee, moved);
      })();
      const next: Case = {
        ...moved,
        ackDueAt:
          c.status === 'open' ? Math.min(c.ackDueAt ?? Infinity, now + policy.ackMs(unit)) : null,
        resolveDueAt:
          c.resolveDueAt === null ? null : Math.min(c.resolveDueAt, now + policy.resolveMs(unit)),
        assigneeId: keepAssignee ? c.assigneeId : null,
        assigneeName: keepAssignee ? c.assigneeName : null,
      };
      const who = `${ROLE_LABEL_ZH[by.user.role]}${by.user.name}`;
      const stored = this.core.record(
        fx,
        c,
        next,
        {
          actor: actorOf(by),
          action: 'takeOver',
          note: reason,
          data: { fromUnit: c.unit, toUnit: unit, fromCode: c.unitCode, toCode: unitCode },
          origin: by.origin,
        },
        now,
      );
      // No notice kind of its own (contracts/notify.ts): the case moved up a level, as in 上报.
      this.core.notify(fx, {
        kind: 'escalated',
        case: stored,
        units: [c.unit, unit],
        detail: `${who}已接管：${reason}，改由${UNIT_LABEL_ZH[unit]}办理`,
        key: `${c.id}|takenOver|${unit}`,
        now,
      });
      return stored;
    });
  }

  // ---- helpers ----

  private find(id: string): Case {
    const c = this.repo.get(id);
    if (!c) throw new CaseError(404, 'not_found', `工单 ${id} 不存在`);
    return c;
  }

  /** Whether `user` could 办结 `c` at its unit (what an assignee must be able to do). */
  private canHandle(user: User, c: Case): boolean {
    return refusal(user, c, 'resolve', this.tree) === null;
  }

  private transition(
    by: Caller,
    id: string,
    action: Transition,
    note: string | null | undefined,
    patch: (c: Case, now: number) => Case,
    after?: (fx: Effects, c: Case, now: number) => void,
    data?: Record<string, unknown>,
  ): Case {
    const now = this.clock();
    return this.core.run((fx) => {
      const c = this.find(id);
      assertCanAct(by.user, c, action, this.tree);
      const to = nextStatus(action, c.status);
      if (!to) throw wrongStep(c, action);
      const stored = this.core.record(
        fx,
        c,
        { ...patch(c, now), status: to },
        { actor: actorOf(by), action, note, data, origin: by.origin },
        now,
      );
      after?.(fx, stored, now);
      return stored;
    });
  }

  private note(
    by: Caller,
    id: string,
    action: Extract<UserAction, 'comment' | 'attach' | 'assign'>,
    note: string,
    data: Record<string, unknown>,
    patch: Partial<Case> = {},
  ): Case {
    const now = this.clock();
    return this.core.run((fx) => {
      const c = this.find(id);
      assertCanAct(by.user, c, action, this.tree);
      return this.core.record(
        fx,
        c,
        { ...c, ...patch },
        { actor: actorOf(by), action, note, data, origin: by.origin },
        now,
      );
    });
  }
}

function actorOf(by: Caller) {
  return { id: by.user.id, name: by.user.name };
}

/** Whether the case's status allows `action` (who may do it is permissions.ts's question). */
function stepAllowed(c: Case, action: UserAction): boolean {
  switch (action) {
    case 'acknowledge':
    case 'start':
    case 'resolve':
    case 'followUp':
    case 'close':
      return nextStatus(action, c.status) !== null;
    case 'escalate':
      return isActiveStatus(c.status) && c.unit !== 'county';
    case 'takeOver':
      return isActiveStatus(c.status);
    case 'assign':
    case 'comment':
    case 'attach':
      return true;
  }
}

/** 409 for a step the case's status does not allow, named as people say it: 待签收, 回访. */
function wrongStep(c: Case, action: Transition | 'escalate' | 'takeOver'): CaseError {
  const status = CASE_STATUS_LABEL_ZH[c.status];
  return new CaseError(
    409,
    'invalid_transition',
    `工单当前状态为${status}，不能${CASE_ACTION_LABEL_ZH[action]}`,
  );
}
