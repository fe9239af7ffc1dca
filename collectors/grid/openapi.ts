import type { z } from 'zod';

/** The grid collector's operations, merged into the OpenAPI document. */
export const PATHS: Record<string, unknown> = {};
/** zod schemas the paths reference as #/components/schemas/<name>. */
export const COMPONENTS: Record<string, z.ZodType> = {};
