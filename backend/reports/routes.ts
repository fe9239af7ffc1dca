import express, { Router } from 'express';
import { z } from 'zod';
import type { ReportInput, Source } from '#contracts';
import { HistoryQuery, MAX_BATCH, ReportInput as ReportInputSchema } from '#contracts';
import type { IngestKeys } from '../auth/ingest-keys.js';
import { BODY_LIMIT, requireIngestKey } from '../auth/require-key.js';
import { requireJson, sendError, zodFields } from '../http/errors.js';
import type { ReportStore } from '../store/store.js';
import { IngestRejected } from '#contracts';
import type { IngestService } from './ingest.js';
import { countyBucketStart } from '#contracts/county-time';

const Batch = z
  .array(ReportInputSchema)
  .min(1)
  .max(MAX_BATCH, `at most ${MAX_BATCH} reports per request`);

function parseBody(
  body: unknown,
):
  | { items: ReportInput[]; prefix: (i: number) => string }
  | { fields: ReturnType<typeof zodFields> } {
  if (Array.isArray(body)) {
    const parsed = Batch.safeParse(body);
    return parsed.success
      ? { items: parsed.data, prefix: (i) => `[${i}]` }
      : { fields: zodFields(parsed.error.issues) };
  }
  const parsed = ReportInputSchema.safeParse(body);
  return parsed.success
    ? { items: [parsed.data], prefix: () => '' }
    : { fields: zodFields(parsed.error.issues) };
}

export function reportsRouter(deps: {
  ingest: IngestService;
  store: ReportStore;
  keys: () => IngestKeys;
  clock: () => number;
}): Router {
  const router = Router();

  router.post(
    '/api/v1/reports',
    requireJson,
    requireIngestKey(deps.keys),
    express.json({ limit: BODY_LIMIT, strict: false }),
    async (req, res) => {
      const parsed = parseBody(req.body);
      if ('fields' in parsed) {
        sendError(res, 400, 'invalid_report', 'the report has invalid fields', parsed.fields);
        return;
      }
      const keySource = res.locals.source as Source;
      const foreign = parsed.items.flatMap((item, i) =>
        item.source === keySource
          ? []
          : [
              {
                path: parsed.prefix(i) ? `${parsed.prefix(i)}.source` : 'source',
                message: `this key may only post for source "${keySource}", not "${item.source}"`,
              },
            ],
      );
      if (foreign.length > 0) {
        sendError(
          res,
          403,
          'forbidden_source',
          `this key may only post for source "${keySource}"`,
          foreign,
        );
        return;
      }
      try {
        const result = await deps.ingest.ingest(parsed.items, parsed.prefix);
        res.status(202).json(result);
      } catch (err) {
        if (!(err instanceof IngestRejected)) throw err;
        sendError(res, 400, 'invalid_report', 'the report has invalid fields', err.fields);
      }
    },
  );

  router.get('/api/v1/stats/history', async (req, res) => {
    const parsed = HistoryQuery.safeParse(req.query);
    if (!parsed.success) {
      sendError(res, 400, 'invalid_query', 'invalid query', zodFields(parsed.error.issues));
      return;
    }
    const q = parsed.data;
    const bucketMs = q.bucketMinutes * 60_000;
    // Day buckets start at county midnight; the window ends with the bucket holding now.
    const to = countyBucketStart(deps.clock(), bucketMs) + bucketMs;
    const from = to - Math.ceil((q.hours * 3_600_000) / bucketMs) * bucketMs;
    const body = await deps.store.history({
      from,
      to,
      bucketMs,
      by: q.by,
      regionCode: q.regionCode,
    });
    res.json(body);
  });

  return router;
}
