import express, { Router, type Request, type RequestHandler } from 'express';
import type { z } from 'zod';
import type { User, WorkOrderDetail } from '#contracts';
import {
  ATTACHMENT_MAX_BYTES,
  AnswerBody,
  DispatchBody,
  HandleBody,
  OrderCommentBody,
  OrderQuery,
  ReportUpBody,
  ReturnBody,
  SignBody,
  SuperviseBody,
  TransferBody,
  VisitBody,
} from '#contracts';
import { currentUser, requireUser, type Auth } from '../auth/middleware.js';
import { ActionError, answer, parseOr400 } from '../http/answer.js';
import { requireJson, sendError } from '../http/errors.js';
import type { Origin, OrderService } from './service.js';

const json = express.json({ limit: '16kb' });
// Any type is read so that a wrong one gets our 415 in Chinese, not a silent empty body.
const raw = express.raw({ type: () => true, limit: ATTACHMENT_MAX_BYTES });

export interface OrdersRouterDeps {
  auth: Auth;
  orders: OrderService;
}

const origin = (req: Request): Origin => ({ address: req.ip ?? null });

/** An action as a sub-resource: POST /api/v1/work-orders/{id}/<action> with a JSON body. */
function action<S extends z.ZodType>(
  auth: Auth,
  schema: S,
  run: (user: User, id: string, body: z.output<S>, from: Origin) => WorkOrderDetail,
): RequestHandler[] {
  return [
    requireJson,
    requireUser(auth),
    json,
    (req, res) => {
      const body = parseOr400(res, schema, req.body);
      if (body === null) return;
      answer(res, () => run(currentUser(res), String(req.params.id), body, origin(req)));
    },
  ];
}

/** The file's name as the page sent it (X-File-Name, URI-encoded so Chinese survives). */
function fileName(req: Request): string {
  const header = req.get('x-file-name') ?? '';
  try {
    return decodeURIComponent(header).trim();
  } catch {
    return header.trim();
  }
}

/** /api/v1/work-orders: the queue, one order, its steps, its files. */
export function ordersRouter(deps: OrdersRouterDeps): Router {
  const router = Router();
  const { orders, auth } = deps;
  const user = requireUser(auth);

  router.get('/api/v1/work-orders', user, (req, res) => {
    const q = parseOr400(res, OrderQuery, req.query, 'invalid_query');
    if (q === null) return;
    answer(res, () => orders.list(currentUser(res), q));
  });
  router.get('/api/v1/work-orders/:id', user, (req, res) => {
    answer(res, () => orders.get(currentUser(res), String(req.params.id)));
  });

  const post = (name: string, handlers: RequestHandler[]) =>
    router.post(`/api/v1/work-orders/:id/${name}`, ...handlers);
  post(
    'dispatch',
    action(auth, DispatchBody, (u, id, b, o) => orders.dispatch(u, id, b, o)),
  );
  post(
    'sign',
    action(auth, SignBody, (u, id, b, o) => orders.sign(u, id, b.note, o)),
  );
  post(
    'handle',
    action(auth, HandleBody, (u, id, b, o) => orders.handle(u, id, b.note, o)),
  );
  post(
    'answer',
    action(auth, AnswerBody, (u, id, b, o) => orders.answer(u, id, b.text, o)),
  );
  post(
    'visit',
    action(auth, VisitBody, (u, id, b, o) => orders.visit(u, id, b, o)),
  );
  post(
    'return',
    action(auth, ReturnBody, (u, id, b, o) => orders.sendBack(u, id, b.reason, o)),
  );
  post(
    'transfer',
    action(auth, TransferBody, (u, id, b, o) => orders.transfer(u, id, b, o)),
  );
  post(
    'report-up',
    action(auth, ReportUpBody, (u, id, b, o) => orders.reportUp(u, id, b.reason, o)),
  );
  post(
    'supervise',
    action(auth, SuperviseBody, (u, id, b, o) => orders.supervise(u, id, b, o)),
  );
  post(
    'comments',
    action(auth, OrderCommentBody, (u, id, b, o) => orders.comment(u, id, b.text, o)),
  );

  router.post('/api/v1/work-orders/:id/attachments', user, raw, (req, res) => {
    const mediaType = (req.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    answer(
      res,
      () =>
        orders.attach(
          currentUser(res),
          String(req.params.id),
          { name: fileName(req), mediaType, bytes },
          origin(req),
        ),
      201,
    );
  });
  router.get('/api/v1/work-orders/:id/attachments/:attachmentId', user, (req, res) => {
    let file: ReturnType<OrderService['readAttachment']>;
    try {
      file = orders.readAttachment(
        currentUser(res),
        String(req.params.id),
        String(req.params.attachmentId),
      );
    } catch (err) {
      if (!(err instanceof ActionError)) throw err;
      sendError(res, err.status, err.code, err.message);
      return;
    }
    res.type(file.mediaType);
    res.set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    res.set('Cache-Control', 'private, max-age=3600');
    res.send(file.bytes);
  });
  return router;
}
