import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { ErrorBody, FieldError } from '#contracts';
import { issuePath } from '../config/errors.js';
import type { Logger } from '../platform/logger.js';
import { StoreUnavailable } from '../store/store.js';

export function sendError(
  res: Response,
  status: number,
  error: string,
  message: string,
  fields?: FieldError[],
): void {
  const body: ErrorBody = fields ? { error, message, fields } : { error, message };
  res.status(status).json(body);
}

/** zod issues as `{path, message}`; an unknown key is reported at its own path. */
export function zodFields(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: issuePath([...issue.path, key]),
        message: 'unknown field',
      }));
    }
    return [{ path: issuePath(issue.path), message: issue.message }];
  });
}

/** Refuse bodies that are not JSON before parsing them. */
export const requireJson: RequestHandler = (req, res, next) => {
  if (req.method === 'POST' && !req.is('application/json')) {
    sendError(res, 415, 'unsupported_media_type', 'Content-Type must be application/json');
    return;
  }
  next();
};

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

/** Body-parser failures become clear 4xx; anything else is logged and answered 500 without details. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    const e = err as BodyParserError;
    if (err instanceof StoreUnavailable) {
      // The store's spool is full: nothing was stored; the sender retries after this many seconds.
      res.setHeader('Retry-After', String(err.retryAfterSeconds));
      sendError(res, 503, 'store_unavailable', err.message);
    } else if (e.type === 'entity.too.large') {
      sendError(res, 413, 'payload_too_large', e.message ?? 'request body too large');
    } else if (e.type === 'entity.parse.failed') {
      sendError(res, 400, 'invalid_json', 'request body is not valid JSON', [
        { path: '', message: e.message ?? 'invalid JSON' },
      ]);
    } else if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
      sendError(res, 415, 'unsupported_media_type', e.message ?? 'unsupported encoding');
    } else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      sendError(res, e.status, 'bad_request', e.message ?? 'bad request');
    } else {
      log.error(`unhandled error: ${(err as Error)?.stack ?? String(err)}`);
      sendError(res, 500, 'internal', 'internal error');
    }
  };
}
