import type { z } from 'zod';
import { GridBatchBody, GridBatchResult, GridQuietReport } from '#contracts';

const ref = (name: keyof typeof COMPONENTS) => ({ $ref: `#/components/schemas/${name}` });
const content = (schema: unknown) => ({ 'application/json': { schema } });
const error = (description: string) => ({
  description,
  content: content({ $ref: '#/components/schemas/ErrorBody' }),
});

/** zod schemas the paths reference as #/components/schemas/<name>. */
export const COMPONENTS = {
  GridBatchBody,
  GridBatchResult,
  GridQuietReport,
} satisfies Record<string, z.ZodType>;

/** The grid collector's operations, merged into the OpenAPI document. */
export const PATHS: Record<string, unknown> = {
  '/api/v1/collectors/grid/batches': {
    post: {
      tags: ['collectors'],
      summary:
        '网格员 app: a worker’s queue of problems and visits (走访), up to 1,000 items, all or nothing; replaying it stores nothing twice (grid ingest key)',
      security: [{ ingestKey: [] }],
      requestBody: { required: true, content: content(ref('GridBatchBody')) },
      responses: {
        '202': {
          description: 'stored durably (problems as reports of source grid, visits in grid.db)',
          content: content(ref('GridBatchResult')),
        },
        '400': error('invalid field (named, e.g. `items[3].occurredAt`) or unknown region'),
        '401': error('missing or unknown key'),
        '403': error(
          'key of another source (`authorization`), unknown worker (`workerId`), or a region outside the worker’s groups (`items[i].regionCode`)',
        ),
        '413': error('body too large'),
        '415': error('not JSON'),
        '503': error('store spool full (STORE=influx): retry after `Retry-After` seconds'),
      },
    },
  },
  '/api/v1/collectors/grid/quiet': {
    get: {
      tags: ['collectors'],
      summary:
        '平安 evidence per village of a town (or one village): visits, quiet visits and grid problems in the window',
      parameters: [
        {
          name: 'regionCode',
          in: 'query',
          required: true,
          description: 'a town (9 digits) or village (12 digits) code',
          schema: { type: 'string', pattern: '^\\d{9}(\\d{3})?$' },
        },
        {
          name: 'hours',
          in: 'query',
          required: false,
          description: 'window back from now, 1–744',
          schema: { type: 'integer', minimum: 1, maximum: 744, default: 24 },
        },
      ],
      responses: {
        '200': { description: 'OK', content: content(ref('GridQuietReport')) },
        '400': error('invalid query (regionCode must be a town or a village)'),
      },
    },
  },
};
