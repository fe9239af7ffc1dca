import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorBody, HotlineAnswer, OrderPage, WorkOrder, WorkOrderDetail } from '#contracts';
import { api, login, prepareConfig, startReceiver, ZAOYUAN } from '../helpers/cases.js';
import { KEYS, postTo, startServer, type TestServer } from '../helpers/server.js';

const ORDERS = '/api/v1/collectors/hotline/orders';
const SECRET = 'test-callback-secret-0123456789';
const POTHOLE = '村口到三组的路上有个大坑，下雨就积水，骑车的老是摔，麻烦修一下';

let server: TestServer | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** config/ with hotline.json's callback pointing at `url`; the secret in a file beside it. */
function configWithCallback(url: string, retry: unknown, dir = prepareConfig()): string {
  const file = join(dir, 'hotline.json');
  const hotline = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'hotline-callback.secret'), `${SECRET}\n`);
  hotline.callback = { url, secretFile: 'hotline-callback.secret', retry };
  writeFileSync(file, JSON.stringify(hotline, null, 2));
  return dir;
}

const FAST = { attempts: 6, backoff: { baseSeconds: 0.05, maxSeconds: 0.2 }, timeoutSeconds: 5 };

function callTime(): string {
  return new Date(Date.now() + 8 * 3_600_000 - 600_000)
    .toISOString()
    .slice(0, 19)
    .replace('T', ' ');
}

async function postCall(s: TestServer, orderNo: string, extra: Record<string, unknown> = {}) {
  const res = await postTo(s.url, ORDERS, {
    orderNo,
    callTime: callTime(),
    callerNumber: '13812345678',
    content: POTHOLE,
    category: '城乡建设',
    regionCode: ZAOYUAN,
    ...extra,
  });
  expect(res.status).toBe(202);
  return res.body;
}

async function orderOf(s: TestServer, token: string): Promise<WorkOrder> {
  for (let i = 0; i < 100; i++) {
    const page = await api<OrderPage>(s.url, token, 'GET', '/api/v1/work-orders?source=hotline');
    const found = page.body.items?.find((o) => o.text === POTHOLE);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no work order for the call');
}

async function act(s: TestServer, token: string, id: string, action: string, body: unknown = {}) {
  const res = await api<WorkOrderDetail & ErrorBody>(
    s.url,
    token,
    'POST',
    `/api/v1/work-orders/${id}/${action}`,
    body,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.order;
}

async function until(what: string, done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What the README tells the call centre to do with a callback. */
function verify(headers: Record<string, unknown>, rawBody: string): boolean {
  const timestamp = String(headers['x-minqing-timestamp']);
  if (Math.abs(Date.now() - Number(timestamp)) > 5 * 60_000) return false;
  const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${rawBody}`).digest('hex')}`;
  const given = Buffer.from(String(headers['x-minqing-signature']));
  return given.length === expected.length && timingSafeEqual(given, Buffer.from(expected));
}

function pull(s: TestServer, workOrderNumber: string, key: string | null = KEYS.hotline) {
  return fetch(`${s.url}${ORDERS}/${encodeURIComponent(workOrderNumber)}`, {
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
}

describe('the hotline gets the answer back', () => {
  it('a signed callback reaches the call centre after two failures, once; the pull says the same', async () => {
    const receiver = await startReceiver(2);
    cleanups.push(receiver.close);
    server = await startServer({ configDir: configWithCallback(receiver.url, FAST) });
    const s = server;
    const number = `12345-${process.pid}-${Date.now()}`;
    await postCall(s, number);

    const village = await login(s.url, 'village-zaoyuan');
    const o = await orderOf(s, village);
    expect(o).toMatchObject({ status: 'dispatched', source: 'hotline', unitCode: ZAOYUAN });
    // Before the answer: the pull already knows the order; nothing was sent.
    const before = await pull(s, number);
    expect(before.status).toBe(200);
    expect(await before.json()).toMatchObject({
      workOrderNumber: number,
      orderNumber: o.number,
      status: 'dispatched',
      statusLabel: '待签收',
    });
    await act(s, village, o.id, 'sign');
    const answered = await act(s, village, o.id, 'answer', { text: '已安排填平，今天完工' });
    expect(answered.status).toBe('answered');

    await until('the delivery', () => receiver.delivered().length === 1);
    // A moment more: nothing else arrives (one answer, one accepted delivery).
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received.map((r) => r.answered)).toEqual([500, 500, 200]);
    const [first, , accepted] = receiver.received;
    if (!first || !accepted) throw new Error('unreachable');
    // Every attempt is the same delivery: same key, same body.
    expect(new Set(receiver.received.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    expect(accepted.headers['x-minqing-delivery']).toBe(accepted.headers['idempotency-key']);
    expect(accepted.headers['x-minqing-event']).toBe('hotline.answered');
    expect(receiver.received.map((r) => r.body)).toEqual([first.body, first.body, first.body]);
    // The signature covers the timestamp and the raw body (the body as sent is compact JSON).
    expect(verify(accepted.headers, JSON.stringify(accepted.body))).toBe(true);
    expect(verify(accepted.headers, JSON.stringify({ ...accepted.body, status: 'closed' }))).toBe(
      false,
    );
    const body = accepted.body as HotlineAnswer;
    expect(body).toMatchObject({
      workOrderNumber: number,
      orderNumber: o.number,
      status: 'answered',
      statusLabel: '已答复',
      answer: { text: '已安排填平，今天完工' },
    });
    expect(body.orderNumber).toMatch(/^G\d{10}/);
    expect(body.answer?.at).toMatch(/\+08:00$/);
    expect(body.visit).toBeUndefined();

    // The pull answers the same body.
    const pulled = await pull(s, number);
    expect(pulled.status).toBe(200);
    expect(pulled.headers.get('cache-control')).toBe('no-store');
    expect(await pulled.json()).toEqual(body);

    // 回访 satisfied: 办结 goes back too, after the answer.
    const town = await login(s.url, 'town-huilong');
    await act(s, town, o.id, 'visit', { satisfaction: 'satisfied' });
    await until('the close', () => receiver.delivered().length === 2);
    const closed = receiver.delivered()[1]?.body as HotlineAnswer;
    expect(closed).toMatchObject({
      workOrderNumber: number,
      status: 'closed',
      statusLabel: '已办结',
      answer: { text: '已安排填平，今天完工' },
      visit: { satisfaction: 'satisfied', satisfactionLabel: '满意' },
    });
    expect(receiver.delivered()[1]?.headers['x-minqing-event']).toBe('hotline.closed');
  });

  it('the pull wants the hotline key and a number it received', async () => {
    server = await startServer();
    const s = server;
    expect((await pull(s, 'never-sent')).status).toBe(404);
    expect(await (await pull(s, 'never-sent')).json()).toMatchObject({ error: 'unknown_order' });
    expect((await pull(s, 'never-sent', null)).status).toBe(401);
    expect((await pull(s, 'never-sent', KEYS.app)).status).toBe(403);
    // Without a callback configured the pull still answers.
    const number = `12345-${process.pid}-pull`;
    await postCall(s, number);
    let res = await pull(s, number);
    for (let i = 0; i < 50 && res.status === 503; i++) {
      await new Promise((r) => setTimeout(r, 20));
      res = await pull(s, number);
    }
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ workOrderNumber: number, status: 'dispatched' });
  });

  it('a repeat call joins the order and hears the same answer under its own number', async () => {
    const receiver = await startReceiver(0);
    cleanups.push(receiver.close);
    server = await startServer({ configDir: configWithCallback(receiver.url, FAST) });
    const s = server;
    const first = `12345-${process.pid}-first`;
    const second = `12345-${process.pid}-second`;
    await postCall(s, first);
    const village = await login(s.url, 'village-zaoyuan');
    const o = await orderOf(s, village);
    await postCall(s, second, { callTime: callTime() });
    let joined: HotlineAnswer | undefined;
    for (let i = 0; i < 100 && joined?.orderNumber !== o.number; i++) {
      const res = await pull(s, second);
      if (res.status === 200) joined = (await res.json()) as HotlineAnswer;
      else await new Promise((r) => setTimeout(r, 20));
    }
    expect(joined).toMatchObject({ workOrderNumber: second, orderNumber: o.number });

    await act(s, village, o.id, 'sign');
    await act(s, village, o.id, 'answer', { text: '已修好' });
    await until('both answers', () => receiver.delivered().length === 2);
    const numbers = receiver.delivered().map((r) => (r.body as HotlineAnswer).workOrderNumber);
    expect(numbers.sort()).toEqual([first, second].sort());
    const keys = new Set(receiver.delivered().map((r) => r.headers['idempotency-key']));
    expect(keys.size).toBe(2);
  });

  it('an answer the call centre could not take survives a restart and goes out then', async () => {
    const down = await startReceiver(1_000_000);
    cleanups.push(down.close);
    const slow = { ...FAST, attempts: 50, backoff: { baseSeconds: 0.05, maxSeconds: 0.1 } };
    const configDir = configWithCallback(down.url, slow);
    server = await startServer({ configDir });
    const { dataDir } = server;
    const number = `12345-${process.pid}-restart`;
    await postCall(server, number);
    const village = await login(server.url, 'village-zaoyuan');
    const o = await orderOf(server, village);
    await act(server, village, o.id, 'sign');
    await act(server, village, o.id, 'answer', { text: '明天修' });
    await until('a failed attempt', () => down.received.length >= 2);
    await server.stop();
    const tried = down.received.length;

    const up = await startReceiver(0);
    cleanups.push(up.close);
    configWithCallback(up.url, slow, configDir);
    server = await startServer({ dataDir, configDir });
    await until('the delivery after the restart', () => up.delivered().length === 1);
    expect(down.received.length).toBe(tried);
    const [delivered] = up.delivered();
    expect(delivered?.headers['idempotency-key']).toBe(
      down.received[0]?.headers['idempotency-key'],
    );
    expect(delivered?.body).toEqual(down.received[0]?.body);
    expect(delivered?.body).toMatchObject({ workOrderNumber: number, answer: { text: '明天修' } });
  });
});
