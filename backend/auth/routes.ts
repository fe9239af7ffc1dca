import express, { Router, type Response } from 'express';
import type { Session } from '#contracts';
import { LoginBody } from '#contracts';
import { requireJson, sendError, zodFields } from '../http/errors.js';
import { currentUser, requireUser, type Auth } from './middleware.js';
import { SESSION_COOKIE, SESSION_TTL_MS } from './session.js';

const MAX_FAILURES = 5;
const LOCK_MS = 60_000;

function setCookie(res: Response, token: string, secure: boolean, maxAgeMs: number): void {
  // SameSite=Strict plus JSON-only bodies keep other sites from riding the cookie (CSRF).
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    maxAge: maxAgeMs,
  });
}

/** Login with a password; the session comes back as a token and an httpOnly cookie. */
export function authRouter(auth: Auth, clock: () => number): Router {
  const router = Router();
  const failures = new Map<string, { count: number; until: number }>();

  router.post(
    '/api/v1/auth/login',
    requireJson,
    express.json({ limit: '4kb' }),
    async (req, res) => {
      const parsed = LoginBody.safeParse(req.body);
      if (!parsed.success) {
        sendError(res, 400, 'invalid_login', 'invalid login body', zodFields(parsed.error.issues));
        return;
      }
      const { username, password } = parsed.data;
      const now = clock();
      const failed = failures.get(username);
      if (failed && failed.count >= MAX_FAILURES && failed.until > now) {
        res.setHeader('Retry-After', String(Math.ceil((failed.until - now) / 1000)));
        sendError(res, 429, 'too_many_attempts', '密码错误次数过多，请稍后再试');
        return;
      }
      const result = await auth.users.login(username, password);
      if (!result.ok) {
        const count = (failed && failed.until > now ? failed.count : 0) + 1;
        if (failures.size > 10_000) failures.clear(); // guessed usernames must not grow this forever
        failures.set(username, { count, until: now + LOCK_MS });
        const message =
          result.reason === 'demo_in_production'
            ? '演示账号不能在生产环境登录 / demo users are refused in production'
            : '用户名或密码错误 / wrong username or password';
        sendError(res, 401, 'invalid_credentials', message);
        return;
      }
      failures.delete(username);
      const { token, expiresAt } = auth.tokens.issue(result.user.id);
      setCookie(res, token, req.secure, SESSION_TTL_MS);
      const body: Session = { user: result.user, token, expiresAt };
      res.json(body);
    },
  );

  router.post('/api/v1/auth/logout', (req, res) => {
    setCookie(res, '', req.secure, 0);
    res.status(204).end();
  });

  router.get('/api/v1/auth/me', requireUser(auth), (_req, res) => {
    res.json({ user: currentUser(res) });
  });

  return router;
}
