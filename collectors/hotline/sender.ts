import type { HotlineResult } from '#contracts/hotline';
import type { ErrorBody } from '#contracts/report';
import { HOTLINE_ORDERS_PATH } from './paths.js';

/** One CSV row on its way: where it was, what it said, the order it became. */
export interface Row {
  line: number;
  cells: string[];
  order: Record<string, string>;
}

export interface Reject {
  row: Row;
  reason: string;
}

export interface BatchOutcome {
  accepted: number;
  duplicates: number;
  triage: number;
  rejects: Reject[];
}

/** The import cannot go on: the server is unreachable or refuses the key. */
export class ImportFatal extends Error {
  override name = 'ImportFatal';
}

export interface SenderOptions {
  url: string;
  key: string;
  /** Attempts after the first on a network error or 5xx (503 honours Retry-After). */
  retries: number;
  /** First backoff; doubles each attempt, capped at 8 s. */
  backoffMs: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

const EMPTY: BatchOutcome = { accepted: 0, duplicates: 0, triage: 0, rejects: [] };
const REQUEST_TIMEOUT_MS = 60_000;
const MAX_BACKOFF_MS = 8_000;
const MAX_RETRY_AFTER_MS = 30_000;

function add(a: BatchOutcome, b: BatchOutcome): BatchOutcome {
  return {
    accepted: a.accepted + b.accepted,
    duplicates: a.duplicates + b.duplicates,
    triage: a.triage + b.triage,
    rejects: [...a.rejects, ...b.rejects],
  };
}

/** `[3].callTime: must be …` grouped by order index; errors without an index are not here. */
function reasonsByIndex(fields: ErrorBody['fields']): Map<number, string[]> {
  const byIndex = new Map<number, string[]>();
  for (const field of fields ?? []) {
    const found = /^\[(\d+)\]\.?(.*)$/.exec(field.path);
    if (!found) continue;
    const index = Number(found[1]);
    const reason = found[2] ? `${found[2]}: ${field.message}` : field.message;
    byIndex.set(index, [...(byIndex.get(index) ?? []), reason]);
  }
  return byIndex;
}

/**
 * Posts rows to the hotline webhook. The webhook is all or nothing, so a 400 names the bad
 * orders: they become rejects and the rest is sent again; a 400 naming none (or a 413) halves
 * the batch until the bad row stands alone.
 */
export class OrderSender {
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: SenderOptions) {
    this.fetch = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  async send(rows: readonly Row[]): Promise<BatchOutcome> {
    if (rows.length === 0) return EMPTY;
    const { status, body } = await this.post(rows.map((r) => r.order));
    if (status === 202) {
      const result = body as HotlineResult;
      return {
        ...EMPTY,
        accepted: result.accepted,
        duplicates: result.duplicates,
        triage: result.triage.length,
      };
    }
    const error = body as Partial<ErrorBody>;
    if (status === 400) {
      const byIndex = reasonsByIndex(error.fields);
      const named = [...byIndex.keys()].filter((i) => i < rows.length);
      if (named.length > 0) {
        const rejects = named.map((i) => ({
          row: rows[i] as Row,
          reason: (byIndex.get(i) ?? []).join('; '),
        }));
        return add({ ...EMPTY, rejects }, await this.send(rows.filter((_r, i) => !byIndex.has(i))));
      }
      return this.split(rows, error.message ?? 'refused');
    }
    if (status === 413) return this.split(rows, 'order too large');
    throw new ImportFatal(`server answered ${status}: ${error.message ?? JSON.stringify(body)}`);
  }

  private async split(rows: readonly Row[], reason: string): Promise<BatchOutcome> {
    const [only] = rows;
    if (rows.length === 1 && only) return { ...EMPTY, rejects: [{ row: only, reason }] };
    const half = Math.ceil(rows.length / 2);
    return add(await this.send(rows.slice(0, half)), await this.send(rows.slice(half)));
  }

  /** POST with retries on network errors and 5xx; other answers are returned as they are. */
  private async post(orders: unknown[]): Promise<{ status: number; body: unknown }> {
    const { url, key, retries } = this.options;
    let last = '';
    let retryAfterMs: number | undefined;
    for (let attempt = 0; attempt <= retries; attempt += 1) {
      if (attempt > 0) await this.sleep(retryAfterMs ?? this.backoff(attempt));
      retryAfterMs = undefined;
      try {
        const res = await this.fetch(new URL(HOTLINE_ORDERS_PATH, url), {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(orders),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const text = await res.text();
        if (res.status < 500) return { status: res.status, body: parseJson(text) };
        last = `HTTP ${res.status}`;
        // A full store says when to come back (503 Retry-After, seconds); wait that, within reason.
        const seconds = Number(res.headers.get('retry-after'));
        if (seconds > 0) retryAfterMs = Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
      } catch (err) {
        last = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
      }
    }
    throw new ImportFatal(`${url} unreachable after ${retries + 1} attempts: ${last}`);
  }

  private backoff(attempt: number): number {
    return Math.min(this.options.backoffMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { message: text.slice(0, 200) };
  }
}
