import { Router } from 'express';
import type { Assessment } from '#contracts';
import { AssessmentQuery, WallAssessmentQuery } from '#contracts';
import { currentUser, requireUser, type Auth } from '../auth/middleware.js';
import { ActionError, answer, parseOr400 } from '../http/answer.js';
import { sendError } from '../http/errors.js';
import type { AssessmentService } from './service.js';
import { assessmentWorkbook, workbookName } from './workbook.js';

export interface AssessmentRouterDeps {
  auth: Auth;
  assessment: AssessmentService;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** /api/v1/assessment: 考核 figures as JSON, or the same as an Excel workbook. */
export function assessmentRouter(deps: AssessmentRouterDeps): Router {
  const router = Router();
  const user = requireUser(deps.auth);

  router.get('/api/v1/assessment', user, (req, res) => {
    const q = parseOr400(res, AssessmentQuery, req.query, 'invalid_query');
    if (q === null) return;
    answer(res, () => deps.assessment.assess(currentUser(res), q));
  });

  // The wall's 考核 of this month (county, or `?region=<town>`): WALL_TOKEN guards it with the
  // wall's other reads (realtime/wall-access.ts).
  router.get('/api/v1/wall/assessment', (req, res) => {
    const q = parseOr400(res, WallAssessmentQuery, req.query, 'invalid_query');
    if (q === null) return;
    const figures = deps.assessment.wall(q.region);
    if (!figures) {
      sendError(res, 404, 'not_found', `区划 ${q.region ?? ''} 不是县或镇 / not a county or town`);
      return;
    }
    res.set('Cache-Control', 'no-store');
    res.json(figures);
  });

  router.get('/api/v1/assessment.xlsx', user, async (req, res) => {
    const q = parseOr400(res, AssessmentQuery, req.query, 'invalid_query');
    if (q === null) return;
    let figures: Assessment;
    try {
      figures = deps.assessment.assess(currentUser(res), q);
    } catch (err) {
      if (!(err instanceof ActionError)) throw err;
      sendError(res, err.status, err.code, err.message, err.fields);
      return;
    }
    const file = await assessmentWorkbook(figures);
    const name = workbookName(figures);
    res.type(XLSX);
    res.set(
      'Content-Disposition',
      `attachment; filename="assessment-${figures.from}-${figures.to}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
    res.set('Cache-Control', 'private, no-store');
    res.send(file);
  });
  return router;
}
