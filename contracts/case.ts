import { z } from 'zod';
import { AlertStatus } from './alert.js';
import {
  CASE_ACTIONS,
  CASE_STATUSES,
  CASE_USER_ACTIONS,
  SATISFACTIONS,
  UNITS,
} from './case-vocabulary.js';
import { Level } from './level.js';
import { RegionCode } from './region.js';
import { Category } from './report.js';

export * from './case-vocabulary.js';

export const Unit = z.enum(UNITS);
export type Unit = z.infer<typeof Unit>;

export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** 满意度 of the follow-up (回访): 满意 / 基本满意 / 不满意; 不满意 reopens the case. */
export const Satisfaction = z.enum(SATISFACTIONS);
export type Satisfaction = z.infer<typeof Satisfaction>;

export const CaseAction = z.enum(CASE_ACTIONS);
export type CaseAction = z.infer<typeof CaseAction>;

/** The actions a person takes (签收 … 接管); the rest are recorded by the system. */
export const CaseUserAction = z.enum(CASE_USER_ACTIONS);
export type CaseUserAction = z.infer<typeof CaseUserAction>;

/** Who did it: a user, or the system (id null) for sweeps and alerts. */
export const Actor = z.object({ id: z.string().nullable(), name: z.string() });
export type Actor = z.infer<typeof Actor>;

export const FollowUp = z.object({
  satisfaction: Satisfaction,
  note: z.string().nullable(),
  at: z.number(),
  by: z.string(),
});
export type FollowUp = z.infer<typeof FollowUp>;

/** 工单: the follow-up work an alert creates, one per alert (keyed by the alert id). */
export const Case = z.object({
  id: z.string(),
  /** Short number people say on the phone, e.g. 2026-000123. */
  number: z.string(),
  alertId: z.string(),
  alertStatus: AlertStatus,
  title: z.string(),
  regionCode: RegionCode,
  /** The region as people say it: 回龙镇·枣园村. */
  place: z.string(),
  category: Category.nullable(),
  ruleId: z.string(),
  /** The alert's rule instance (rule id, plus /category for per-category rules). */
  ruleKey: z.string(),
  level: Level.exclude(['none']),
  status: CaseStatus,
  /** The unit that handles it now, and that unit's region. */
  unit: Unit,
  unitCode: RegionCode,
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  openedAt: z.number(),
  updatedAt: z.number(),
  /** Acknowledge by; null once acknowledged or once the top level was told it is overdue. */
  ackDueAt: z.number().nullable(),
  /** Resolve by; null once resolved. */
  resolveDueAt: z.number().nullable(),
  /** 督办 issued for the current resolve deadline, and when it escalates if still unresolved. */
  supervisedAt: z.number().nullable(),
  escalateDueAt: z.number().nullable(),
  acknowledgedAt: z.number().nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  followUp: FollowUp.nullable(),
  escalations: z.number().int(),
  reopenCount: z.number().int(),
  /** Notifications about it were suppressed by a silence (the case itself is kept). */
  silenced: z.boolean(),
});
export type Case = z.infer<typeof Case>;

/**
 * One append-only audit record: who, when, from which status to which, why, and from where.
 * `from`/`to` are statuses; where the request came from is `address` (and `userAgent`).
 */
export const CaseEvent = z.object({
  seq: z.number().int(),
  caseId: z.string(),
  at: z.number(),
  actor: Actor,
  action: CaseAction,
  from: CaseStatus.nullable(),
  to: CaseStatus.nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  /**
   * The client address of the request that did it, as the server sees it (behind TRUST_PROXY
   * the forwarded client); null for the system's own steps and for records older than this field.
   */
  address: z.string().nullable().optional(),
  /** The request's User-Agent (first 256 characters), when it sent one. */
  userAgent: z.string().nullable().optional(),
});
export type CaseEvent = z.infer<typeof CaseEvent>;

export const CaseDetail = z.object({
  case: Case,
  events: z.array(CaseEvent),
  /**
   * What the reader may do to the case now, by their unit and level and the case's status (the
   * server checks every action again; this only tells a page which buttons to show).
   */
  allowedActions: z.array(CaseUserAction),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

const Note = z.string().trim().min(1, 'must not be empty').max(2000);

export const AcknowledgeBody = z.strictObject({ note: Note.optional() });
export const StartBody = z.strictObject({ note: Note.optional() });
export const ResolveBody = z.strictObject({ note: Note });
export type ResolveBody = z.infer<typeof ResolveBody>;
export const FollowUpBody = z.strictObject({ satisfaction: Satisfaction, note: Note.optional() });
export type FollowUpBody = z.infer<typeof FollowUpBody>;
export const CloseBody = z.strictObject({ note: Note.optional() });
export const CommentBody = z.strictObject({ text: Note });
export const AttachmentBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** Attachments are kept by reference: where the file lives, not the file. */
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }),
  mediaType: z.string().max(100).optional(),
});
export type AttachmentBody = z.infer<typeof AttachmentBody>;
export const AssignBody = z.strictObject({ userId: z.string().min(1).max(64) });
export const EscalateBody = z.strictObject({ reason: Note });
/** 接管: a leader of a higher level takes the case into their own unit's hands, saying why. */
export const TakeOverBody = z.strictObject({ reason: Note });

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)));

export const CaseQuery = z.strictObject({
  /** Comma-separated statuses; default: every status. */
  status: csv(CASE_STATUSES).optional(),
  /** Shorthand for the statuses that still owe work. */
  open: z.enum(['true', 'false']).optional(),
  level: csv(['blue', 'orange', 'red'] as const).optional(),
  regionCode: RegionCode.optional(),
  /** Only cases assigned to me. */
  mine: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type CaseQuery = z.infer<typeof CaseQuery>;

/** On every wall: a case was acknowledged (签收) somewhere, so its red takeover can end. */
export const CaseAcknowledged = z.object({
  caseId: z.string(),
  alertId: z.string(),
  level: Level.exclude(['none']),
  by: z.string(),
  at: z.number(),
});
export type CaseAcknowledged = z.infer<typeof CaseAcknowledged>;

export const CaseEscalated = z.object({
  case: Case,
  from: Unit,
  to: Unit,
  reason: z.string(),
});
export type CaseEscalated = z.infer<typeof CaseEscalated>;
