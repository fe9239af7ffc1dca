import { randomBytes } from 'node:crypto';
import type { Router } from 'express';
import type { Logger } from '../platform/logger.js';
import type { UserDirectory } from '../users/directory.js';
import { addressKey } from './client-address.js';
import { deploymentSecret } from './ingest-keys.js';
import { LoginAudit } from './login-audit.js';
import { DEFAULT_LOGIN_LIMITS, LoginGuard, type LoginLimits } from './login-guard.js';
import type { Auth } from './middleware.js';
import { authRouter } from './routes.js';
import { SessionTokens } from './session.js';
import { Tarpit } from './tarpit.js';
import { VerifyQueue, defaultVerifyQueueOptions, type VerifyQueueOptions } from './verify-queue.js';

export interface AuthDeps {
  users: UserDirectory;
  /** Where the session secret and auth.db (the login audit) live; in memory without it. */
  dataDir?: string;
  /** Session expiry and audit times. */
  clock: () => number;
  log?: Logger;
  /** Login limits (defaults: DEFAULT_LOGIN_LIMITS); they run on real time, not `clock`. */
  limits?: Partial<LoginLimits>;
  verifyQueue?: Partial<VerifyQueueOptions>;
  /** How long a refused attempt is held before its 429 (ms). */
  tarpitMs?: number;
}

export interface AuthModule {
  auth: Auth;
  router: Router;
  close(): void;
}

/**
 * Sessions for staff and leaders: the token check other modules take, the login routes with
 * their limits, and the login audit (DATA_DIR/auth.db).
 */
export function createAuth(deps: AuthDeps): AuthModule {
  const secret = deps.dataDir
    ? deploymentSecret(deps.dataDir, 'session')
    : randomBytes(32).toString('hex');
  const auth: Auth = { tokens: new SessionTokens(secret, deps.clock), users: deps.users };
  const audit = new LoginAudit(deps.dataDir, deps.log);
  const limits = { ...DEFAULT_LOGIN_LIMITS, ...deps.limits };
  const guard = new LoginGuard(limits);
  // Where each account logged in lately stays a known-good place across restarts.
  const now = deps.clock();
  for (const place of audit.goodPlaces(now - limits.knownGoodMs)) {
    if (!deps.users.get(place.userId)) continue;
    // The guard runs on real time; the audit on the app's clock.
    guard.rememberGood(place.userId, addressKey(place.address), Date.now() - (now - place.at));
  }
  const router = authRouter(auth, {
    guard,
    queue: new VerifyQueue({ ...defaultVerifyQueueOptions(), ...deps.verifyQueue }),
    audit,
    tarpit: new Tarpit(deps.tarpitMs),
    clock: deps.clock,
  });
  return { auth, router, close: () => audit.close() };
}
