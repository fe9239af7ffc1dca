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

/** What body-parser (and http-errors) put on the errors it passes on. */
interface HttpErrorLike {
  type?: unknown;
  status?: unknown;
  statusCode?: unknown;
  message?: unknown;
  limit?: unknown;
  expose?: unknown;
}

/**
 * A body that could not be read, as a 4xx naming the problem: each of body-parser's failure types
 * by name, then any other error carrying a 4xx status (a malformed path parameter, say). Null for
 * everything else (a fault of ours).
 */
export function clientError(
  err: unknown,
): { status: number; error: string; message: string; fields?: FieldError[] } | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as HttpErrorLike;
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : null;
  switch (e.type) {
    case 'entity.too.large': {
      const limit = typeof e.limit === 'number' ? ` (at most ${e.limit} bytes)` : '';
      return { status: 413, error: 'payload_too_large', message: `request body too large${limit}` };
    }
    case 'entity.parse.failed':
      return {
        status: 400,
        error: 'invalid_json',
        message: 'request body is not valid JSON',
        fields: [{ path: '', message: message ?? 'invalid JSON' }],
      };
    case 'encoding.unsupported':
      return {
        status: 415,
        error: 'unsupported_media_type',
        message: `Content-Encoding: ${message ?? 'unsupported'}`,
      };
    case 'charset.unsupported':
      return {
        status: 415,
        error: 'unsupported_media_type',
        message: `Content-Type: ${message ?? 'unsupported charset'}`,
      };
    case 'parameters.too.many':
      return { status: 413, error: 'payload_too_large', message: 'too many form fields' };
    case 'request.aborted':
      return { status: 400, error: 'bad_request', message: 'the request body was cut off' };
    case 'request.size.invalid':
      return {
        status: 400,
        error: 'bad_request',
        message: 'the request body does not match its Content-Length',
      };
    case 'entity.verify.failed':
      return { status: 403, error: 'forbidden', message: message ?? 'request body refused' };
  }
  // Only errors raised about this request (http-errors marks them `expose`; the router's bad
  // path parameter is a URIError): a 4xx that an upstream service (InfluxDB) answered us is a
  // fault of ours, not the caller's, and its text is not for them.
  if (e.expose !== true && !(err instanceof URIError)) return null;
  const status = typeof e.status === 'number' ? e.status : e.statusCode;
  if (typeof status === 'number' && Number.isInteger(status) && status >= 400 && status < 500) {
    return { status, error: 'bad_request', message: message ?? 'bad request' };
  }
  return null;
}

/**
 * The last handler: a full spool is 503 with Retry-After, a body that could not be read is the 4xx
 * naming why (never 500: the sender's mistake is theirs to fix), anything else is logged and
 * answered 500 without details.
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    // Too late to answer (the body was streaming): express closes the connection.
    if (res.headersSent) {
      next(err);
      return;
    }
    if (err instanceof StoreUnavailable) {
      // The store's spool is full: nothing was stored; the sender retries after this many seconds.
      res.setHeader('Retry-After', String(err.retryAfterSeconds));
      sendError(res, 503, 'store_unavailable', err.message);
      return;
    }
    const refused = clientError(err);
    if (refused) {
      sendError(res, refused.status, refused.error, refused.message, refused.fields);
      return;
    }
    log.error(
      `unhandled error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    sendError(res, 500, 'internal', 'internal error');
  };
}
