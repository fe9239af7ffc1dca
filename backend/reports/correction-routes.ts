import express, { Router } from 'express';
import type { Report } from '#contracts';
import { CorrectionBody } from '#contracts';
import type { Auth } from '../auth/middleware.js';
import { currentUser, requireRole, requireUser } from '../auth/middleware.js';
import { sendError } from '../http/errors.js';
import { parseOr400 } from '../http/answer.js';
import type { ReportStore } from '../store/store.js';
import { inScope } from '../users/directory.js';
import type { CorrectionBook } from './corrections.js';
import { toDetail } from './view.js';

export interface CorrectionRoutesDeps {
  auth: Auth;
  store: Pick<ReportStore, 'get'>;
  corrections: CorrectionBook;
  clock: () => number;
  /** Tell whoever listens (the sentiment engine) that a report now reads differently. */
  publish: (report: Report) => void;
}

/**
 * One report for staff (with its judgement and corrections), and the dispatcher's correction of
 * its colour and category. County users correct any report; town users those in their scope.
 */
export function correctionRouter(deps: CorrectionRoutesDeps): Router {
  const router = Router();
  const user = requireUser(deps.auth);
  const json = express.json({ limit: '16kb' });

  const load = async (id: string, res: Parameters<typeof currentUser>[0]) => {
    const report = await deps.store.get(id);
    if (!report || !inScope(currentUser(res), report.regionCode)) {
      sendError(res, 404, 'not_found', `诉求 ${id} 不存在或不在您的管辖范围内`);
      return null;
    }
    return report;
  };

  // A wall account reads the wall's views, never a caller's name, number or door.
  const staff = requireRole('county', 'town', 'village', 'staff');
  router.get('/api/v1/reports/:id', user, staff, async (req, res) => {
    const report = await load(req.params.id as string, res);
    if (!report) return;
    res.json({
      report: toDetail(deps.corrections.apply(report)),
      corrections: deps.corrections.history(report.id),
    });
  });

  router.post(
    '/api/v1/reports/:id/correction',
    user,
    requireRole('county', 'town'),
    json,
    async (req, res) => {
      const body = parseOr400(res, CorrectionBody, req.body);
      if (!body) return;
      const report = await load(req.params.id as string, res);
      if (!report) return;
      const me = currentUser(res);
      const correction = deps.corrections.correct(
        report,
        body,
        { id: me.id, name: me.name },
        deps.clock(),
      );
      const corrected = deps.corrections.apply(report);
      deps.publish(corrected);
      res.status(201).json({ report: toDetail(corrected), correction });
    },
  );
  return router;
}
