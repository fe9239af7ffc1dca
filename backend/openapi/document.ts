import type { z } from 'zod';
import { COMPONENTS, jsonSchema } from './schemas.js';
import { CASE_PATHS } from './cases.js';
import { PATHS } from './paths.js';
import { ASSESSMENT_COMPONENTS, ASSESSMENT_PATHS } from './assessment.js';
import { WORK_ORDER_COMPONENTS, WORK_ORDER_PATHS } from './work-orders.js';

/**
 * The OpenAPI 3.1 document, built from the same zod contract the routes validate with, so a
 * schema cannot drift from what the server accepts. Served at GET /api/v1/openapi.json; a test
 * checks that every /api/v1 route is in it and every path in it is routed.
 */
/** Paths and schemas another part of the product (the collectors) adds to the document. */
export interface OpenApiFragment {
  paths: Record<string, unknown>;
  components: Record<string, z.ZodType>;
}

export function openApiDocument(
  extra: OpenApiFragment = { paths: {}, components: {} },
): Record<string, unknown> {
  const schemas = Object.fromEntries(
    Object.entries({
      ...COMPONENTS,
      ...WORK_ORDER_COMPONENTS,
      ...ASSESSMENT_COMPONENTS,
      ...extra.components,
    }).map(([name, schema]) => [
      name,
      jsonSchema(schema, name.endsWith('Body') || name === 'ReportInput' ? 'input' : 'output'),
    ]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: '民情气象 API',
      version: '1',
      description:
        'Reports in; levels, alerts and cases out. Case endpoints need a session (POST /api/v1/auth/login) as `Authorization: Bearer <token>` or the `mq_session` cookie, and answer only within the user’s region scope. Errors are `{error, message, fields?}`.',
    },
    tags: [
      'auth',
      'cases',
      'work-orders',
      'assessment',
      'alerts',
      'notifications',
      'reports',
      'collectors',
      'open311',
      'levels',
      'meta',
    ].map((name) => ({ name })),
    paths: { ...PATHS, ...CASE_PATHS, ...WORK_ORDER_PATHS, ...ASSESSMENT_PATHS, ...extra.paths },
    components: {
      schemas,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'session token from /api/v1/auth/login',
        },
        cookie: { type: 'apiKey', in: 'cookie', name: 'mq_session' },
        ingestKey: { type: 'http', scheme: 'bearer', description: 'per-source ingest key' },
      },
    },
  };
}
