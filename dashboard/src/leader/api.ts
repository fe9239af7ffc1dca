import type {
  Case,
  CaseDetail,
  ErrorBody,
  Notice,
  Session,
  User,
} from '../../../contracts/index.js';

/** Same-origin calls; the session rides in the httpOnly cookie set at login. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body?.message ?? `HTTP ${status}`);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, parsed as ErrorBody | null);
  return parsed as T;
}

export const api = {
  me: () => call<{ user: User }>('GET', '/api/v1/auth/me'),
  login: (username: string, password: string) =>
    call<Session>('POST', '/api/v1/auth/login', { username, password }),
  logout: () => call<null>('POST', '/api/v1/auth/logout', {}),
  openCases: () => call<{ cases: Case[] }>('GET', '/api/v1/cases?open=true&limit=200'),
  caseDetail: (id: string) => call<CaseDetail>('GET', `/api/v1/cases/${encodeURIComponent(id)}`),
  notices: () => call<{ notices: Notice[] }>('GET', '/api/v1/notices?limit=100'),
  act: (id: string, action: 'acknowledge' | 'start' | 'resolve', body: Record<string, string>) =>
    call<{ case: Case }>('POST', `/api/v1/cases/${encodeURIComponent(id)}/${action}`, body),
};
