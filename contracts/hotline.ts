import { z } from 'zod';
import { SATISFACTIONS } from './case-vocabulary.js';
import { RegionCode } from './region.js';
import { Category, IngestResult, IsoDateTime, MAX_BATCH, MAX_TEXT_LENGTH } from './report.js';
import { ORDER_STATUSES } from './work-order-vocabulary.js';

/** 紧急程度 as call centres write it; 紧急 marks the report urgent. */
export const HOTLINE_URGENCIES = ['紧急', '一般'] as const;

/** Why a work order needs a person to place it (its address resolved only part way, or not at all). */
export const HOTLINE_TRIAGE_REASONS = ['address-partial', 'address-unresolved'] as const;

/** The call centre's own clock: `2026-11-22 09:30:00` (also `/`, `T`, no seconds), Asia/Shanghai. */
const LOCAL_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * 来电时间 as ISO 8601 with offset: kept as sent when it has an offset; a local time without one
 * is Asia/Shanghai (UTC+8, no daylight saving). Undefined when it is neither, or no real date.
 */
export function callTimeToIso(text: string): string | undefined {
  if (IsoDateTime.safeParse(text).success) return text;
  const parts = LOCAL_TIME.exec(text.trim())
    ?.slice(1)
    .map((p) => Number(p ?? 0));
  if (!parts) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = parts;
  const at = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 02-30 over to 03-02 and 25:00 to the next day: a real time reads back the same.
  const real =
    at.getUTCFullYear() === year &&
    at.getUTCMonth() === month - 1 &&
    at.getUTCDate() === day &&
    at.getUTCHours() === hour &&
    at.getUTCMinutes() === minute &&
    at.getUTCSeconds() === second;
  if (!real) return undefined;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}+08:00`;
}

/** A string with something other than spaces in it; false for anything else, whatever its type. */
const hasText = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';

/** A required text field: "required" when absent (an empty CSV cell), zod's own message otherwise. */
const requiredString = () =>
  z.string({ error: (issue) => (issue.input === undefined ? 'required' : undefined) });

const CALL_TIME_MESSAGE =
  'must be ISO 8601 with offset (2026-11-22T09:30:00+08:00) or YYYY-MM-DD HH:mm:ss (Asia/Shanghai)';

/**
 * One 12345 work order (工单) as a call-centre system pushes it. Field names are English; the
 * Chinese in each description is the name call centres use.
 */
export const HotlineOrder = z
  .strictObject({
    orderNo: requiredString()
      .trim()
      .min(1, 'must not be empty')
      .max(128)
      .describe(
        '工单编号: the call centre’s order number; a repeat is a duplicate, not stored twice',
      ),
    callTime: requiredString()
      .max(40)
      .refine((s) => callTimeToIso(s) !== undefined, CALL_TIME_MESSAGE)
      .describe(
        '来电时间: ISO 8601 with offset, or `YYYY-MM-DD HH:mm:ss` read as Asia/Shanghai; not more than 5 min in the future',
      ),
    callerNumber: z
      .string()
      .regex(/^(?:[\d+\-\s()]{5,24})?$/, 'must be a phone number')
      .optional()
      .describe(
        '来电号码: kept only as a salted hash and a masked form (138******78); "" = withheld',
      ),
    callerName: z.string().max(64).optional().describe('来电人'),
    content: requiredString()
      .trim()
      .min(1, 'must not be empty')
      .max(MAX_TEXT_LENGTH)
      .describe('诉求内容: the appeal as the operator wrote it; phone numbers in it are masked'),
    category: z
      .string()
      .max(32)
      .optional()
      .describe(
        '诉求分类: one of our category codes, our Chinese label (民生保障…), or an operator category named in config/hotline.json (环境保护…); any other value is left to text understanding',
      ),
    address: z
      .string()
      .max(256)
      .optional()
      .describe(
        '地址: free text (镇安县回龙镇和坪村三组) resolved to the deepest region; needed unless regionCode is given',
      ),
    regionCode: RegionCode.optional().describe(
      '区划代码: a town, village or group code; wins over address',
    ),
    urgency: z.enum(HOTLINE_URGENCIES).optional().describe('紧急程度: 紧急 or 一般'),
  })
  .refine((o) => hasText(o.regionCode) || hasText(o.address), {
    path: ['address'],
    message: 'address or regionCode required',
    // Reported with the other field errors, not only once they are fixed; so this runs on input
    // zod has not accepted yet: only when the two fields it reads have no error of their own
    // (`"address": {}` is "expected string", never a crash on `{}.trim`).
    when: ({ value, issues }) =>
      typeof value === 'object' &&
      value !== null &&
      !issues.some((i) => i.path?.[0] === 'address' || i.path?.[0] === 'regionCode'),
  });
export type HotlineOrder = z.infer<typeof HotlineOrder>;

export const HotlineBatch = z
  .array(HotlineOrder)
  .min(1)
  .max(MAX_BATCH, `at most ${MAX_BATCH} orders per request`);

/** What the webhook takes: one order or up to 1,000. */
export const HotlineBody = z.union([HotlineOrder, HotlineBatch]);

export const HotlineTriage = z.object({
  /** Position of the order in the request (0 for a single order). */
  index: z.number().int(),
  orderNo: z.string(),
  /** Where it was stored: the deepest region the address reached (the county when none). */
  regionCode: RegionCode,
  reason: z.enum(HOTLINE_TRIAGE_REASONS),
});
export type HotlineTriage = z.infer<typeof HotlineTriage>;

/** The webhook's 202: ingest's answer plus the orders a person must place. */
export const HotlineResult = IngestResult.extend({ triage: z.array(HotlineTriage) });
export type HotlineResult = z.infer<typeof HotlineResult>;

/**
 * The steps of a call-centre order the call centre is told about: 答复 (answered), 回访 found the
 * caller unsatisfied (reopened, 重新办理), and 办结 after a satisfied 回访 (closed).
 */
export const HOTLINE_CALLBACK_EVENTS = ['answered', 'reopened', 'closed'] as const;
export type HotlineCallbackEvent = (typeof HOTLINE_CALLBACK_EVENTS)[number];

const CALLBACK_RETRY_DEFAULTS = {
  attempts: 12,
  backoff: { baseSeconds: 30, maxSeconds: 3600 },
  timeoutSeconds: 10,
};

/**
 * config/hotline.json `callback`: where the answer goes back to the call centre. The secret that
 * signs it is never in the file: `secretEnv` names an environment variable, `secretFile` a file
 * (relative to the config directory) holding it.
 */
export const HotlineCallbackConfig = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    secretEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
      .optional(),
    secretFile: z.string().trim().min(1, 'must not be empty').optional(),
    secret: z
      .never({ error: 'never write the secret in this file; use secretEnv or secretFile' })
      .optional(),
    events: z
      .array(z.enum(HOTLINE_CALLBACK_EVENTS))
      .min(1)
      .default([...HOTLINE_CALLBACK_EVENTS]),
    retry: z
      .strictObject({
        /** Tries in all, the first one included; then the delivery is given up (logged). */
        attempts: z.number().int().min(1).max(100).default(CALLBACK_RETRY_DEFAULTS.attempts),
        /** Wait baseSeconds after the first failure, doubling each time, at most maxSeconds. */
        backoff: z
          .strictObject({
            baseSeconds: z.number().positive().max(3600).default(30),
            maxSeconds: z
              .number()
              .positive()
              .max(24 * 3600)
              .default(3600),
          })
          .default(CALLBACK_RETRY_DEFAULTS.backoff),
        timeoutSeconds: z.number().positive().max(120).default(10),
      })
      .default(CALLBACK_RETRY_DEFAULTS),
  })
  .refine((c) => (c.secretEnv === undefined) !== (c.secretFile === undefined), {
    path: ['secretEnv'],
    message: 'give exactly one of secretEnv or secretFile',
  });
export type HotlineCallbackConfig = z.infer<typeof HotlineCallbackConfig>;

/** config/hotline.json: the call centre's category names → ours, and where answers go back. */
export const HotlineConfig = z.strictObject({
  $comment: z.string().optional(),
  categories: z.record(z.string().trim().min(1).max(32), Category),
  callback: HotlineCallbackConfig.optional(),
});
export type HotlineConfig = z.infer<typeof HotlineConfig>;

/** An instant in the county's time with its offset: 2026-11-22T09:30:00+08:00. */
const CountyTime = z.string().describe('ISO 8601, county time (+08:00)');

/**
 * What the call centre is told about its order: POSTed (signed) to the configured callback URL
 * when the order is answered, reopened or closed, and answered by
 * GET /api/v1/collectors/hotline/orders/{workOrderNumber} at any time.
 */
export const HotlineAnswer = z.object({
  workOrderNumber: z.string().describe('工单编号: the call centre’s own number (orderNo) it sent'),
  orderNumber: z.string().describe('our 工单号 (G2612010007) the order is handled under'),
  status: z.enum(ORDER_STATUSES).describe('the order’s status now'),
  statusLabel: z.string().describe('the status in Chinese: 已答复, 重新办理, 已办结…'),
  answer: z
    .object({
      text: z.string().describe('答复: what the unit answered the caller'),
      at: CountyTime,
      by: z.string().describe('who answered'),
    })
    .optional()
    .describe('the latest 答复, once there is one'),
  visit: z
    .object({
      satisfaction: z.enum(SATISFACTIONS),
      satisfactionLabel: z.string().describe('满意, 基本满意 or 不满意'),
      at: CountyTime,
    })
    .optional()
    .describe('the latest 回访, once there is one'),
  at: CountyTime.describe('when the order reached this state (its last change)'),
});
export type HotlineAnswer = z.infer<typeof HotlineAnswer>;
