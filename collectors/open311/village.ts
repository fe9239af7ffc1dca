import express, { Router } from 'express';
import type { VillageInfo, VillageReportResult } from '#contracts';
import { VillageReportBody } from '#contracts';
import { requireJson, sendError, zodFields } from '../../backend/http/errors.js';
import type { RegionTree } from '../../backend/regions/tree.js';
import { IngestRejected } from '#contracts';
import type { Open311Intake } from './intake.js';
import type { RateLimiter } from './rate-limit.js';
import { isoCst } from './time.js';
import { placeName, SERVICE_NOTICE } from './view.js';

/** A resident's report and a phone number fit many times over; anything bigger is not a resident. */
const BODY_LIMIT = '16kb';

export interface VillageRouteDeps {
  intake: Open311Intake;
  regions: RegionTree;
  limiter: RateLimiter;
}

/**
 * The village QR page's API. The page is public, so it carries no ingest key: instead each client
 * (IP address) is rate-limited and the body is small. Reports go through the same ledger and
 * ingest as Open311 requests, and the number returned is their service_request_id.
 */
export function villageRouter(deps: VillageRouteDeps): Router {
  const router = Router();
  const village = (code: string) => {
    const region = deps.regions.get(code);
    return region?.kind === 'village' ? region : undefined;
  };

  router.get('/api/v1/collectors/app/villages/:villageCode', (req, res) => {
    const region = village(req.params.villageCode);
    if (!region) {
      sendError(res, 404, 'unknown_village', `no village ${req.params.villageCode}`, [
        { path: 'villageCode', message: 'unknown village code' },
      ]);
      return;
    }
    const info: VillageInfo = {
      code: region.code,
      name: region.name,
      place: placeName(deps.regions, region.code),
      groups: deps.regions.children(region.code).map((g) => ({ code: g.code, name: g.name })),
    };
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(info);
  });

  router.post(
    '/api/v1/collectors/app/village-report',
    requireJson,
    (req, res, next) => {
      // Before the body is read: a flood costs us as little as possible.
      const taken = deps.limiter.take(req.ip ?? 'unknown');
      if (taken.ok) {
        next();
        return;
      }
      res.setHeader('Retry-After', String(taken.retryAfterSeconds));
      sendError(
        res,
        429,
        'rate_limited',
        `too many reports from this address; try again in ${taken.retryAfterSeconds} s`,
      );
    },
    express.json({ limit: BODY_LIMIT }),
    async (req, res) => {
      const parsed = VillageReportBody.safeParse(req.body);
      if (!parsed.success) {
        sendError(
          res,
          400,
          'invalid_report',
          'the report has invalid fields',
          zodFields(parsed.error.issues),
        );
        return;
      }
      const body = parsed.data;
      if (!village(body.villageCode)) {
        sendError(res, 400, 'invalid_report', 'the report has invalid fields', [
          { path: 'villageCode', message: `unknown village code ${body.villageCode}` },
        ]);
        return;
      }
      const group = body.groupCode ? deps.regions.get(body.groupCode) : undefined;
      if (body.groupCode && (group?.kind !== 'group' || group.parentCode !== body.villageCode)) {
        sendError(res, 400, 'invalid_report', 'the report has invalid fields', [
          {
            path: 'groupCode',
            message: `${body.groupCode} is not a group of village ${body.villageCode}`,
          },
        ]);
        return;
      }
      try {
        const { id, requestedAt } = await deps.intake.submit({
          serviceCode: body.category,
          description: body.text,
          regionCode: group?.code ?? body.villageCode,
          triage: null,
          placedBy: 'page',
          address: null,
          lat: null,
          long: null,
          mediaUrl: null,
          deviceId: null,
          accountId: null,
          channel: 'village-page',
          phone: body.phone,
        });
        const result: VillageReportResult = {
          serviceRequestId: id,
          requestedAt: isoCst(requestedAt),
          serviceNotice: SERVICE_NOTICE,
        };
        res.status(201).json(result);
      } catch (err) {
        if (!(err instanceof IngestRejected)) throw err;
        sendError(res, 400, 'invalid_report', 'the report has invalid fields', err.fields);
      }
    },
  );

  return router;
}
