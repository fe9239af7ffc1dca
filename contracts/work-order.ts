import { z } from 'zod';
import { Actor, Satisfaction, Unit } from './case.js';
import { Level } from './level.js';
import { RegionCode } from './region.js';
import { CATEGORIES, SOURCES } from './vocabulary.js';
import { Category, Source } from './report.js';
import {
  ATTACHMENT_TYPES,
  ORDER_ACTIONS,
  ORDER_STATUSES,
  PEOPLE_ORDER_ACTIONS,
} from './work-order-vocabulary.js';

export * from './work-order-vocabulary.js';

export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;
export const OrderAction = z.enum(ORDER_ACTIONS);
export type OrderAction = z.infer<typeof OrderAction>;

export const OrderAnswer = z.object({ text: z.string(), at: z.number(), by: z.string() });
export type OrderAnswer = z.infer<typeof OrderAnswer>;

export const OrderVisit = z.object({
  satisfaction: Satisfaction,
  note: z.string().nullable(),
  at: z.number(),
  by: z.string(),
});
export type OrderVisit = z.infer<typeof OrderVisit>;

/** 督办: who pressed, when, what they said, and by when they want it answered. */
export const OrderSupervision = z.object({
  by: z.string(),
  unit: Unit,
  at: z.number(),
  dueAt: z.number(),
  note: z.string(),
});
export type OrderSupervision = z.infer<typeof OrderSupervision>;

/** 工单: one 诉求 carried from registration to 办结. */
export const WorkOrder = z.object({
  id: z.string(),
  /** What people say on the phone: 工单号, e.g. G2612010007. */
  number: z.string(),
  status: OrderStatus,
  /** The colour of the report's judgement (after any correction): it chose the unit. */
  level: Level,
  category: Category,
  source: Source,
  /** Where it happened (a village or group; the county while 待分拨). */
  regionCode: RegionCode,
  /** 回龙镇·枣园村 */
  place: z.string(),
  /** The unit that holds it now and that unit's region. */
  unit: Unit,
  unitCode: RegionCode,
  unitPlace: z.string(),
  /** The first report, then the repeat appeals that joined it (the first 100 of them). */
  reportIds: z.array(z.string()).min(1),
  /** Every report the order gathered: the first and all repeats. */
  reportCount: z.number().int().min(1),
  /** The first report's text, personal numbers masked. */
  text: z.string(),
  /** The judgement's one-line reading, for the queue. */
  reason: z.string().nullable(),
  /** The alert case this order is gathered under, if a surge covers it. */
  caseId: z.string().nullable(),
  openedAt: z.number(),
  updatedAt: z.number(),
  /** 签收 by (null once signed). */
  signDueAt: z.number().nullable(),
  /** 答复 by (null once answered). */
  answerDueAt: z.number().nullable(),
  supervision: OrderSupervision.nullable(),
  /** When the current step went past its deadline; null while on time. */
  overdueSince: z.number().nullable(),
  answer: OrderAnswer.nullable(),
  visit: OrderVisit.nullable(),
  closedAt: z.number().nullable(),
  escalations: z.number().int(),
  reopenCount: z.number().int(),
  attachments: z.number().int(),
});
export type WorkOrder = z.infer<typeof WorkOrder>;

/** One append-only record of the order's timeline: who, when, from where, what was said. */
export const OrderEvent = z.object({
  seq: z.number().int(),
  orderId: z.string(),
  at: z.number(),
  actor: Actor,
  action: OrderAction,
  from: OrderStatus.nullable(),
  to: OrderStatus.nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  /** The client address of the request; null for the system's own steps. */
  address: z.string().nullable(),
});
export type OrderEvent = z.infer<typeof OrderEvent>;

export const OrderAttachment = z.object({
  id: z.string(),
  orderId: z.string(),
  name: z.string(),
  mediaType: z.enum(ATTACHMENT_TYPES),
  bytes: z.number().int(),
  at: z.number(),
  by: z.string(),
  /** GET this (with the session) for the file. */
  url: z.string(),
});
export type OrderAttachment = z.infer<typeof OrderAttachment>;

/** What the user may do to this order now (the API checks again). */
export const OrderAllowed = z.array(z.enum(PEOPLE_ORDER_ACTIONS));

export const WorkOrderDetail = z.object({
  order: WorkOrder,
  events: z.array(OrderEvent),
  attachments: z.array(OrderAttachment),
  allowed: OrderAllowed,
});
export type WorkOrderDetail = z.infer<typeof WorkOrderDetail>;

const Note = z.string().trim().min(1, 'must not be empty').max(2000);

export const DispatchBody = z.strictObject({ unitCode: RegionCode, note: Note.optional() });
export type DispatchBody = z.infer<typeof DispatchBody>;
export const SignBody = z.strictObject({ note: Note.optional() });
export const HandleBody = z.strictObject({ note: Note.optional() });
export const AnswerBody = z.strictObject({ text: Note });
export const VisitBody = z.strictObject({ satisfaction: Satisfaction, note: Note.optional() });
export type VisitBody = z.infer<typeof VisitBody>;
export const ReturnBody = z.strictObject({ reason: Note });
export const TransferBody = z.strictObject({ unitCode: RegionCode, reason: Note });
export type TransferBody = z.infer<typeof TransferBody>;
export const ReportUpBody = z.strictObject({ reason: Note });
export const SuperviseBody = z.strictObject({
  note: Note,
  /** Answer within this many hours (default: the unit's remaining time or 24 h). */
  hours: z.number().positive().max(720).optional(),
});
export type SuperviseBody = z.infer<typeof SuperviseBody>;
export const OrderCommentBody = z.strictObject({ text: Note });

/** Queue tabs: what each user's console opens on. */
export const ORDER_TABS = ['todo', 'dispatch', 'visit', 'overdue', 'supervised', 'closed'] as const;
export const OrderTab = z.enum(ORDER_TABS);
export type OrderTab = z.infer<typeof OrderTab>;
export const ORDER_TAB_LABEL_ZH: Record<OrderTab, string> = {
  todo: '待办',
  dispatch: '待分拨',
  visit: '待回访',
  overdue: '超时',
  supervised: '督办',
  closed: '已办结',
};

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)));

export const OrderQuery = z.strictObject({
  tab: OrderTab.optional(),
  status: csv(ORDER_STATUSES).optional(),
  level: csv(['none', 'blue', 'orange', 'red'] as const).optional(),
  category: csv(CATEGORIES).optional(),
  source: csv(SOURCES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /** Narrow to a region's subtree (within the user's scope). */
  regionCode: RegionCode.optional(),
  /** The orders an alert case gathered. */
  caseId: z.string().max(64).optional(),
  /** Words in the text: each must appear. */
  q: z.string().trim().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type OrderQuery = z.infer<typeof OrderQuery>;

export const OrderPage = z.object({
  items: z.array(WorkOrder),
  nextCursor: z.string().nullable(),
  /** Orders per tab in the user's scope (filters other than tab do not apply). */
  counts: z.record(OrderTab, z.number().int()),
});
export type OrderPage = z.infer<typeof OrderPage>;

/** On the console's socket: an order changed (the queue refetches its page and counts). */
export const OrderChanged = z.object({
  order: WorkOrder,
  action: OrderAction,
});
export type OrderChanged = z.infer<typeof OrderChanged>;
