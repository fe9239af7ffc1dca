import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { History } from '#contracts/stats';
import { describeFetchError, fetchJson } from './fetch-json.js';

const HISTORY = {
  from: 0,
  to: 3_600_000,
  bucketMinutes: 60,
  by: 'source',
  buckets: [0],
  series: [{ key: 'hotline', counts: [3] }],
};

let server: Server;
let base: string;

/** A real HTTP server on a free loopback port, one route per way an answer can go wrong. */
beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    switch (url.pathname) {
      case '/history':
        return json(200, HISTORY);
      case '/history-drifted':
        return json(200, { ...HISTORY, bucketMinutes: '60', series: [{ key: 1 }] });
      case '/text':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('not json');
      case '/busy':
        return json(503, { error: 'busy', message: '稍后再试' }, { 'retry-after': '30' });
      case '/proxy-error':
        res.writeHead(502, { 'content-type': 'text/html' });
        return res.end('<html>Bad Gateway</html>');
      case '/no-content':
        res.writeHead(204);
        return res.end();
      case '/echo': {
        let raw = '';
        req.setEncoding('utf8');
        req.on('data', (chunk: string) => (raw += chunk));
        req.on('end', () =>
          json(200, {
            method: req.method,
            contentType: req.headers['content-type'] ?? null,
            token: req.headers.authorization ?? null,
            body: JSON.parse(raw || 'null') as unknown,
          }),
        );
        return;
      }
      case '/hang':
        return; // never answers
      case '/slow-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"from":0,'); // the rest never comes
        return;
      default:
        return json(404, { error: 'not_found', message: 'no such route' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('fetchJson', () => {
  it('returns the body as the contract parses it', async () => {
    const result = await fetchJson(`${base}/history`, History);
    expect(result).toEqual({ ok: true, status: 200, data: HISTORY });
  });

  it('refuses JSON that does not match the contract, naming the fields', async () => {
    const result = await fetchJson(`${base}/history-drifted`, History);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('invalid');
    if (result.error.kind !== 'invalid') return;
    expect(result.error.status).toBe(200);
    expect(result.error.issues.some((i) => i.startsWith('bucketMinutes:'))).toBe(true);
    expect(result.error.issues.some((i) => i.startsWith('series.0.key:'))).toBe(true);
    expect(describeFetchError(result.error)).toContain('does not match the contract');
  });

  it('refuses a 2xx answer that is not JSON', async () => {
    const result = await fetchJson(`${base}/text`, History);
    expect(result).toEqual({
      ok: false,
      error: { kind: 'not-json', url: `${base}/text`, status: 200 },
    });
  });

  it('gives the status, the parsed error body and Retry-After of a refusal', async () => {
    const result = await fetchJson(`${base}/busy`, History);
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'http',
        url: `${base}/busy`,
        status: 503,
        body: { error: 'busy', message: '稍后再试' },
        retryAfter: 30,
      },
    });
    const proxy = await fetchJson(`${base}/proxy-error`, History);
    expect(proxy.ok || proxy.error).toEqual({
      kind: 'http',
      url: `${base}/proxy-error`,
      status: 502,
      body: null,
      retryAfter: null,
    });
    if (!proxy.ok) expect(describeFetchError(proxy.error)).toBe(`${base}/proxy-error: HTTP 502`);
  });

  it('reads an empty answer as null', async () => {
    const result = await fetchJson(`${base}/no-content`, z.null());
    expect(result).toEqual({ ok: true, status: 204, data: null });
  });

  it('sends JSON with its content type, the method and the caller headers', async () => {
    const Echo = z.object({
      method: z.string(),
      contentType: z.string().nullable(),
      token: z.string().nullable(),
      body: z.unknown(),
    });
    const result = await fetchJson(`${base}/echo`, Echo, {
      method: 'POST',
      json: { note: '已到现场' },
      headers: { authorization: 'Bearer wall-token' },
    });
    expect(result.ok && result.data).toEqual({
      method: 'POST',
      contentType: 'application/json',
      token: 'Bearer wall-token',
      body: { note: '已到现场' },
    });
  });

  it('gives up on a server that does not answer in time', async () => {
    const started = Date.now();
    const result = await fetchJson(`${base}/hang`, History, { timeoutMs: 150 });
    expect(result).toEqual({
      ok: false,
      error: { kind: 'timeout', url: `${base}/hang`, timeoutMs: 150 },
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('counts the body in the deadline', async () => {
    const result = await fetchJson(`${base}/slow-body`, History, { timeoutMs: 150 });
    expect(result.ok || result.error.kind).toBe('timeout');
  });

  it('stops when the caller aborts, before or during the request', async () => {
    const before = new AbortController();
    before.abort();
    const early = await fetchJson(`${base}/history`, History, { signal: before.signal });
    expect(early.ok || early.error.kind).toBe('aborted');

    const during = new AbortController();
    const pending = fetchJson(`${base}/hang`, History, { signal: during.signal });
    setTimeout(() => during.abort(), 50);
    const late = await pending;
    expect(late.ok || late.error.kind).toBe('aborted');
  });

  it('says when nobody listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await fetchJson(`http://127.0.0.1:${port}/history`, History);
    expect(result.ok || result.error.kind).toBe('network');
  });
});
