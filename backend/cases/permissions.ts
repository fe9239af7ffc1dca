import type { Case, CaseUserAction, Role, Unit, User } from '#contracts';
import { CASE_ACTION_LABEL_ZH, ROLE_LABEL_ZH, UNIT_LEVEL_LABEL_ZH } from '#contracts';
import { ActionError as CaseError } from '../http/answer.js';
import type { RegionTree } from '../regions/tree.js';
import { inScope } from '../users/directory.js';
import { assignUnit, unitRank } from './policy.js';

export { CaseError };

export type UserAction = CaseUserAction;

const HANDLERS: readonly Role[] = ['county', 'town', 'village', 'staff'];
const LEADERS: readonly Role[] = ['county', 'town', 'village'];

/**
 * Who may do what, by role. Handling (签收, 处置, 办结, notes) is open to leaders and service-team
 * staff; verifying (回访, 结案), assigning, 上报 and 接管 are for leaders. A wall account only reads.
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
  takeOver: LEADERS,
};

/**
 * …and by unit and level. The case is handled by `case.unit` at `case.unitCode`:
 * - `handle` (签收, 处置, 办结, 指派, 上报): only that unit, i.e. users of that level whose scope
 *   covers `unitCode`. A higher level must 接管 first; a lower level never.
 * - `note` (备注, 附件): that unit or any level above it that covers `unitCode`.
 * - `verify` (回访, 结案): the same, so an escalated case is verified by the level it was escalated
 *   to (or above), never by the unit that let it lapse: a case's unit only ever rises.
 * - `takeOver` (接管): a level above the case's unit that covers the region it would handle it at.
 */
const KIND: Record<UserAction, 'handle' | 'note' | 'verify' | 'takeOver'> = {
  acknowledge: 'handle',
  start: 'handle',
  resolve: 'handle',
  assign: 'handle',
  escalate: 'handle',
  comment: 'note',
  attach: 'note',
  followUp: 'verify',
  close: 'verify',
  takeOver: 'takeOver',
};

/**
 * A user's level: a leader's is their role; a service-team member's is that of the unit their
 * region is (a group's staff work for its village); a wall has none and never acts.
 */
export function userUnit(user: User, tree: RegionTree): Unit | null {
  switch (user.role) {
    case 'county':
    case 'town':
    case 'village':
      return user.role;
    case 'staff': {
      const kind = tree.get(user.regionCode)?.kind;
      if (!kind) return null;
      return kind === 'group' ? 'village' : kind;
    }
    case 'wall':
      return null;
  }
}

/** A user sees a case when its region is in their scope (their region's subtree or 包保). */
export function assertCanSee(user: User, c: Case): void {
  if (!inScope(user, c.regionCode)) {
    throw new CaseError(403, 'out_of_scope', '该工单不在您的管辖范围内 / case outside your region');
  }
}

/** Whether `user` may do `action` to `c` by role, unit and level (not by the case's status). */
export function refusal(
  user: User,
  c: Case,
  action: UserAction,
  tree: RegionTree,
): CaseError | null {
  if (!inScope(user, c.regionCode)) {
    return new CaseError(
      403,
      'out_of_scope',
      '该工单不在您的管辖范围内 / case outside your region',
    );
  }
  const what = CASE_ACTION_LABEL_ZH[action];
  if (!ALLOWED[action].includes(user.role)) {
    const may = `${ROLE_LABEL_ZH[user.role]}不能${what}`;
    return new CaseError(403, 'forbidden', `${may} / your role may not do this`);
  }
  const mine = userUnit(user, tree);
  if (!mine) {
    return new CaseError(403, 'forbidden', `${ROLE_LABEL_ZH[user.role]}不能${what} / no unit`);
  }
  const handledBy = `该工单由${UNIT_LEVEL_LABEL_ZH[c.unit]}（${tree.get(c.unitCode)?.name ?? c.unitCode}）办理`;
  const english = `case handled at ${c.unit} level (${c.unitCode})`;
  const rank = unitRank(mine) - unitRank(c.unit);
  const kind = KIND[action];

  if (kind === 'takeOver') {
    if (rank <= 0) {
      return new CaseError(
        403,
        'wrong_unit',
        `${handledBy}，${UNIT_LEVEL_LABEL_ZH[mine]}只能接管下级办理的工单 / ${english}; only a higher level may take it over`,
      );
    }
    const target = assignUnit(tree, c.regionCode, mine);
    if (target.unit !== mine || !inScope(user, target.unitCode)) {
      return new CaseError(
        403,
        'out_of_scope',
        `该工单不在您单位的管辖范围内，不能接管 / case outside your unit's region`,
      );
    }
    return null;
  }
  if (rank < 0) {
    return new CaseError(
      403,
      'wrong_unit',
      `${handledBy}，${ROLE_LABEL_ZH[user.role]}不能${what} / ${english}; a ${mine}-level user may not do this`,
    );
  }
  if (!inScope(user, c.unitCode)) {
    return new CaseError(
      403,
      'wrong_unit',
      `${handledBy}，不在您的管辖范围内，不能${what} / ${english}, outside your region`,
    );
  }
  if (rank > 0 && kind === 'handle') {
    // A leader above takes it over first; a service-team member above waits until their unit has.
    return user.role === 'staff'
      ? new CaseError(
          403,
          'wrong_unit',
          `${handledBy}，${ROLE_LABEL_ZH.staff}不能${what} / ${english}; staff of another unit may not do this`,
        )
      : new CaseError(
          403,
          'take_over_first',
          `${handledBy}，${ROLE_LABEL_ZH[user.role]}须先接管才能${what} / ${english}; take it over first`,
        );
  }
  return null;
}

export function assertCanAct(user: User, c: Case, action: UserAction, tree: RegionTree): void {
  const refused = refusal(user, c, action, tree);
  if (refused) throw refused;
}
