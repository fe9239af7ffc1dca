import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Open311PostResult, Source } from '#contracts';
import { Open311RequestBody, Open311RequestsQuery } from '#contracts';
import type { IngestKeys } from '../../backend/auth/ingest-keys.js';
import type { RegionTree } from '../../backend/regions/tree.js';
import { IngestRejected } from '#contracts';
import { StoreUnavailable } from '#contracts';
import { normalizeRequestBody } from './body.js';
import { issueDescriptions, Open311Refusal, sendOpen311Error } from './errors.js';
import type { Open311Intake } from './intake.js';
import type { Open311Ledger, RequestRow } from './ledger.js';
import { placeRequest, type Locate } from './place.js';
import { isServiceCode, SERVICES } from './services.js';
import type { RequestStatuses } from './status.js';
import { SERVICE_NOTICE, toServiceRequest } from './view.js';

/** The source whose key an Open311 POST must carry. */
const SOURCE: Source = 'app';
/** GeoReport v2: a date range may not span more than 90 days; the default is the last 90. */
const RANGE_MS = 90 * 86_400_000;
/** When this endpoint's behaviour last changed, as discovery reports it. */
const DISCOVERY_CHANGESET = '2026-11-01T00:00:00+08:00';
/** At most this many requests per answer, newest first. */
export const MAX_LIST = 1000;
/** A description of 2,000 Chinese characters, percent-encoded, fits with room to spare. */
const BODY_LIMIT = '64kb';

export interface Open311RouteDeps {
  intake: Open311Intake;
  ledger: Open311Ledger;
  coverage: RequestStatuses;
  regions: RegionTree;
  keys: () => IngestKeys;
  clock: () => number;
  /** The nearest known village to a request's coordinates (none: it waits at the county). */
  locate?: Locate;
}

/** Only JSON is served; `.xml` (the standard's other format) is refused by name. */
const jsonOnly: RequestHandler = (req, _res, next) => {
  const format = req.params.format;
  if (format === 'json') {
    next();
    return;
  }
  throw new Open311Refusal(400, [
    `format: ".${String(format)}" is not served here; only .json (XML is not supported)`,
  ]);
};

/** The api_key of the `app` source, from the body (the standard) or the query string. */
function checkKey(keys: IngestKeys, body: unknown, query: unknown): void {
  const given =
    (body as { api_key?: unknown } | undefined)?.api_key ??
    (query as { api_key?: unknown } | undefined)?.api_key;
  if (given === undefined || given === '') {
    throw new Open311Refusal(403, [
      `api_key: missing; POST needs the key of the "${SOURCE}" source`,
    ]);
  }
  if (typeof given !== 'string') throw new Open311Refusal(403, ['api_key: must be one string']);
  const source = keys.get(given);
  if (!source) throw new Open311Refusal(403, ['api_key: unknown key']);
  if (source !== SOURCE) {
    throw new Open311Refusal(403, [
      `api_key: this key belongs to source "${source}"; Open311 requests take only "${SOURCE}" keys`,
    ]);
  }
}

export function open311Router(deps: Open311RouteDeps): Router {
  const router = Router();
  const county = deps.regions.county;

  const checkJurisdiction = (id: unknown) => {
    if (id === undefined || id === '' || id === county.code) return;
    throw new Open311Refusal(404, [
      `jurisdiction_id: unknown jurisdiction "${String(id)}"; this endpoint serves ${county.code} (${county.name})`,
    ]);
  };

  const view = (row: RequestRow) => toServiceRequest(deps.regions, row, deps.coverage.status(row));

  /** Service discovery: where GeoReport v2 lives here and that it speaks JSON. */
  router.get('/open311/discovery.:format', jsonOnly, (req, res) => {
    res.json({
      changeset: DISCOVERY_CHANGESET,
      contact: `${county.name}民情气象 · 12345`,
      key_service: `ingest key of the "${SOURCE}" source, from the deployment's operators`,
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${req.protocol}://${req.get('host') ?? 'localhost'}/open311/v2`,
          changeset: DISCOVERY_CHANGESET,
          type: 'production',
          formats: ['application/json'],
        },
      ],
    });
  });

  router.get('/open311/v2/services.:format', jsonOnly, (req, res) => {
    checkJurisdiction(req.query.jurisdiction_id);
    res.json(SERVICES);
  });

  router.post(
    '/open311/v2/requests.:format',
    jsonOnly,
    (req, _res, next) => {
      if (!req.is(['application/x-www-form-urlencoded', 'application/json'])) {
        throw new Open311Refusal(400, [
          'Content-Type: must be application/x-www-form-urlencoded or application/json',
        ]);
      }
      next();
    },
    express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 100 }),
    express.json({ limit: BODY_LIMIT }),
    async (req, res) => {
      checkKey(deps.keys(), req.body, req.query);
      const parsed = Open311RequestBody.safeParse(normalizeRequestBody(req.body));
      if (!parsed.success) throw new Open311Refusal(400, issueDescriptions(parsed.error.issues));
      const body = parsed.data;
      if (!isServiceCode(body.service_code)) {
        throw new Open311Refusal(404, [
          `service_code: unknown service "${body.service_code}"; GET /open311/v2/services.json lists them`,
        ]);
      }
      checkJurisdiction(body.jurisdiction_id);
      const placed = placeRequest(
        deps.regions,
        {
          regionCode: body.attribute?.region_code,
          address: body.address_string,
          addressId: body.address_id,
          lat: body.lat,
          long: body.long,
        },
        deps.locate,
      );
      if (!placed.ok) throw new Open311Refusal(400, [placed.description]);
      const { id } = await deps.intake.submit({
        serviceCode: body.service_code,
        description: body.description,
        regionCode: placed.regionCode,
        triage: placed.triage,
        placedBy: placed.placedBy,
        address: body.address_string ?? null,
        lat: body.lat ?? null,
        long: body.long ?? null,
        mediaUrl: body.media_url ?? null,
        deviceId: body.device_id ?? null,
        accountId: body.account_id ?? null,
        channel: 'open311',
        reporterName: reporterName(body.first_name, body.last_name),
        phone: body.phone,
      });
      const answer: Open311PostResult = [
        {
          service_request_id: id,
          service_notice: SERVICE_NOTICE,
          account_id: body.account_id ?? null,
        },
      ];
      res.json(answer);
    },
  );

  router.get('/open311/v2/requests.:format', jsonOnly, (req, res) => {
    const parsed = Open311RequestsQuery.safeParse(req.query);
    if (!parsed.success) throw new Open311Refusal(400, issueDescriptions(parsed.error.issues));
    const q = parsed.data;
    checkJurisdiction(q.jurisdiction_id);
    if (q.service_request_id) {
      if (q.service_request_id.length > MAX_LIST) {
        throw new Open311Refusal(400, [`service_request_id: at most ${MAX_LIST} ids`]);
      }
      res.json(deps.ledger.many(q.service_request_id).map(view));
      return;
    }
    const unknown = (q.service_code ?? []).filter((c) => !isServiceCode(c));
    if (unknown.length > 0) {
      throw new Open311Refusal(
        400,
        unknown.map((c) => `service_code: unknown service "${c}"`),
      );
    }
    const { from, to } = dateRange(q.start_date, q.end_date, deps.clock());
    const statuses = q.status && q.status.length > 0 ? new Set(q.status) : null;
    const rows = deps.ledger.list({
      from,
      to: to + 1,
      serviceCodes: q.service_code,
      // A status filter is applied after reading, so read the whole range then.
      limit: statuses ? Number.MAX_SAFE_INTEGER : MAX_LIST,
    });
    const items = rows.map(view).filter((r) => !statuses || statuses.has(r.status));
    res.json(items.slice(0, MAX_LIST));
  });

  router.get('/open311/v2/requests/:id.:format', jsonOnly, (req, res) => {
    checkJurisdiction(req.query.jurisdiction_id);
    const id = String(req.params.id);
    const row = deps.ledger.get(id);
    if (!row) throw new Open311Refusal(404, [`service_request_id: no request "${id}"`]);
    res.json([view(row)]);
  });

  router.all('/open311/{*rest}', (req) => {
    throw new Open311Refusal(404, [
      `path: ${req.method} ${req.path} is not an Open311 endpoint here; see GET /open311/v2/services.json`,
    ]);
  });

  router.use('/open311', open311Errors);
  return router;
}

/** 王 + 小明 → 王小明; John + Smith → John Smith. */
function reporterName(first?: string, last?: string): string | undefined {
  if (!first && !last) return undefined;
  const cjk = /[\u4e00-\u9fff]/.test(`${first ?? ''}${last ?? ''}`);
  return (cjk ? `${last ?? ''}${first ?? ''}` : `${first ?? ''} ${last ?? ''}`).trim().slice(0, 64);
}

function dateRange(
  start: string | undefined,
  end: string | undefined,
  now: number,
): { from: number; to: number } {
  const s = start === undefined ? undefined : Date.parse(start);
  const e = end === undefined ? undefined : Date.parse(end);
  const to = e ?? (s === undefined ? now : s + RANGE_MS);
  const from = s ?? to - RANGE_MS;
  if (to < from) throw new Open311Refusal(400, ['end_date: must not be before start_date']);
  if (to - from > RANGE_MS) {
    throw new Open311Refusal(400, ['start_date: the range may not span more than 90 days']);
  }
  return { from, to };
}

/** The report fields ingest names, as an Open311 client knows them. */
const OPEN311_FIELD: Record<string, string> = {
  regionCode: 'attribute[region_code]',
  text: 'description',
  category: 'service_code',
};

interface HttpError {
  type?: string;
  status?: number;
  message?: string;
}

/** Everything that goes wrong under /open311 is answered in Open311's error shape. */
const open311Errors: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  if (err instanceof Open311Refusal) {
    sendOpen311Error(res, err.status, err.descriptions);
    return;
  }
  if (err instanceof IngestRejected) {
    sendOpen311Error(
      res,
      400,
      err.fields.map((f) => `${OPEN311_FIELD[f.path] ?? (f.path || 'request')}: ${f.message}`),
    );
    return;
  }
  if (err instanceof StoreUnavailable) {
    res.setHeader('Retry-After', String(err.retryAfterSeconds));
    sendOpen311Error(res, 503, [`request: not stored, try again later (${err.message})`]);
    return;
  }
  const e = err as HttpError;
  if (e.type === 'entity.too.large') {
    sendOpen311Error(res, 413, [`body: too large (at most ${BODY_LIMIT})`]);
  } else if (e.type === 'entity.parse.failed') {
    sendOpen311Error(res, 400, ['body: not valid JSON']);
  } else if (e.type === 'parameters.too.many') {
    sendOpen311Error(res, 413, ['body: too many fields']);
  } else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    sendOpen311Error(res, e.status, [`request: ${e.message ?? 'bad request'}`]);
  } else {
    next(err);
  }
};
