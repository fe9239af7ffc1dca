import express, { Router, type Request, type Response } from 'express';
import type { LoginOutcome, LoginReason, Session } from '#contracts';
import { LoginAuditQuery, LoginBody } from '#contracts';
import { requireJson, sendError, zodFields } from '../http/errors.js';
import type { LoginResult } from '../users/directory.js';
import { addressKey, clientAddress } from './client-address.js';
import type { LoginAudit } from './login-audit.js';
import type { LimitReason, LoginGuard } from './login-guard.js';
import { currentUser, requireRole, requireUser, type Auth } from './middleware.js';
import { SESSION_COOKIE, SESSION_TTL_MS } from './session.js';
import type { Tarpit } from './tarpit.js';
import { BUSY, type VerifyQueue } from './verify-queue.js';

/** What the login route is built from. */
export interface LoginParts {
  guard: LoginGuard;
  queue: VerifyQueue;
  audit: LoginAudit;
  tarpit: Tarpit;
  /** Audit and session time (the app's clock). */
  clock: () => number;
}

const LIMIT_MESSAGES: Record<LimitReason, string> = {
  address_rate: '登录尝试过于频繁，请稍后再试 / too many login attempts from this address',
  account_address:
    '该账号在此地址密码错误次数过多，请稍后再试 / too many failed attempts for this account from this address',
  account_throttle:
    '该账号正被多处尝试登录，请稍后再试或从常用地点登录 / this account is under attack; try again later or from a usual place',
};

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

function retryAfter(res: Response, ms: number): void {
  res.setHeader('Retry-After', String(Math.max(1, Math.ceil(ms / 1000))));
}

/** The username a body tried, valid or not (for the audit). */
function triedUsername(body: unknown): string | null {
  const name = (body as { username?: unknown } | null)?.username;
  return typeof name === 'string' && name.trim() ? name.trim().slice(0, 64) : null;
}

/**
 * Login with a password; the session comes back as a token and an httpOnly cookie. Every
 * attempt is limited (per address, per account and address, per account under attack), its
 * password checked off the event loop in a bounded queue, and audited.
 */
export function authRouter(auth: Auth, parts: LoginParts): Router {
  const router = Router();
  const { guard, queue, audit, tarpit, clock } = parts;

  router.post(
    '/api/v1/auth/login',
    requireJson,
    express.json({ limit: '4kb' }),
    async (req: Request, res: Response) => {
      const address = clientAddress(req);
      const parsed = LoginBody.safeParse(req.body);
      const username = parsed.success ? parsed.data.username : triedUsername(req.body);
      const userId = username ? auth.users.idOf(username) : null;
      const userAgent = req.get('user-agent')?.slice(0, 256) ?? null;
      const record = (outcome: LoginOutcome, reason: LoginReason) =>
        audit.record({ at: clock(), username, userId, outcome, reason, address, userAgent });

      const admission = guard.admit({
        username: parsed.success ? username : null,
        userId: parsed.success ? userId : null,
        address: addressKey(address),
      });
      if (!admission.ok) {
        record('limited', admission.reason);
        tarpit.hold(res, admission.retryAfterMs, () => {
          retryAfter(res, admission.retryAfterMs);
          sendError(res, 429, 'too_many_attempts', LIMIT_MESSAGES[admission.reason]);
        });
        return;
      }
      if (!parsed.success) {
        admission.settle('none');
        record('fail', 'invalid_body');
        sendError(
          res,
          400,
          'invalid_login',
          '登录信息格式不对 / invalid login body',
          zodFields(parsed.error.issues),
        );
        return;
      }

      const { password } = parsed.data;
      // A client that hung up while queued is not worth a bcrypt.
      const check = (): Promise<LoginResult | typeof BUSY> =>
        req.socket.destroyed
          ? Promise.resolve(BUSY)
          : auth.users.login(parsed.data.username, password);
      const hungUp = new AbortController();
      res.once('close', () => hungUp.abort());
      let result: LoginResult | typeof BUSY;
      try {
        result = await queue.run(admission.suspect ? 'low' : 'high', check, hungUp.signal);
      } catch (err) {
        admission.settle('none');
        throw err;
      }
      if (result === BUSY) {
        admission.settle('none');
        record('limited', 'busy');
        retryAfter(res, 1000);
        sendError(
          res,
          503,
          'login_busy',
          '登录服务繁忙，请稍后再试 / login is busy, try again shortly',
        );
        return;
      }
      admission.settle(result.ok ? 'ok' : 'fail');
      if (!result.ok) {
        record(
          'fail',
          result.reason === 'demo_in_production' ? 'demo_in_production' : 'invalid_credentials',
        );
        const message =
          result.reason === 'demo_in_production'
            ? '演示账号不能在生产环境登录 / demo users are refused in production'
            : '用户名或密码错误 / wrong username or password';
        sendError(res, 401, 'invalid_credentials', message);
        return;
      }
      record('ok', 'ok');
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

  router.get('/api/v1/auth/audit', requireUser(auth), requireRole('county'), (req, res) => {
    const query = LoginAuditQuery.safeParse(req.query);
    if (!query.success) {
      sendError(
        res,
        400,
        'invalid_query',
        '查询条件不对 / invalid audit query',
        zodFields(query.error.issues),
      );
      return;
    }
    res.json({ entries: audit.list(query.data) });
  });

  return router;
}
