import { describe, expect, it } from 'vitest';
import { ImportFatal, OrderSender, type Row } from './sender.js';

const rows = (n: number): Row[] =>
  Array.from({ length: n }, (_v, i) => ({
    line: i + 2,
    cells: [`GD${i}`],
    order: { orderNo: `GD${i}` },
  }));

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

/** A fetch that answers from a script and records what was posted. */
function scripted(answer: (orders: Array<{ orderNo: string }>) => Answer) {
  const posted: string[][] = [];
  const fake = (async (_url: URL, init: RequestInit) => {
    const orders = JSON.parse(init.body as string) as Array<{ orderNo: string }>;
    posted.push(orders.map((o) => o.orderNo));
    const a = answer(orders);
    if (a instanceof Error) throw a;
    return new Response(JSON.stringify(a.body ?? {}), { status: a.status, headers: a.headers });
  }) as unknown as typeof fetch;
  return { fake, posted };
}

const accepted = (orders: unknown[]) => ({
  status: 202,
  body: { accepted: orders.length, duplicates: 0, ids: [], triage: [] },
});

function sender(fake: typeof fetch, waits: number[] = []) {
  return new OrderSender({
    url: 'http://127.0.0.1:9',
    key: 'k',
    retries: 3,
    backoffMs: 100,
    fetch: fake,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
}

describe('OrderSender', () => {
  it('passes on the counts of a 202', async () => {
    const { fake } = scripted(() => ({
      status: 202,
      body: { accepted: 2, duplicates: 1, ids: [], triage: [{}] },
    }));
    expect(await sender(fake).send(rows(3))).toEqual({
      accepted: 2,
      duplicates: 1,
      triage: 1,
      rejects: [],
    });
  });

  it('rejects the orders a 400 names and sends the rest again', async () => {
    const { fake, posted } = scripted((orders) =>
      orders.some((o) => o.orderNo === 'GD1')
        ? {
            status: 400,
            body: {
              error: 'invalid_order',
              message: 'bad',
              fields: [{ path: `[1].regionCode`, message: 'unknown region code 611025999999' }],
            },
          }
        : accepted(orders),
    );
    const outcome = await sender(fake).send(rows(3));
    expect(outcome.accepted).toBe(2);
    expect(outcome.rejects).toEqual([
      {
        row: rows(3)[1],
        reason: 'regionCode: unknown region code 611025999999',
      },
    ]);
    expect(posted).toEqual([
      ['GD0', 'GD1', 'GD2'],
      ['GD0', 'GD2'],
    ]);
  });

  it('halves a batch a 400 or 413 does not explain until the bad row stands alone', async () => {
    const { fake } = scripted((orders) =>
      orders.some((o) => o.orderNo === 'GD2')
        ? { status: 413, body: { error: 'payload_too_large', message: 'too large' } }
        : accepted(orders),
    );
    const outcome = await sender(fake).send(rows(5));
    expect(outcome.accepted).toBe(4);
    expect(outcome.rejects.map((r) => [r.row.line, r.reason])).toEqual([[4, 'order too large']]);
  });

  it('retries 503 after Retry-After and network errors with backoff', async () => {
    let calls = 0;
    const { fake } = scripted((orders) => {
      calls += 1;
      if (calls === 1) return { status: 503, body: {}, headers: { 'retry-after': '2' } };
      if (calls === 2) return new TypeError('fetch failed');
      return accepted(orders);
    });
    const waits: number[] = [];
    expect((await sender(fake, waits).send(rows(2))).accepted).toBe(2);
    expect(waits).toEqual([2000, 200]);
  });

  it('stops with ImportFatal when the server stays unreachable', async () => {
    const { fake, posted } = scripted(() => new TypeError('fetch failed'));
    const waits: number[] = [];
    await expect(sender(fake, waits).send(rows(1))).rejects.toThrow(ImportFatal);
    expect(posted).toHaveLength(4);
    expect(waits).toEqual([100, 200, 400]);
  });

  it('stops with ImportFatal on a refused key, with the server’s message', async () => {
    const { fake } = scripted(() => ({
      status: 401,
      body: { error: 'unauthorized', message: 'unknown ingest key' },
    }));
    await expect(sender(fake).send(rows(1))).rejects.toThrow(/401: unknown ingest key/);
  });
});
