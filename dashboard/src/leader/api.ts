import { z } from 'zod';
import type { ErrorBody } from '#contracts';
import { Case, CaseDetail } from '#contracts/case';
import { Notice } from '#contracts/notify';
import { ErrorBody as ErrorBodySchema } from '#contracts/report';
import { Session, User } from '#contracts/user';
import { OrderPage } from '#contracts/work-order';
import type { FetchJsonError, FetchJsonOptions } from '../shared/fetch-json.js';
import { describeFetchError, fetchJson } from '../shared/fetch-json.js';

/** A call that gave no usable answer: the server's refusal (status, ErrorBody) or no answer. */
export class ApiError extends Error {
  /** The HTTP status of a refusal; 0 when there was no answer (network, timeout, bad body). */
  readonly status: number;
  /** The server's ErrorBody when it sent one. */
  readonly body: ErrorBody | null;

  constructor(readonly error: FetchJsonError) {
    super(
      error.kind === 'http'
        ? (errorBodyOf(error.body)?.message ?? `HTTP ${error.status}`)
        : describeFetchError(error),
    );
    this.status = error.kind === 'http' ? error.status : 0;
    this.body = error.kind === 'http' ? errorBodyOf(error.body) : null;
  }
}

function errorBodyOf(body: unknown): ErrorBody | null {
  const parsed = ErrorBodySchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}

/** Same-origin calls; the session rides in the httpOnly cookie set at login. */
async function call<S extends z.ZodType>(
  schema: S,
  path: string,
  options: FetchJsonOptions = {},
): Promise<z.output<S>> {
  const result = await fetchJson(path, schema, { credentials: 'same-origin', ...options });
  if (!result.ok) throw new ApiError(result.error);
  return result.data;
}

const post = (json: unknown): FetchJsonOptions => ({ method: 'POST', json });

/** The answers' shapes, from the contract's schemas. */
const Me = z.object({ user: User });
const OpenCases = z.object({ cases: z.array(Case) });
const Notices = z.object({ notices: z.array(Notice) });
const CaseAnswer = z.object({ case: Case });

export const api = {
  me: () => call(Me, '/api/v1/auth/me'),
  login: (username: string, password: string) =>
    call(Session, '/api/v1/auth/login', post({ username, password })),
  /** 204, no body. */
  logout: () => call(z.unknown(), '/api/v1/auth/logout', post({})),
  openCases: () => call(OpenCases, '/api/v1/cases?open=true&limit=200'),
  caseDetail: (id: string) => call(CaseDetail, `/api/v1/cases/${encodeURIComponent(id)}`),
  /** The work orders an alert case gathered (the 诉求 behind the surge). */
  caseOrders: (id: string) =>
    call(OrderPage, `/api/v1/work-orders?caseId=${encodeURIComponent(id)}&limit=50`),
  notices: () => call(Notices, '/api/v1/notices?limit=100'),
  act: (
    id: string,
    action: 'acknowledge' | 'start' | 'resolve' | 'take-over',
    body: Record<string, string>,
  ) => call(CaseAnswer, `/api/v1/cases/${encodeURIComponent(id)}/${action}`, post(body)),
};
