import type { FieldError } from '#contracts';
import type { Response } from 'express';
import type { z } from 'zod';
import { sendError, zodFields } from './errors.js';

/** A refused action with its HTTP status and a code (out of scope, forbidden, wrong step). */
export class ActionError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413 | 415,
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
  }
}

/** Validate a body or query; on failure answer 400 with every bad field and return null. */
export function parseOr400<S extends z.ZodType>(
  res: Response,
  schema: S,
  input: unknown,
  error = 'invalid_body',
): z.output<S> | null {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  sendError(res, 400, error, 'the request has invalid fields', zodFields(parsed.error.issues));
  return null;
}

/** Answer with what `fn` returns; a ActionError becomes its status and code. */
export function answer(res: Response, fn: () => unknown, status = 200): void {
  try {
    res.status(status).json(fn());
  } catch (err) {
    if (!(err instanceof ActionError)) throw err;
    sendError(res, err.status, err.code, err.message, err.fields);
  }
}
