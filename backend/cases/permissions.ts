import type { Case, Role, User } from '#contracts';
import { CASE_ACTION_LABEL_ZH, ROLE_LABEL_ZH } from '#contracts';
import { ActionError as CaseError } from '../http/answer.js';
import { inScope } from '../users/directory.js';

export { CaseError };

export type UserAction =
  | 'acknowledge'
  | 'start'
  | 'resolve'
  | 'followUp'
  | 'close'
  | 'comment'
  | 'attach'
  | 'assign'
  | 'escalate';

const HANDLERS: readonly Role[] = ['county', 'town', 'village', 'staff'];
const LEADERS: readonly Role[] = ['county', 'town', 'village'];

/**
 * Who may do what. Handling (签收, 处置, 办结, notes) is open to leaders and service-team staff;
 * verifying (回访, 结案), assigning and 上报 are for leaders. A wall account only reads.
 */
const ALLOWED: Record<UserAction, readonly Role[]> = {
  acknowledge: HANDLERS,
  start: HANDLERS,
  resolve: HANDLERS,
  comment: HANDLERS,
  attach: HANDLERS,
  followUp: LEADERS,
  close: LEADERS,
  assign: LEADERS,
  escalate: LEADERS,
};

/** A user sees a case when its region is in their scope (their region's subtree or 包保). */
export function assertCanSee(user: User, c: Case): void {
  if (!inScope(user, c.regionCode)) {
    throw new CaseError(403, 'out_of_scope', '该工单不在您的管辖范围内 / case outside your region');
  }
}

export function assertCanAct(user: User, c: Case, action: UserAction): void {
  assertCanSee(user, c);
  if (!ALLOWED[action].includes(user.role)) {
    const may = `${ROLE_LABEL_ZH[user.role]}不能${CASE_ACTION_LABEL_ZH[action]}`;
    throw new CaseError(403, 'forbidden', `${may} / your role may not do this`);
  }
}
