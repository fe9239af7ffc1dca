import { z } from 'zod';
import { Level } from './level.js';
import { RegionCode } from './region.js';
import { Category } from './report.js';

export const CHANNEL_TYPES = ['webhook', 'dingtalk', 'wecom', 'feishu'] as const;
export const ChannelType = z.enum(CHANNEL_TYPES);
export type ChannelType = z.infer<typeof ChannelType>;

/** What a notification is about. */
export const NOTICE_KINDS = [
  'opened',
  'upgraded',
  'escalated',
  'supervised',
  'overdue',
  'reopened',
] as const;
export const NoticeKind = z.enum(NOTICE_KINDS);
export type NoticeKind = z.infer<typeof NoticeKind>;

const RaisedLevel = Level.exclude(['none']);

/** One outgoing channel: a generic JSON webhook or a DingTalk / WeCom / Feishu group robot. */
export const ChannelConfig = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'must be kebab-case'),
  type: ChannelType,
  url: z.url({ protocol: /^https?$/ }),
  /** Signing secret (DingTalk 加签, Feishu 签名校验, webhook HMAC); or name an env var instead. */
  secret: z.string().min(1).optional(),
  secretEnv: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*$/)
    .optional(),
  levels: z.array(RaisedLevel).default(['orange', 'red']),
  kinds: z.array(NoticeKind).default([...NOTICE_KINDS]),
  /** Only cases in this region's subtree (a town's own robot). */
  regionCode: RegionCode.optional(),
});
export type ChannelConfig = z.infer<typeof ChannelConfig>;

export const RetryPolicy = z.strictObject({
  maxAttempts: z.number().int().min(1).max(50).default(8),
  baseSeconds: z.number().positive().max(3600).default(5),
  maxSeconds: z
    .number()
    .positive()
    .max(24 * 3600)
    .default(600),
  timeoutSeconds: z.number().positive().max(120).default(10),
});
export type RetryPolicy = z.infer<typeof RetryPolicy>;

/** config/notify.json (optional: without it nothing leaves the building). */
export const NotifyFile = z.strictObject({
  $comment: z.string().optional(),
  /** Where people open the leader page, for links in messages. */
  publicUrl: z.url().optional(),
  channels: z.array(ChannelConfig).default([]),
  retry: RetryPolicy.default({
    maxAttempts: 8,
    baseSeconds: 5,
    maxSeconds: 600,
    timeoutSeconds: 10,
  }),
});
export type NotifyFile = z.infer<typeof NotifyFile>;

/** 静默 / 维护窗口: notifications matching it are recorded but not sent. */
export const Silence = z.object({
  id: z.string(),
  kind: z.enum(['silence', 'maintenance']),
  regionCode: RegionCode.nullable(),
  category: Category.nullable(),
  ruleId: z.string().nullable(),
  startsAt: z.number(),
  endsAt: z.number(),
  comment: z.string(),
  createdBy: z.string(),
  createdAt: z.number(),
});
export type Silence = z.infer<typeof Silence>;

const IsoOrMs = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true })]);

export const SilenceBody = z
  .strictObject({
    kind: z.enum(['silence', 'maintenance']).default('silence'),
    regionCode: RegionCode.optional(),
    category: Category.optional(),
    ruleId: z.string().min(1).max(64).optional(),
    /** Epoch ms or ISO 8601 with offset; default now. */
    startsAt: IsoOrMs.optional(),
    endsAt: IsoOrMs,
    comment: z.string().trim().min(1).max(500),
  })
  .refine((b) => b.regionCode || b.category || b.ruleId, {
    message: 'name at least one of regionCode, category, ruleId',
    path: ['regionCode'],
  });
export type SilenceBody = z.infer<typeof SilenceBody>;

/** A notification to one user (shown on the leader page), kept whether it was sent or silenced. */
export const Notice = z.object({
  id: z.string(),
  userId: z.string(),
  caseId: z.string(),
  kind: NoticeKind,
  level: RaisedLevel,
  title: z.string(),
  body: z.string(),
  createdAt: z.number(),
  status: z.enum(['sent', 'silenced']),
  silenceId: z.string().nullable(),
});
export type Notice = z.infer<typeof Notice>;

/** A channel's delivery health, for /readyz and the wall. */
export const ChannelHealth = z.object({
  id: z.string(),
  type: ChannelType,
  /** The newest outcome is a message that ran out of retries. */
  failing: z.boolean(),
  pending: z.number().int(),
  dead: z.number().int(),
  lastError: z.string().nullable(),
  lastSentAt: z.number().nullable(),
});
export type ChannelHealth = z.infer<typeof ChannelHealth>;
