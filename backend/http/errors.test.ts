import express from 'express';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailable } from '#contracts';
import type { Logger } from '../platform/logger.js';
import { clientError, errorHandler, requireJson } from './errors.js';

const logged: string[] = [];
const log: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (message) => void logged.push(message),
};

let url = '';
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  const app = express();
  app.post('/json', requireJson, express.json({ limit: '1kb' }), (req, res) => {
    res.json({ got: req.body as unknown });
  });
  app.post('/form', express.urlencoded({ extended: false, parameterLimit: 3 }), (req, res) => {
    res.json({ got: req.body as unknown });
  });
  app.get('/items/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  app.get('/full', () => {
    throw new StoreUnavailable('the spool is full', 7);
  });
  app.get('/bug', () => {
    throw new TypeError('x.trim is not a function');
  });
  app.use(errorHandler(log));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

async function send(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const post = (path: string, body: BodyInit, headers: Record<string, string>) =>
  send(path, { method: 'POST', body, headers });

describe('errorHandler: a body that cannot be read is a 4xx naming why, never a 500', () => {
  it('malformed JSON → 400 invalid_json with the parser’s reason', async () => {
    const res = await post('/json', '{"a": ', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_json', fields: [{ path: '' }] });
  });

  it('too large → 413 naming the limit', async () => {
    const res = await post('/json', JSON.stringify({ a: 'x'.repeat(2000) }), {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: 'payload_too_large' });
    expect(res.body.message).toMatch(/1024 bytes/);
  });

  it('wrong content type → 415; an unknown charset or content encoding → 415 naming it', async () => {
    expect((await post('/json', 'a=1', { 'content-type': 'text/plain' })).status).toBe(415);
    const charset = await post('/json', '{}', {
      'content-type': 'application/json; charset=ebcdic',
    });
    expect(charset.status).toBe(415);
    expect(charset.body.message).toMatch(/^Content-Type: .*EBCDIC/);
    const encoding = await post('/json', '{}', {
      'content-type': 'application/json',
      'content-encoding': 'compress',
    });
    expect(encoding.status).toBe(415);
    expect(encoding.body.message).toMatch(/^Content-Encoding:/);
  });

  it('a gzip body that is not gzip → 400, a real one is read', async () => {
    const broken = await post('/json', 'not gzip at all', {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(broken.status).toBe(400);
    const good = await post('/json', gzipSync('{"a":1}'), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(good).toEqual({ status: 200, body: { got: { a: 1 } } });
  });

  it('too many form fields → 413; a bad percent-escape in a path → 400', async () => {
    const form = await post('/form', 'a=1&b=2&c=3&d=4', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form).toMatchObject({ status: 413, body: { message: 'too many form fields' } });
    expect((await send('/items/%E0%A4%A')).status).toBe(400);
  });

  it('a full spool → 503 with Retry-After; a fault of ours → 500 without details, logged', async () => {
    const res = await fetch(`${url}/full`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    const bug = await send('/bug');
    expect(bug).toEqual({ status: 500, body: { error: 'internal', message: 'internal error' } });
    expect(logged.at(-1)).toMatch(/x\.trim is not a function/);
  });
});

describe('clientError', () => {
  it('is null for what is not a client’s mistake', () => {
    expect(clientError(new Error('boom'))).toBeNull();
    expect(clientError(undefined)).toBeNull();
    expect(clientError('text')).toBeNull();
    expect(clientError({ status: 500, type: 'stream.not.readable' })).toBeNull();
  });

  it('takes a 4xx raised about this request: http-errors (`expose`) or a bad path parameter', () => {
    expect(clientError({ status: 404, message: 'nope', expose: true })).toEqual({
      status: 404,
      error: 'bad_request',
      message: 'nope',
    });
    const badParam = Object.assign(new URIError("Failed to decode param '%E0'"), {
      status: 400,
      statusCode: 400,
    });
    expect(clientError(badParam)).toMatchObject({ status: 400 });
  });

  it('never passes on a 4xx an upstream service answered us (a fault of ours, its text internal)', () => {
    const influx = Object.assign(new Error('error parsing query: found EOF'), {
      statusCode: 400,
      statusMessage: 'Bad Request',
      body: '{"error":"error parsing query"}',
    });
    expect(clientError(influx)).toBeNull();
    expect(clientError({ statusCode: 400 })).toBeNull();
  });
});
