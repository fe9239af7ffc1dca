/**
 * Words of the case workflow and their Chinese labels, free of zod so the leader page and the
 * wall can import them without pulling in the schemas. contracts/case.ts builds on these lists.
 */

/** 办理层级: the unit a case is assigned to, lowest first. */
export const UNITS = ['village', 'town', 'county'] as const;
export type UnitName = (typeof UNITS)[number];

/** open → acknowledged (签收) → inProgress → resolved (办结) → followedUp (回访) → closed. */
export const CASE_STATUSES = [
  'open',
  'acknowledged',
  'inProgress',
  'resolved',
  'followedUp',
  'closed',
  'reopened',
] as const;
export type CaseStatusName = (typeof CASE_STATUSES)[number];

/** Statuses in which the unit still owes work: deadlines run, sweeps look at them. */
export const ACTIVE_CASE_STATUSES = ['open', 'acknowledged', 'inProgress', 'reopened'] as const;

export function isActiveStatus(status: CaseStatusName): boolean {
  return (ACTIVE_CASE_STATUSES as readonly string[]).includes(status);
}

export const SATISFACTIONS = ['satisfied', 'basic', 'unsatisfied'] as const;
export type SatisfactionName = (typeof SATISFACTIONS)[number];

/** Everything that can happen to a case; each is one append-only audit record. */
export const CASE_ACTIONS = [
  'open',
  'acknowledge',
  'start',
  'resolve',
  'followUp',
  'reopen',
  'close',
  'comment',
  'attach',
  'assign',
  'escalate',
  'supervise',
  'overdue',
  'upgrade',
  'alertCleared',
  'takeOver',
] as const;
export type CaseActionName = (typeof CASE_ACTIONS)[number];

export const UNIT_LABEL_ZH: Record<UnitName, string> = {
  village: '村（社区）',
  town: '镇（街道）',
  county: '县',
};

/** A unit as a level, as people say who handles a case: 该工单由县级办理. */
export const UNIT_LEVEL_LABEL_ZH: Record<UnitName, string> = {
  village: '村级',
  town: '镇级',
  county: '县级',
};

export const CASE_STATUS_LABEL_ZH: Record<CaseStatusName, string> = {
  open: '待签收',
  acknowledged: '已签收',
  inProgress: '处置中',
  resolved: '已办结',
  followedUp: '已回访',
  closed: '已结案',
  reopened: '重新办理',
};

export const SATISFACTION_LABEL_ZH: Record<SatisfactionName, string> = {
  satisfied: '满意',
  basic: '基本满意',
  unsatisfied: '不满意',
};

export const CASE_ACTION_LABEL_ZH: Record<CaseActionName, string> = {
  open: '立案',
  acknowledge: '签收',
  start: '开始处置',
  resolve: '办结',
  followUp: '回访',
  reopen: '重新办理',
  close: '结案',
  comment: '备注',
  attach: '附件',
  assign: '指派',
  escalate: '上报升级',
  supervise: '督办',
  overdue: '超时',
  upgrade: '预警升级',
  alertCleared: '预警解除',
  takeOver: '接管',
};

/**
 * What a person can do to a case (the rest are the system's: open, reopen, supervise, overdue,
 * upgrade, alertCleared). The case detail lists which of these its reader may do now.
 */
export const CASE_USER_ACTIONS = [
  'acknowledge',
  'start',
  'resolve',
  'followUp',
  'close',
  'comment',
  'attach',
  'assign',
  'escalate',
  'takeOver',
] as const;
export type CaseUserActionName = (typeof CASE_USER_ACTIONS)[number];

export const ROLES = ['county', 'town', 'village', 'staff', 'wall'] as const;
export type RoleName = (typeof ROLES)[number];

export const ROLE_LABEL_ZH: Record<RoleName, string> = {
  county: '县级领导',
  town: '镇级领导',
  village: '村级干部',
  staff: '服务队员',
  wall: '大屏账号',
};

export const LEADER_NAMESPACE = '/leader';
