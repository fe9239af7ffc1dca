import type { PeopleOrderAction, Unit, User, WorkOrder } from '#contracts';
import {
  ORDER_ACTION_LABEL_ZH,
  ORDER_STATUS_LABEL_ZH,
  PEOPLE_ORDER_ACTIONS,
  UNIT_LABEL_ZH,
} from '#contracts';
import { ActionError } from '../http/answer.js';
import type { RegionTree } from '../regions/tree.js';
import { inScope } from '../users/directory.js';
import { allowedFrom } from './lifecycle.js';

const RANK: Record<Unit, number> = { village: 0, town: 1, county: 2 };

/**
 * The level a user works at: a leader's role, or for service-team staff the level of their region.
 * A wall account has none and never acts.
 */
export function levelOf(user: User, tree: RegionTree): Unit | null {
  if (user.role === 'wall') return null;
  if (user.role !== 'staff') return user.role;
  const kind = tree.get(user.regionCode)?.kind;
  return kind === 'county' || kind === 'town' ? kind : 'village';
}

export function canSee(user: User, o: WorkOrder): boolean {
  return user.role !== 'wall' && (inScope(user, o.regionCode) || inScope(user, o.unitCode));
}

/**
 * Who may do what:
 * - the unit that holds the order (its level, its region in the user's scope) signs, handles,
 *   answers, sends it back (退回), hands it on (转办) or up (上报);
 * - the county is the dispatcher: it dispatches what is waiting and may 转办 anything;
 * - a higher level presses (督办) and follows up (回访) — never the unit that answered it,
 *   unless that is the county itself;
 * - anyone who sees it (but a wall) adds a note; only leaders, not staff, dispatch or 回访.
 */
function permits(user: User, o: WorkOrder, action: PeopleOrderAction, level: Unit): boolean {
  const holds = level === o.unit && inScope(user, o.unitCode);
  const above = RANK[level] > RANK[o.unit];
  const leader = user.role !== 'staff';
  switch (action) {
    case 'dispatch':
      return level === 'county' && leader;
    case 'sign':
    case 'handle':
    case 'answer':
    case 'return':
      return holds;
    case 'reportUp':
      return holds && o.unit !== 'county';
    case 'transfer':
      return holds || (level === 'county' && leader);
    case 'supervise':
      return above && leader;
    case 'visit':
      return leader && (above || level === 'county');
    case 'comment':
    case 'attach':
      return true;
  }
}

/** The actions the user may take on the order now (its status and their place). */
export function allowedActions(user: User, o: WorkOrder, tree: RegionTree): PeopleOrderAction[] {
  const level = levelOf(user, tree);
  if (!level || !canSee(user, o)) return [];
  return PEOPLE_ORDER_ACTIONS.filter((a) => allowedFrom(a, o.status) && permits(user, o, a, level));
}

export function assertCanSee(user: User, o: WorkOrder): void {
  if (!canSee(user, o)) {
    throw new ActionError(
      403,
      'out_of_scope',
      '该工单不在您的管辖范围内 / order outside your region',
    );
  }
}

/** Refuse with the reason a person understands: the step, or who holds it. */
export function assertCanAct(
  user: User,
  o: WorkOrder,
  action: PeopleOrderAction,
  tree: RegionTree,
): void {
  assertCanSee(user, o);
  const label = ORDER_ACTION_LABEL_ZH[action];
  if (!allowedFrom(action, o.status)) {
    throw new ActionError(
      409,
      'wrong_step',
      `工单当前为「${ORDER_STATUS_LABEL_ZH[o.status]}」，不能${label} / not allowed in this step`,
    );
  }
  const level = levelOf(user, tree);
  if (!level || !permits(user, o, action, level)) {
    throw new ActionError(
      403,
      'forbidden',
      `该工单由${UNIT_LABEL_ZH[o.unit]}（${o.unitPlace}）办理，您不能${label} / your unit may not do this`,
    );
  }
}
