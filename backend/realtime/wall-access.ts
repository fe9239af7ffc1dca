import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
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
