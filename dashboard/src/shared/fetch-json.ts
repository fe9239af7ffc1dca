import type { ZodType, output } from 'zod';

/**
 * One way for the pages to ask the server: fetch with a deadline, check the status, parse, and
 * check the answer against the contract's own zod schema. It never throws: the caller gets the
 * typed data or a typed error, and decides what the screen says.
 */

/** Why a request gave no usable answer. */
export type FetchJsonError =
  /** No response: offline, refused, reset. */
  | { kind: 'network'; url: string; message: string }
  /** No complete answer within `timeoutMs`. */
  | { kind: 'timeout'; url: string; timeoutMs: number }
  /** The caller's own signal aborted the request. */
  | { kind: 'aborted'; url: string }
  /** A status outside 200–299; `body` is the parsed JSON (an ErrorBody, Open311Errors…) or null. */
  | { kind: 'http'; url: string; status: number; body: unknown; retryAfter: number | null }
  /** A 2xx answer that is not JSON. */
  | { kind: 'not-json'; url: string; status: number }
  /** JSON that does not match the contract. */
  | { kind: 'invalid'; url: string; status: number; issues: string[] };

export type FetchJsonResult<T> =
  { ok: true; data: T; status: number } | { ok: false; error: FetchJsonError };

export interface FetchJsonOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  /** Sent as JSON (with its content type). */
  json?: unknown;
  /** The whole exchange, body included, must finish within this; 15 s unless told. */
  timeoutMs?: number;
  /** The caller's own abort (a view closed, a newer request replaced this one). */
  signal?: AbortSignal;
  credentials?: RequestCredentials;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

/** How many schema issues an error keeps (enough to see what drifted, short enough to log). */
const MAX_ISSUES = 5;

export async function fetchJson<S extends ZodType>(
  url: string,
  schema: S,
  options: FetchJsonOptions = {},
): Promise<FetchJsonResult<output<S>>> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const callerSignal = options.signal;
  const onCallerAbort = (): void => controller.abort();
  if (callerSignal?.aborted) controller.abort();
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });

  const failed = (err: unknown): { ok: false; error: FetchJsonError } => {
    if (timedOut) return { ok: false, error: { kind: 'timeout', url, timeoutMs } };
    if (controller.signal.aborted) return { ok: false, error: { kind: 'aborted', url } };
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { kind: 'network', url, message } };
  };

  const headers: Record<string, string> = { ...options.headers };
  if (options.json !== undefined) headers['content-type'] = 'application/json';

  try {
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: options.method ?? 'GET',
        headers,
        body: options.json === undefined ? undefined : JSON.stringify(options.json),
        credentials: options.credentials,
        signal: controller.signal,
      });
      text = await response.text();
    } catch (err) {
      return failed(err);
    }

    const status = response.status;
    let body: unknown = null;
    let isJson = true;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        isJson = false;
      }
    }

    if (!response.ok) {
      return {
        ok: false,
        error: {
          kind: 'http',
          url,
          status,
          body: isJson ? body : null,
          retryAfter: retryAfterSeconds(response.headers.get('retry-after')),
        },
      };
    }
    if (!isJson) return { ok: false, error: { kind: 'not-json', url, status } };

    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, MAX_ISSUES)
        .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
      return { ok: false, error: { kind: 'invalid', url, status, issues } };
    }
    return { ok: true, data: parsed.data, status };
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
  }
}

/** Retry-After in seconds (the servers here send seconds, never a date); null when absent. */
function retryAfterSeconds(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/** One line for a console warning: "GET /api/…: HTTP 503". */
export function describeFetchError(error: FetchJsonError): string {
  switch (error.kind) {
    case 'network':
      return `${error.url}: network error (${error.message})`;
    case 'timeout':
      return `${error.url}: no answer within ${error.timeoutMs} ms`;
    case 'aborted':
      return `${error.url}: aborted`;
    case 'http':
      return `${error.url}: HTTP ${error.status}`;
    case 'not-json':
      return `${error.url}: HTTP ${error.status} answer is not JSON`;
    case 'invalid':
      return `${error.url}: answer does not match the contract (${error.issues.join('; ')})`;
  }
}
