import type { RequestHandler } from 'express';
import type { Source } from '#contracts';
import { sendError } from '../http/errors.js';
import type { IngestKeys } from './ingest-keys.js';

/** A batch of 1,000 reports of 2,000 Chinese characters each fits; more is refused with 413. */
export const BODY_LIMIT = '8mb';

/** Bearer key → the source it may post for (res.locals.source). */
export function requireIngestKey(keys: () => IngestKeys): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      sendError(res, 401, 'unauthorized', 'Authorization: Bearer <ingest key> required');
      return;
    }
    const source = keys().get(match[1] as string);
    if (!source) {
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      sendError(res, 401, 'unauthorized', 'unknown ingest key');
      return;
    }
    res.locals.source = source;
    next();
  };
}

/**
 * A collector's own endpoint: a valid key of another source is a 403 naming both sources
 * (after `requireIngestKey`).
 */
export function requireSource(expected: Source): RequestHandler {
  return (_req, res, next) => {
    const source = res.locals.source as Source;
    if (source === expected) {
      next();
      return;
    }
    sendError(
      res,
      403,
      'forbidden_source',
      `this key belongs to source "${source}"; this endpoint takes only "${expected}" keys`,
      [{ path: 'authorization', message: `key of source "${source}", not "${expected}"` }],
    );
  };
}
