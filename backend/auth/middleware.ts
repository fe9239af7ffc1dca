import type { RequestHandler, Response } from 'express';
import type { Role, User } from '#contracts';
import { sendError } from '../http/errors.js';
import type { UserDirectory } from '../users/directory.js';
import { tokenFrom, type SessionTokens } from './session.js';

export interface Auth {
  tokens: SessionTokens;
  users: UserDirectory;
}

/** The user behind a token, if it is valid and the user still exists. */
export function userFromToken(auth: Auth, token: string | null): User | null {
  const id = token ? auth.tokens.verify(token) : null;
  return id ? (auth.users.get(id) ?? null) : null;
}

/** Require a logged-in user (res.locals.user), 401 otherwise. */
export function requireUser(auth: Auth): RequestHandler {
  return (req, res, next) => {
    const user = userFromToken(auth, tokenFrom(req.headers));
    if (!user) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      sendError(res, 401, 'unauthorized', '请先登录 / login required');
      return;
    }
    res.locals.user = user;
    next();
  };
}

export function currentUser(res: Response): User {
  return res.locals.user as User;
}

/** Only these roles may do this; 403 otherwise. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    if (!roles.includes(currentUser(res).role)) {
      sendError(res, 403, 'forbidden', '无权执行此操作 / your role may not do this');
      return;
    }
    next();
  };
}
