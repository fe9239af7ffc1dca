import { HistoryQuery, LoginAuditQuery, WallCasesQuery } from '#contracts';
import { ReportSearchQuery } from '#contracts';
import { caseAction } from './cases.js';
import {
  AUTH_ERRORS,
  content,
  error,
  idParam,
  obj,
  ok,
  queryParams,
  ref,
  session,
} from './helpers.js';

/** Every /api/v1 operation; a test checks this against the express router. */
export const PATHS = {
  '/api/v1/reports/{id}': {
    get: {
      tags: ['reports'],
      summary: 'One report as staff see it: its judgement (colour, category, why) and corrections',
      security: session,
      parameters: [idParam('report id')],
      responses: {
        '200': ok(
          obj({
            report: ref('ReportDetail'),
            corrections: { type: 'array', items: ref('Correction') },
          }),
        ),
        ...AUTH_ERRORS,
        '404': error('no such report in your scope'),
      },
    },
  },
  '/api/v1/reports/{id}/correction': {
    post: {
      tags: ['reports'],
      summary:
        'Correct a report’s colour and/or category, with why (county, or town in scope); the region re-reads it at once',
      security: session,
      parameters: [idParam('report id')],
      requestBody: { required: true, content: content(ref('CorrectionBody')) },
      responses: {
        '201': ok(obj({ report: ref('ReportDetail'), correction: ref('Correction') }), 'corrected'),
        '400': error('invalid body (fields named)'),
        ...AUTH_ERRORS,
        '404': error('no such report in your scope'),
      },
    },
  },
  '/api/v1/auth/login': {
    post: {
      tags: ['auth'],
      summary: '登录: password login; sets the httpOnly session cookie and returns a bearer token',
      requestBody: { required: true, content: content(ref('LoginBody')) },
      responses: {
        '200': ok(ref('Session')),
        '400': error('invalid body'),
        '401': error('wrong username or password'),
        '429': error(
          'refused before checking: too many attempts from this address, too many failures for this account from this address, or the account is under attack and this address failed recently; Retry-After says when to try again',
        ),
        '503': error('the password check queue is full; Retry-After says when to try again'),
      },
    },
  },
  '/api/v1/auth/audit': {
    get: {
      tags: ['auth'],
      summary:
        '登录审计: every login attempt (who, when, from where, ok/fail/limited), newest first; county users only',
      security: session,
      parameters: queryParams(LoginAuditQuery),
      responses: {
        '200': ok(obj({ entries: { type: 'array', items: ref('LoginAuditEntry') } })),
        '400': error('invalid query'),
        ...AUTH_ERRORS,
      },
    },
  },
  '/api/v1/auth/logout': {
    post: {
      tags: ['auth'],
      summary: 'Clear the session cookie',
      responses: { '204': { description: 'logged out' } },
    },
  },
  '/api/v1/auth/me': {
    get: {
      tags: ['auth'],
      summary: 'The logged-in user',
      security: session,
      responses: { '200': ok(obj({ user: ref('User') })), '401': error('not logged in') },
    },
  },
  '/api/v1/alerts': {
    get: {
      tags: ['alerts'],
      summary: 'Active alerts, most severe and newest first',
      responses: { '200': ok(obj({ alerts: { type: 'array', items: ref('Alert') } })) },
    },
  },
  '/api/v1/alerts/{id}': {
    get: {
      tags: ['alerts'],
      summary: 'An alert (null once cleared) and its case id',
      parameters: [idParam('alert id')],
      responses: {
        '200': ok(
          obj({
            alert: { anyOf: [ref('Alert'), { type: 'null' }] },
            caseId: { type: ['string', 'null'] },
          }),
        ),
        '404': error('unknown alert with no case'),
      },
    },
  },
  '/api/v1/alerts/{id}/acknowledge': {
    post: {
      ...caseAction('签收 the case of this alert', 'AcknowledgeBody').post,
      tags: ['alerts'],
      parameters: [idParam('alert id')],
    },
  },
  '/api/v1/silences': {
    get: {
      tags: ['notifications'],
      summary: 'Silences and maintenance windows in force now or later',
      security: session,
      responses: {
        '200': ok(obj({ silences: { type: 'array', items: ref('Silence') } })),
        '401': error('not logged in'),
      },
    },
    post: {
      tags: ['notifications'],
      summary:
        '静默 / 维护窗口: matching notifications are recorded, not sent (county and town roles)',
      security: session,
      requestBody: { required: true, content: content(ref('SilenceBody')) },
      responses: {
        '201': ok(obj({ silence: ref('Silence') }), 'created'),
        '400': error('invalid body'),
        ...AUTH_ERRORS,
      },
    },
  },
  '/api/v1/silences/{id}': {
    delete: {
      tags: ['notifications'],
      summary: 'End a silence',
      security: session,
      parameters: [idParam('silence id')],
      responses: {
        '200': ok(obj({ silence: ref('Silence') })),
        ...AUTH_ERRORS,
        '404': error('no such silence'),
      },
    },
  },
  '/api/v1/notices': {
    get: {
      tags: ['notifications'],
      summary: 'My notifications, newest first (sent and silenced)',
      security: session,
      parameters: [
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
        },
      ],
      responses: {
        '200': ok(obj({ notices: { type: 'array', items: ref('Notice') } })),
        '401': error('not logged in'),
      },
    },
  },
  '/api/v1/notify/channels': {
    get: {
      tags: ['notifications'],
      summary: 'Outgoing channels and whether one is failing',
      security: session,
      responses: {
        '200': ok(obj({ channels: { type: 'array', items: ref('ChannelHealth') } })),
        '401': error('not logged in'),
      },
    },
  },
  '/api/v1/reports': {
    get: {
      tags: ['reports'],
      summary:
        '诉求查询: reports in your scope (your region’s subtree and what you 包保), newest first, as GET /api/v1/reports/{id} shows each',
      description:
        'Ordered by `occurredAt` (then id), newest first. Filters: `regionCode` (its whole subtree; 403 outside your scope), `from`/`to` on `occurredAt` (ISO 8601 with offset, or epoch ms; [from, to)), `category`, `colour` and `source` (comma lists; category and colour as corrected by a dispatcher), `q` (space-separated words, each a substring of the text). Pages: pass `nextCursor` back as `cursor` (same filters); null means the end. A cursor is a position in the order, so reports arriving meanwhile never shift a page: none is skipped or repeated. A page may hold fewer than `limit` items and still have a `nextCursor` when the search stopped to bound its work.',
      security: session,
      parameters: queryParams(ReportSearchQuery),
      responses: {
        '200': ok(ref('ReportPage')),
        '400': error(
          'invalid query (fields named: an unknown region, a bad time, a cursor not from this endpoint…)',
        ),
        ...AUTH_ERRORS,
        '503': error(
          'STORE=influx and InfluxDB is not answering: retry after `Retry-After` seconds',
        ),
      },
    },
    post: {
      tags: ['reports'],
      summary: 'Ingest one report or a batch of up to 1,000 (ingest key as bearer token)',
      security: [{ ingestKey: [] }],
      requestBody: {
        required: true,
        content: content({
          anyOf: [
            ref('ReportInput'),
            { type: 'array', items: ref('ReportInput'), minItems: 1, maxItems: 1000 },
          ],
        }),
      },
      responses: {
        '202': ok(ref('IngestResult'), 'stored durably'),
        '400': error('invalid report'),
        '401': error('missing or unknown key'),
        '403': error('key posts for another source'),
        '413': error('body too large'),
        '415': error('not JSON'),
        '503': error('store spool full (STORE=influx): retry after `Retry-After` seconds'),
      },
    },
  },
  '/api/v1/regions': {
    get: {
      tags: ['levels'],
      summary: 'The region tree',
      responses: {
        '200': ok(
          obj({
            county: obj({ code: { type: 'string' }, name: { type: 'string' } }),
            regions: { type: 'array', items: ref('Region') },
          }),
        ),
      },
    },
  },
  '/api/v1/levels': {
    get: {
      tags: ['levels'],
      summary: 'Levels of every region (or a subtree)',
      parameters: [
        { name: 'regionCode', in: 'query', required: false, schema: { type: 'string' } },
      ],
      responses: { '200': ok(obj({ levels: { type: 'array', items: ref('RegionLevel') } })) },
    },
  },
  '/api/v1/stats/history': {
    get: {
      tags: ['levels'],
      summary: 'Report counts per bucket',
      parameters: queryParams(HistoryQuery),
      responses: { '200': ok(ref('History')), '400': error('invalid query') },
    },
  },
  '/api/v1/wall/cases-summary': {
    get: {
      tags: ['cases'],
      summary: 'Case statistics for the wall (funnel, closure by town, deadlines); read-only',
      description: 'No login; when WALL_TOKEN is set it needs `Authorization: Bearer <token>`.',
      parameters: queryParams(WallCasesQuery),
      responses: {
        '200': ok(ref('WallCasesSummary')),
        '400': error('invalid query'),
        '401': error('wall token required'),
        '404': error('unknown region'),
      },
    },
  },
  '/api/v1/openapi.json': {
    get: {
      tags: ['meta'],
      summary: 'This document',
      responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': {} } } },
    },
  },
} as const;
