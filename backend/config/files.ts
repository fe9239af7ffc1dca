import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ConfigError, formatIssues } from './errors.js';

/** Read and validate a JSON config file; errors name the file and every bad field. */
export function loadJsonFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${file}: ${(err as Error).message}`);
  }
  const result = schema.safeParse(raw);
  if (!result.success) throw new ConfigError(`${file}: ${formatIssues(result.error.issues)}`);
  return result.data;
}
