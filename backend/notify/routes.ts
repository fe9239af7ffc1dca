import express, { Router } from 'express';
import { z } from 'zod';
import { SilenceBody } from '#contracts';
import { currentUser, requireRole, requireUser, type Auth } from '../auth/middleware.js';
import { ActionError, answer, parseOr400 } from '../http/answer.js';
import { requireJson } from '../http/errors.js';
import { inScope } from '../users/directory.js';
import { silenceWindow, type SilenceBook } from './silences.js';
import type { OutboxWorker } from './worker.js';
import type { NoticeLog } from './notice-log.js';

const NoticeQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export interface NotifyRouterDeps {
  auth: Auth;
  notices: NoticeLog;
  silences: SilenceBook;
  worker: OutboxWorker;
  clock: () => number;
}

/** Silences and maintenance windows, my notices (the leader page's history), channel health. */
export function notifyRouter(deps: NotifyRouterDeps): Router {
  const router = Router();
  const user = requireUser(deps.auth);
  const managers = requireRole('county', 'town');
  const notices = deps.notices;

  router.get('/api/v1/silences', user, (_req, res) => {
    const me = currentUser(res);
    const visible = deps.silences
      .current(deps.clock())
      .filter((s) => s.regionCode === null || inScope(me, s.regionCode) || me.role === 'county');
    res.json({ silences: visible });
  });

  router.post(
    '/api/v1/silences',
    requireJson,
    user,
    managers,
    express.json({ limit: '8kb' }),
    (req, res) => {
      const body = parseOr400(res, SilenceBody, req.body);
      if (body === null) return;
      const me = currentUser(res);
      answer(
        res,
        () => {
          // Below the county a silence must name a region inside the user's own.
          if (me.role !== 'county' && (!body.regionCode || !inScope(me, body.regionCode))) {
            throw new ActionError(403, 'out_of_scope', '只能静默本辖区内的预警通知');
          }
          const window = silenceWindow(body, deps.clock());
          if (window.endsAt <= window.startsAt) {
            throw new ActionError(400, 'invalid_body', 'the request has invalid fields', [
              { path: 'endsAt', message: 'must be after startsAt' },
            ]);
          }
          return { silence: deps.silences.create(body, me.name, deps.clock()) };
        },
        201,
      );
    },
  );

  router.delete('/api/v1/silences/:id', user, managers, (req, res) => {
    const me = currentUser(res);
    answer(res, () => {
      const silence = deps.silences.get(req.params.id as string);
      if (!silence) throw new ActionError(404, 'not_found', '静默规则不存在');
      if (me.role !== 'county' && (!silence.regionCode || !inScope(me, silence.regionCode))) {
        throw new ActionError(403, 'out_of_scope', '只能删除本辖区内的静默规则');
      }
      deps.silences.remove(silence.id, deps.clock());
      return { silence };
    });
  });

  router.get('/api/v1/notices', user, (req, res) => {
    const q = parseOr400(res, NoticeQuery, req.query, 'invalid_query');
    if (q === null) return;
    res.json({ notices: notices.forUser(currentUser(res).id, q.limit) });
  });

  router.get('/api/v1/notify/channels', user, (_req, res) => {
    res.json({ channels: deps.worker.health() });
  });
  return router;
}
