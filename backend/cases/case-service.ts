import type { AttachmentBody, Case, CaseDetail, Satisfaction, User } from '#contracts';
import {
  CASE_ACTION_LABEL_ZH,
  CASE_STATUS_LABEL_ZH,
  SATISFACTION_LABEL_ZH,
  UNIT_LABEL_ZH,
} from '#contracts';
import { inScope, scopeOf } from '../users/directory.js';
import { countyShortTime as shanghaiTime } from '#contracts/county-time';
import type { CaseFilter } from './case-repo.js';
import type { CaseCore, Effects } from './core.js';
import { nextStatus, type Transition } from './lifecycle.js';
import { CaseError, assertCanAct, assertCanSee, type UserAction } from './permissions.js';

/**
 * 工单 as people work them: read within one's scope, and carry a case through the lifecycle,
 * each step checked against role and scope and audited.
 */
export class CaseService {
  constructor(
    private readonly core: CaseCore,
    private readonly clock: () => number,
  ) {}

  private get repo() {
    return this.core.deps.repo;
  }

  // ---- reading ----

  get(user: User, id: string): CaseDetail {
    const c = this.find(id);
    assertCanSee(user, c);
    return { case: c, events: this.repo.events(id) };
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

  acknowledge(user: User, id: string, note?: string): Case {
    return this.transition(
      user,
      id,
      'acknowledge',
      note,
      (c, now) => ({
        ...c,
        ackDueAt: null,
        acknowledgedAt: now,
        acknowledgedBy: user.name,
      }),
      (fx, c, now) =>
        fx.emit('case.acknowledged', {
          caseId: c.id,
          alertId: c.alertId,
          level: c.level,
          by: user.name,
          at: now,
        }),
    );
  }

  start(user: User, id: string, note?: string): Case {
    return this.transition(user, id, 'start', note, (c) => c);
  }

  resolve(user: User, id: string, note: string): Case {
    return this.transition(user, id, 'resolve', note, (c, now) => ({
      ...c,
      resolvedAt: now,
      supervisedAt: null,
      escalateDueAt: null,
    }));
  }

  /** 回访: 满意/基本满意 closes the loop; 不满意 reopens the case with a fresh resolve time. */
  followUp(user: User, id: string, satisfaction: Satisfaction, note?: string): Case {
    const now = this.clock();
    const followedUp = this.transition(
      user,
      id,
      'followUp',
      note ?? null,
      (c) => ({
        ...c,
        followUp: { satisfaction, note: note ?? null, at: now, by: user.name },
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
        { actor: { id: user.id, name: user.name }, action: 'reopen', note: '回访不满意，重新办理' },
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

  close(user: User, id: string, note?: string): Case {
    return this.transition(user, id, 'close', note, (c, now) => ({ ...c, closedAt: now }));
  }

  comment(user: User, id: string, text: string): Case {
    return this.note(user, id, 'comment', text, {});
  }

  attach(user: User, id: string, attachment: AttachmentBody): Case {
    return this.note(user, id, 'attach', attachment.name, { ...attachment });
  }

  assign(user: User, id: string, assigneeId: string): Case {
    const assignee = this.core.deps.users.get(assigneeId);
    const c = this.find(id);
    assertCanAct(user, c, 'assign');
    if (!assignee || assignee.role === 'wall' || !inScope(assignee, c.regionCode)) {
      throw new CaseError(400, 'invalid_assignee', '被指派人不存在或不在该工单的管辖范围内');
    }
    return this.note(
      user,
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
  escalate(user: User, id: string, reason: string): Case {
    const now = this.clock();
    return this.core.run((fx) => {
      const c = this.find(id);
      assertCanAct(user, c, 'escalate');
      if (c.status === 'closed' || c.status === 'resolved' || c.status === 'followedUp') {
        throw wrongStep(c, 'escalate');
      }
      const actor = { id: user.id, name: user.name };
      const moved = this.core.moveUp(fx, c, { actor, reason, resetResolve: true }, now);
      if (!moved) {
        const top = `已在${UNIT_LABEL_ZH.county}级，不能再${CASE_ACTION_LABEL_ZH.escalate}`;
        throw new CaseError(409, 'invalid_transition', top);
      }
      return moved;
    });
  }

  // ---- helpers ----

  private find(id: string): Case {
    const c = this.repo.get(id);
    if (!c) throw new CaseError(404, 'not_found', `工单 ${id} 不存在`);
    return c;
  }

  private transition(
    user: User,
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
      assertCanAct(user, c, action);
      const to = nextStatus(action, c.status);
      if (!to) throw wrongStep(c, action);
      const actor = { id: user.id, name: user.name };
      const stored = this.core.record(
        fx,
        c,
        { ...patch(c, now), status: to },
        { actor, action, note, data },
        now,
      );
      after?.(fx, stored, now);
      return stored;
    });
  }

  private note(
    user: User,
    id: string,
    action: Extract<UserAction, 'comment' | 'attach' | 'assign'>,
    note: string,
    data: Record<string, unknown>,
    patch: Partial<Case> = {},
  ): Case {
    const now = this.clock();
    return this.core.run((fx) => {
      const c = this.find(id);
      assertCanAct(user, c, action);
      const actor = { id: user.id, name: user.name };
      return this.core.record(fx, c, { ...c, ...patch }, { actor, action, note, data }, now);
    });
  }
}

/** 409 for a step the case's status does not allow, named as people say it: 待签收, 回访. */
function wrongStep(c: Case, action: Transition | 'escalate'): CaseError {
  const status = CASE_STATUS_LABEL_ZH[c.status];
  return new CaseError(
    409,
    'invalid_transition',
    `工单当前状态为${status}，不能${CASE_ACTION_LABEL_ZH[action]}`,
  );
}
