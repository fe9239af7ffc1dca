/**
 * Words of the work order (工单) cycle and their Chinese labels, free of zod so pages can import
 * them without the schemas. contracts/work-order.ts builds on these lists.
 *
 * 登记 → 派单 → 签收 → 办理 → 答复 → 回访 → 办结. 不满意 reopens; 退回 sends a wrongly routed
 * order back to the dispatcher; 转办 moves it to another unit; 上报 moves it up one level.
 */
export const ORDER_STATUSES = [
  /** 待分拨: registered, not yet sent to a unit (no village known, or sent back). */
  'registered',
  /** 待签收: sent to a unit that has not said "received". */
  'dispatched',
  /** 已签收 */
  'signed',
  /** 办理中 */
  'handling',
  /** 已答复: the unit answered the resident; 回访 comes next. */
  'answered',
  /** 重新办理: 回访 found the resident unsatisfied. */
  'reopened',
  /** 已退回: the unit says it is not theirs; the dispatcher routes it again. */
  'returned',
  /** 已办结 */
  'closed',
] as const;
export type OrderStatusName = (typeof ORDER_STATUSES)[number];

/** Statuses in which a unit still owes work: deadlines run, the sweep looks at them. */
export const OPEN_ORDER_STATUSES = [
  'registered',
  'dispatched',
  'signed',
  'handling',
  'reopened',
  'returned',
] as const satisfies readonly OrderStatusName[];

export const ORDER_ACTIONS = [
  'register',
  'dispatch',
  'sign',
  'handle',
  'answer',
  'visit',
  'reopen',
  'close',
  'return',
  'transfer',
  'reportUp',
  'supervise',
  'comment',
  'attach',
  'overdue',
  'escalate',
  'join',
  'recolour',
  'gather',
] as const;
export type OrderActionName = (typeof ORDER_ACTIONS)[number];

/** The actions a person takes through the API (the others are the system's). */
export const PEOPLE_ORDER_ACTIONS = [
  'dispatch',
  'sign',
  'handle',
  'answer',
  'visit',
  'return',
  'transfer',
  'reportUp',
  'supervise',
  'comment',
  'attach',
] as const satisfies readonly OrderActionName[];
export type PeopleOrderAction = (typeof PEOPLE_ORDER_ACTIONS)[number];

export const ORDER_STATUS_LABEL_ZH: Record<OrderStatusName, string> = {
  registered: '待分拨',
  dispatched: '待签收',
  signed: '已签收',
  handling: '办理中',
  answered: '已答复',
  reopened: '重新办理',
  returned: '已退回',
  closed: '已办结',
};

export const ORDER_ACTION_LABEL_ZH: Record<OrderActionName, string> = {
  register: '登记',
  dispatch: '派单',
  sign: '签收',
  handle: '开始办理',
  answer: '答复',
  visit: '回访',
  reopen: '重新办理',
  close: '办结',
  return: '退回',
  transfer: '转办',
  reportUp: '上报',
  supervise: '督办',
  comment: '备注',
  attach: '上传附件',
  overdue: '超时',
  escalate: '超时升级',
  join: '重复诉求并入',
  recolour: '改判',
  gather: '并入预警工单',
};

/** The steps that have a deadline, for countdowns and the overdue filter. */
export const ORDER_DUE_KINDS = ['sign', 'answer', 'supervise'] as const;
export type OrderDueKind = (typeof ORDER_DUE_KINDS)[number];

export const ORDER_DUE_LABEL_ZH: Record<OrderDueKind, string> = {
  sign: '签收时限',
  answer: '答复时限',
  supervise: '督办时限',
};

/** Photos and files on an order: what a phone takes, and nothing that runs in a browser. */
export const ATTACHMENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'application/pdf',
] as const;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
