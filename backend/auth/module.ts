import { randomBytes } from 'node:crypto';
import type { Router } from 'express';
import type { UserDirectory } from '../users/directory.js';
import { deploymentSecret } from './ingest-keys.js';
import type { Auth } from './middleware.js';
import { authRouter } from './routes.js';
import { SessionTokens } from './session.js';

export interface AuthDeps {
  users: UserDirectory;
  /** Where the session secret lives; a fresh secret per process without it. */
  dataDir?: string;
  clock: () => number;
}

/** Sessions for staff and leaders: the token check other modules take, and the login routes. */
export function createAuth(deps: AuthDeps): { auth: Auth; router: Router } {
  const secret = deps.dataDir
    ? deploymentSecret(deps.dataDir, 'session')
    : randomBytes(32).toString('hex');
  const auth: Auth = { tokens: new SessionTokens(secret, deps.clock), users: deps.users };
  return { auth, router: authRouter(auth, deps.clock) };
}
