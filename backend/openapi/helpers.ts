import type { z } from 'zod';
import { jsonSchema, type Component } from './schemas.js';

/** Small builders the OpenAPI path files share. */

export const ref = (name: Component) => ({ $ref: `#/components/schemas/${name}` });
export const content = (schema: unknown) => ({ 'application/json': { schema } });
export const obj = (properties: Record<string, unknown>) => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
});
export const error = (description: string) => ({ description, content: content(ref('ErrorBody')) });
export const ok = (schema: unknown, description = 'OK') => ({
  description,
  content: content(schema),
});

export const session = [{ bearer: [] }, { cookie: [] }];
export const AUTH_ERRORS = {
  '401': error('not logged in'),
  '403': error('outside your scope or role'),
};
export const idParam = (what: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  description: what,
  schema: { type: 'string' },
});

export function queryParams(schema: z.ZodObject) {
  const json = jsonSchema(schema, 'input') as {
    properties: Record<string, unknown>;
    required?: string[];
  };
  return Object.entries(json.properties).map(([name, s]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: s,
  }));
}
