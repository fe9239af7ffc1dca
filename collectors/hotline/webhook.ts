import express, { Router } from 'express';
import type { FieldError, HotlineOrder, HotlineResult, HotlineTriage } from '#contracts';
import { HotlineBatch, HotlineOrder as HotlineOrderSchema } from '#contracts';
import type { IngestKeys } from '../../backend/auth/ingest-keys.js';
import { requireJson, sendError, zodFields } from '../../backend/http/errors.js';
import { IngestRejected, type ReportDraft } from '#contracts';
import type { IngestPort } from '../port.js';
import { BODY_LIMIT, requireIngestKey, requireSource } from '../../backend/auth/require-key.js';
import type { HotlineLedger } from './ledger.js';
import { HOTLINE_ORDERS_PATH } from './paths.js';
import { toDraft, toOrderPath, type OrderContext } from './work-order.js';

type Prefix = (i: number) => string;

const at = (prefix: string, field: string) => (prefix ? `${prefix}.${field}` : field);

/** One order or an array of them; field paths like `[3].callTime` for an array, `callTime` alone. */
function parseOrders(
  body: unknown,
): { orders: HotlineOrder[]; prefix: Prefix } | { fields: FieldError[] } {
  if (Array.isArray(body)) {
    const parsed = HotlineBatch.safeParse(body);
    return parsed.success
      ? { orders: parsed.data, prefix: (i) => `[${i}]` }
      : { fields: zodFields(parsed.error.issues) };
  }
  const parsed = HotlineOrderSchema.safeParse(body);
  return parsed.success
    ? { orders: [parsed.data], prefix: () => '' }
    : { fields: zodFields(parsed.error.issues) };
}

/** Every order as a draft, or every field (in the order's terms) that stops the batch. */
function toDrafts(
  orders: readonly HotlineOrder[],
  prefix: Prefix,
  ctx: OrderContext,
): { drafts: ReportDraft[]; triage: HotlineTriage[] } | { fields: FieldError[] } {
  const drafts: ReportDraft[] = [];
  const triage: HotlineTriage[] = [];
  const fields: FieldError[] = [];
  orders.forEach((order, index) => {
    const outcome = toDraft(order, ctx);
    if (!outcome.draft) {
      for (const f of outcome.fields) fields.push({ ...f, path: at(prefix(index), f.path) });
      return;
    }
    drafts.push(outcome.draft);
    if (outcome.triage) {
      const { regionCode } = outcome.draft;
      triage.push({ index, orderNo: order.orderNo, regionCode, reason: outcome.triage });
    }
  });
  return fields.length > 0 ? { fields } : { drafts, triage };
}

/**
 * POST /api/v1/collectors/hotline/orders: work orders as a 12345 call-centre system pushes them,
 * with a hotline key. All or nothing like /api/v1/reports: one bad order refuses the request and
 * nothing is stored; errors name the order's own fields.
 */
export function hotlineRouter(deps: {
  ingest: IngestPort;
  keys: () => IngestKeys;
  context: OrderContext;
  /** Which report each 工单编号 became, for the answer back (before the 202 goes out). */
  ledger: Pick<HotlineLedger, 'remember'>;
  clock: () => number;
}): Router {
  const router = Router();
  router.post(
    HOTLINE_ORDERS_PATH,
    requireJson,
    requireIngestKey(deps.keys),
    requireSource('hotline'),
    // Same limit as /api/v1/reports: 1,000 orders of 2,000 Chinese characters fit.
    express.json({ limit: BODY_LIMIT, strict: false }),
    async (req, res) => {
      const parsed = parseOrders(req.body);
      if ('fields' in parsed) {
        sendError(res, 400, 'invalid_order', 'the work order has invalid fields', parsed.fields);
        return;
      }
      const { prefix } = parsed;
      const mapped = toDrafts(parsed.orders, prefix, deps.context);
      if ('fields' in mapped) {
        sendError(res, 400, 'invalid_order', 'the work order has invalid fields', mapped.fields);
        return;
      }
      try {
        const result = await deps.ingest.ingest(mapped.drafts, prefix);
        // Every order was turned into a draft (or the request refused), so ids line up with orders.
        deps.ledger.remember(
          parsed.orders.flatMap((o, i) => {
            const reportId = result.ids[i];
            return reportId ? [{ orderNo: o.orderNo, reportId }] : [];
          }),
          deps.clock(),
        );
        const body: HotlineResult = { ...result, triage: mapped.triage };
        res.status(202).json(body);
      } catch (err) {
        if (!(err instanceof IngestRejected)) throw err;
        const fields = err.fields.map((f) => ({ ...f, path: toOrderPath(f.path) }));
        sendError(res, 400, 'invalid_order', 'the work order has invalid fields', fields);
      }
    },
  );
  return router;
}
