import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'mq_session';
export const SESSION_TTL_MS = 7 * 24 * 3_600_000;

interface Payload {
  sub: string;
  exp: number;
}

/**
 * Stateless session tokens: base64url(payload).base64url(HMAC-SHA256). The secret lives in
 * DATA_DIR, so tokens survive restarts; rotating the file logs everyone out.
 */
export class SessionTokens {
  constructor(
    private readonly secret: string,
    private readonly clock: () => number,
    private readonly ttlMs = SESSION_TTL_MS,
  ) {}

  issue(userId: string): { token: string; expiresAt: number } {
    const payload: Payload = { sub: userId, exp: this.clock() + this.ttlMs };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return { token: `${body}.${this.sign(body)}`, expiresAt: payload.exp };
  }

  /** The user id, or null for a forged, malformed or expired token. */
  verify(token: string): string | null {
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return null;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
      if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return null;
      return payload.exp > this.clock() ? payload.sub : null;
    } catch {
      return null;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

/** The session token from `Authorization: Bearer` or the session cookie. */
export function tokenFrom(headers: {
  authorization?: string | undefined;
  cookie?: string | undefined;
}): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (bearer?.[1]) return bearer[1];
  for (const part of (headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE && value.length > 0) return decodeCookie(value.join('='));
  }
  return null;
}

/** A malformed cookie (a stray `%`) is no session, never a 500. */
function decodeCookie(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}
