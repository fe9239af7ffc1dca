import express, { Router } from 'express';
import { GridBatchBody, GridQuietQuery } from '#contracts';
import type { IngestKeys } from '../../backend/auth/ingest-keys.js';
import { requireJson, sendError, zodFields } from '../../backend/http/errors.js';
import type { RegionTree } from '../../backend/regions/tree.js';
import { IngestRejected } from '#contracts';
import { BODY_LIMIT, requireIngestKey, requireSource } from '../../backend/auth/require-key.js';
import { GridRejected, type GridBatchService } from './batch.js';
import { quietReport, type QuietDeps } from './quiet.js';

export const GRID_BATCHES_PATH = '/api/v1/collectors/grid/batches';
export const GRID_QUIET_PATH = '/api/v1/collectors/grid/quiet';

/** A missing field says so, rather than "expected string, received undefined". */
const requiredMessage = (issue: { code?: string; input?: unknown }) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'required' : undefined;

export function gridRouter(deps: {
  batches: GridBatchService;
  keys: () => IngestKeys;
  regions: RegionTree;
  quiet: QuietDeps;
}): Router {
  const router = Router();

  router.post(
    GRID_BATCHES_PATH,
    requireJson,
    requireIngestKey(deps.keys),
    requireSource('grid'),
    // Same limit as /api/v1/reports: 1,000 items of 2,000 Chinese characters fit.
    express.json({ limit: BODY_LIMIT, strict: false }),
    async (req, res) => {
      const parsed = GridBatchBody.safeParse(req.body, { error: requiredMessage });
      if (!parsed.success) {
        sendError(
          res,
          400,
          'invalid_batch',
          'the batch has invalid fields',
          zodFields(parsed.error.issues),
        );
        return;
      }
      try {
        res.status(202).json(await deps.batches.file(parsed.data));
      } catch (err) {
        if (err instanceof GridRejected) {
          sendError(res, err.status, err.error, err.message, err.fields);
        } else if (err instanceof IngestRejected) {
          sendError(res, 400, 'invalid_batch', 'the batch has invalid items', err.fields);
        } else {
          throw err;
        }
      }
    },
  );

  router.get(GRID_QUIET_PATH, async (req, res) => {
    const parsed = GridQuietQuery.safeParse(req.query);
    if (!parsed.success) {
      sendError(res, 400, 'invalid_query', 'invalid query', zodFields(parsed.error.issues));
      return;
    }
    const { regionCode, hours } = parsed.data;
    const region = deps.regions.get(regionCode);
    if (!region || region.kind === 'group') {
      sendError(res, 400, 'invalid_query', 'regionCode must be the county, a town or a village', [
        {
          path: 'regionCode',
          message: region
            ? `${regionCode} is a ${region.kind}; give the county, a town or a village`
            : `unknown region code ${regionCode}`,
        },
      ]);
      return;
    }
    res.json(await quietReport(deps.quiet, region, hours));
  });

  return router;
}
