import type { OrderStatus, PeopleOrderAction } from '#contracts';

/**
 * The statuses each action may start from. 登记 → 派单 → 签收 → 办理 → 答复 → 回访 → 办结;
 * 不满意 reopens; 退回 goes back to the dispatcher; 转办 and 上报 hand it to another unit, which
 * must 签收 again. Notes (备注, 附件) and 督办 do not move the status.
 */
export const FROM: Record<PeopleOrderAction, readonly OrderStatus[]> = {
  dispatch: ['registered', 'returned'],
  sign: ['dispatched'],
  handle: ['signed', 'reopened'],
  answer: ['signed', 'handling', 'reopened'],
  visit: ['answered'],
  return: ['dispatched', 'signed'],
  transfer: ['registered', 'returned', 'dispatched', 'signed', 'handling', 'reopened'],
  reportUp: ['dispatched', 'signed', 'handling', 'reopened'],
  supervise: ['registered', 'returned', 'dispatched', 'signed', 'handling', 'reopened'],
  comment: [
    'registered',
    'dispatched',
    'signed',
    'handling',
    'answered',
    'reopened',
    'returned',
    'closed',
  ],
  attach: ['registered', 'dispatched', 'signed', 'handling', 'answered', 'reopened', 'returned'],
};

export function allowedFrom(action: PeopleOrderAction, status: OrderStatus): boolean {
  return FROM[action].includes(status);
}
