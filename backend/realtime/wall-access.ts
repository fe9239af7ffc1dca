import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request, type RequestHandler } from 'express';
import type { Namespace } from 'socket.io';

export type WallCheck = (token: string | undefined) => boolean;

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * The read-only WALL_TOKEN check, or undefined when the deployment leaves the wall open.
 * Hashing first makes the comparison constant-time whatever the length tried.
 */
export function wallTokenCheck(token: string | undefined): WallCheck | undefined {
  if (!token) return undefined;
  const expected = digest(token);
  return (given) => given !== undefined && timingSafeEqual(digest(given), expected);
}

/** The wall page itself: `/?token=…` when a token is set (the kiosk URL carries it). */
export function wallPageGuard(check: WallCheck | undefined): RequestHandler {
  return (req, res, next) => {
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    if (req.path !== '/' || !check || check(token)) {
      next();
      return;
    }
    res.status(401).type('text/plain; charset=utf-8').send('大屏需要访问令牌：请使用 /?token=…');
  };
}

/** The /wall socket refuses a handshake without the token (the client sees connect_error). */
export function guardWallNamespace(namespace: Namespace, check: WallCheck | undefined): void {
  if (!check) return;
  namespace.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown };
    const token = typeof auth.token === 'string' ? auth.token : undefined;
    next(check(token) ? undefined : new Error('unauthorized'));
  });
}

/**
 * The REST reads the wall makes, all of them: with WALL_TOKEN set, each wants the token as
 * `Authorization: Bearer …` (what the wall page sends), like the page and the socket. Alerts
 * quote report text and the grid answer names villages' workers' visits: none of it is for
 * anyone who merely knows the address.
 */
export const WALL_READS = [
  '/api/v1/alerts',
  '/api/v1/alerts/:id',
  '/api/v1/levels',
  '/api/v1/stats/history',
  '/api/v1/collectors/grid/quiet',
  '/api/v1/wall/cases-summary',
  '/api/v1/wall/assessment',
];

/**
 * One guard for every wall read (mounted before the routers that answer them): nothing when the
 * wall is open, else 401 unless the request carries the wall token or `signedIn` (a staff login,
 * which sees more than the wall anyway) says yes.
 */
export function wallReadsGuard(
  check: WallCheck | undefined,
  signedIn: (req: Request) => boolean = () => false,
): Router {
  const router = Router();
  if (!check) return router;
  router.get(WALL_READS, (req, res, next) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (check(bearer) || signedIn(req)) {
      next();
      return;
    }
    res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(401).json({ error: 'unauthorized', message: 'wall token required' });
  });
  return router;
}
