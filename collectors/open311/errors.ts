import type { Response } from 'express';
import type { z } from 'zod';
import type { Open311Errors } from '#contracts';

/**
 * A refusal in Open311's own shape, `[{code, description}]`, each description starting with the
 * field it is about. Per GeoReport v2: 403 for a missing or wrong api_key, 404 for what does not
 * exist (service_code, jurisdiction_id, service_request_id), 400 for everything else.
 */
export class Open311Refusal extends Error {
  constructor(
    readonly status: number,
    readonly descriptions: readonly string[],
  ) {
    super(descriptions.join('; '));
  }
}

export function sendOpen311Error(
  res: Response,
  status: number,
  descriptions: readonly string[],
): void {
  const body: Open311Errors = descriptions.map((description) => ({ code: status, description }));
  res.status(status).json(body);
}

/** `attribute[region_code]`, as a form client wrote it; list positions are dropped. */
function fieldName(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.filter((p) => typeof p === 'string');
  return `${head ?? 'body'}${rest.map((p) => `[${p}]`).join('')}`;
}

/** zod issues as Open311 descriptions: `description: required`, `foo: unknown field`. */
export function issueDescriptions(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const inAttribute = issue.path[0] === 'attribute';
      return issue.keys.map((key) =>
        inAttribute
          ? `attribute[${key}]: unknown attribute (only attribute[region_code] is taken)`
          : `${fieldName([...issue.path, key])}: unknown field`,
      );
    }
    return [`${fieldName(issue.path)}: ${issue.message}`];
  });
}
