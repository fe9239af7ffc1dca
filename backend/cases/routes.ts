import express, { Router, type Request, type RequestHandler } from 'express';
import type { z } from 'zod';
import type { Alert, Case } from '#contracts';
import {
  ACTIVE_CASE_STATUSES,
  AcknowledgeBody,
  AssignBody,
  AttachmentBody,
  CaseQuery,
  CloseBody,
  CommentBody,
  EscalateBody,
  FollowUpBody,
  ResolveBody,
  StartBody,
  TakeOverBody,
} from '#contracts';
import { clientAddress } from '../auth/client-address.js';
import { currentUser, requireUser, type Auth } from '../auth/middleware.js';
import { requireJson, sendError } from '../http/errors.js';
import type { CaseRepository } from './case-repo.js';
import type { Caller, CaseService } from './case-service.js';
import { answer, parseOr400 } from '../http/answer.js';
import { CaseError } from './permissions.js';

const json = express.json({ limit: '16kb' });

export interface CasesRouterDeps {
  auth: Auth;
  cases: CaseService;
  repo: CaseRepository;
  activeAlerts: () => Alert[];
}

/** Where a request came from, for the audit: the client address and its User-Agent. */
export function originOf(req: Request): Caller['origin'] {
  return { address: clientAddress(req), userAgent: req.get('user-agent')?.slice(0, 256) ?? null };
}

/** An action on a case as a sub-resource: POST /api/v1/cases/{id}/<action> with a JSON body. */
function action<S extends z.ZodType>(
  deps: CasesRouterDeps,
  schema: S,
  run: (by: Caller, id: string, body: z.output<S>) => Case,
): RequestHandler[] {
  return [
    requireJson,
    requireUser(deps.auth),
    json,
    (req, res) => {
      const body = parseOr400(res, schema, req.body);
      if (body === null) return;
      const by: Caller = { user: currentUser(res), origin: originOf(req) };
      answer(res, () => ({ case: run(by, String(req.params.id), body) }));
    },
  ];
}

export function casesRouter(deps: CasesRouterDeps): Router {
  const router = Router();
  const { cases } = deps;
  const user = requireUser(deps.auth);

  router.get('/api/v1/cases', user, (req, res) => {
    const q = parseOr400(res, CaseQuery, req.query, 'invalid_query');
    if (q === null) return;
    const statuses = q.open === 'true' ? [...ACTIVE_CASE_STATUSES] : q.status;
    const me = currentUser(res);
    answer(res, () => ({
      cases: cases.list(me, {
        statuses,
        levels: q.level,
        regionCode: q.regionCode,
        assigneeId: q.mine === 'true' ? me.id : undefined,
        limit: q.limit,
      }),
    }));
  });
  router.get('/api/v1/cases/:id', user, (req, res) => {
    answer(res, () => cases.get(currentUser(res), req.params.id as string));
  });
  router.get('/api/v1/cases/:id/events', user, (req, res) => {
    answer(res, () => ({ events: cases.get(currentUser(res), req.params.id as string).events }));
  });

  router.post(
    '/api/v1/cases/:id/acknowledge',
    ...action(deps, AcknowledgeBody, (u, id, b) => cases.acknowledge(u, id, b.note)),
  );
  router.post(
    '/api/v1/cases/:id/start',
    ...action(deps, StartBody, (u, id, b) => cases.start(u, id, b.note)),
  );
  router.post(
    '/api/v1/cases/:id/resolve',
    ...action(deps, ResolveBody, (u, id, b) => cases.resolve(u, id, b.note)),
  );
  router.post(
    '/api/v1/cases/:id/follow-up',
    ...action(deps, FollowUpBody, (u, id, b) => cases.followUp(u, id, b.satisfaction, b.note)),
  );
  router.post(
    '/api/v1/cases/:id/close',
    ...action(deps, CloseBody, (u, id, b) => cases.close(u, id, b.note)),
  );
  router.post(
    '/api/v1/cases/:id/escalate',
    ...action(deps, EscalateBody, (u, id, b) => cases.escalate(u, id, b.reason)),
  );
  router.post(
    '/api/v1/cases/:id/assign',
    ...action(deps, AssignBody, (u, id, b) => cases.assign(u, id, b.userId)),
  );
  router.post(
    '/api/v1/cases/:id/take-over',
    ...action(deps, TakeOverBody, (u, id, b) => cases.takeOver(u, id, b.reason)),
  );
  router.post(
    '/api/v1/cases/:id/comments',
    ...action(deps, CommentBody, (u, id, b) => cases.comment(u, id, b.text)),
  );
  router.post(
    '/api/v1/cases/:id/attachments',
    ...action(deps, AttachmentBody, (u, id, b) => cases.attach(u, id, b)),
  );

  // An alert and its case: the alert list itself is GET /api/v1/alerts (levels router).
  router.get('/api/v1/alerts/:id', (req, res) => {
    const alert = deps.activeAlerts().find((a) => a.id === req.params.id) ?? null;
    const c = deps.repo.byAlert(req.params.id as string);
    if (!alert && !c) {
      sendError(res, 404, 'not_found', `预警 ${req.params.id} 不存在或已解除`);
      return;
    }
    res.json({ alert, caseId: c?.id ?? null });
  });
  router.post(
    '/api/v1/alerts/:id/acknowledge',
    ...action(deps, AcknowledgeBody, (u, alertId, b) => {
      const c = deps.repo.byAlert(alertId);
      if (!c) throw new CaseError(404, 'not_found', `预警 ${alertId} 没有工单`);
      return cases.acknowledge(u, c.id, b.note);
    }),
  );
  return router;
}
