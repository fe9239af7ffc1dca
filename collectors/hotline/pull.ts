import { Router } from 'express';
import type { IngestKeys } from '../../backend/auth/ingest-keys.js';
import { requireIngestKey, requireSource } from '../../backend/auth/require-key.js';
import { sendError } from '../../backend/http/errors.js';
import { answerBody, type CallCentreOrders } from './answer.js';
import { HOTLINE_ORDERS_PATH } from './paths.js';

/** The pull endpoint's path: the webhook's, with the call centre's own number. */
export const HOTLINE_ANSWER_PATH = `${HOTLINE_ORDERS_PATH}/:workOrderNumber`;

/**
 * GET /api/v1/collectors/hotline/orders/{workOrderNumber}, with the hotline key: the same body the
 * callback sends, for the order's state now. For call centres that poll, and for one that missed
 * a callback. 404 for a number never received; 503 with Retry-After for one received a moment ago
 * whose work order is still being registered.
 */
export function answerRouter(deps: { keys: () => IngestKeys; orders: CallCentreOrders }): Router {
  const router = Router();
  router.get(
    HOTLINE_ANSWER_PATH,
    requireIngestKey(deps.keys),
    requireSource('hotline'),
    (req, res) => {
      const number = String(req.params.workOrderNumber).trim();
      const order = deps.orders.orderOf(number);
      res.setHeader('Cache-Control', 'no-store');
      if (order === 'pending') {
        res.setHeader('Retry-After', '1');
        sendError(res, 503, 'order_pending', `work order ${number} is being registered`);
        return;
      }
      if (!order) {
        sendError(res, 404, 'unknown_order', `no work order ${number} was received`, [
          { path: 'workOrderNumber', message: 'unknown 工单编号' },
        ]);
        return;
      }
      res.json(answerBody(number, order));
    },
  );
  return router;
}
