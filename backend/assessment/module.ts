import type { Router } from 'express';
import type { Auth } from '../auth/middleware.js';
import { assessmentRouter } from './routes.js';
import { AssessmentService, type AssessmentDeps } from './service.js';

/**
 * 考核 (issue 14): per town and village, how the work orders of a period went. It reads the
 * orders only through the tallies the orders module gives it, never their tables.
 */
export function createAssessment(deps: AssessmentDeps) {
  const service = new AssessmentService(deps);
  return {
    service,
    router: (auth: Auth): Router => assessmentRouter({ auth, assessment: service }),
  };
}
