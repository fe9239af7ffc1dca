import type { z } from 'zod';
import * as grid from './grid/openapi.js';
import * as hotline from './hotline/openapi.js';
import * as open311 from './open311/openapi.js';

/** Every collector's operations and schemas, for the one OpenAPI document. */
export const COLLECTOR_PATHS: Record<string, unknown> = {
  ...hotline.PATHS,
  ...open311.PATHS,
  ...open311.OPEN311_PATHS,
  ...grid.PATHS,
};
export const COLLECTOR_COMPONENTS: Record<string, z.ZodType> = {
  ...hotline.COMPONENTS,
  ...open311.COMPONENTS,
  ...grid.COMPONENTS,
};
