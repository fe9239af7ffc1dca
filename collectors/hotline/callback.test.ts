import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OrderChanged, WorkOrder } from '#contracts';
import { ConfigError } from '../../backend/config/errors.js';
import { UNWORKED_ORDER } from '../../backend/orders/rows.js';
import { silentLogger } from '../../backend/platform/logger.js';
import { answerBody, callbackEvent, CallCentreOrders } from './answer.js';
import { CallbackOutbox, signCallback } from './callback.js';
import { loadHotlineSetup } from './config.js';
import { HotlineLedger } from './ledger.js';

const SECRET = 'a-long-enough-callback-secret';

function dirWith(callback: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-config-'));
  writeFileSync(join(dir, 'hotline.json'), JSON.stringify({ categories: {}, callback }));
  return dir;
}

const load = (callback: unknown, env: NodeJS.ProcessEnv = {}) =>
  loadHotlineSetup(dirWith(callback), env);

describe('hotline.json callback', () => {
  const url = 'https://callcentre.example.gov.cn/minqing/answers';

  it('is optional: without it nothing is sent', () => {
    expect(loadHotlineSetup(undefined).callback).toBeNull();
    const dir = mkdtempSync(join(tmpdir(), 'hotline-config-'));
    writeFileSync(join(dir, 'hotline.json'), JSON.stringify({ categories: {} }));
    expect(loadHotlineSetup(dir).callback).toBeNull();
  });

  it('takes the secret from the environment or a file, with defaults for the rest', () => {
    const fromEnv = load(
      { url, secretEnv: 'HOTLINE_CALLBACK_SECRET' },
      {
        HOTLINE_CALLBACK_SECRET: SECRET,
      },
    );
    expect(fromEnv.callback).toEqual({
      secret: SECRET,
      config: {
        url,
        secretEnv: 'HOTLINE_CALLBACK_SECRET',
        events: ['answered', 'reopened', 'closed'],
        retry: { attempts: 12, backoff: { baseSeconds: 30, maxSeconds: 3600 }, timeoutSeconds: 10 },
      },
    });
    // A relative secretFile is read from the config directory.
    const dir = dirWith({ url, secretFile: 'callback.secret', events: ['closed'] });
    writeFileSync(join(dir, 'callback.secret'), `${SECRET}\n`);
    expect(loadHotlineSetup(dir).callback).toMatchObject({
      secret: SECRET,
      config: { events: ['closed'] },
    });
  });

  it.each([
    ['the secret written in the file', { url, secret: SECRET }, /callback\.secret: never write/],
    ['no secret at all', { url }, /callback\.secretEnv: give exactly one of/],
    [
      'two secrets',
      { url, secretEnv: 'A', secretFile: 'b' },
      /callback\.secretEnv: give exactly one of/,
    ],
    [
      'a URL that is not http',
      { url: 'ftp://x', secretEnv: 'S' },
      /callback\.url: must be an http/,
    ],
    [
      'an event we do not send',
      { url, secretEnv: 'S', events: ['signed'] },
      /callback\.events\[0\]/,
    ],
    [
      'a retry count of zero',
      { url, secretEnv: 'S', retry: { attempts: 0 } },
      /callback\.retry\.attempts/,
    ],
    ['an unset variable', { url, secretEnv: 'NOT_SET_HERE' }, /callback\.secretEnv: NOT_SET_HERE/],
    ['a missing file', { url, secretFile: 'nope' }, /callback\.secretFile: cannot read/],
    ['a short secret', { url, secretEnv: 'S' }, /callback\.secretEnv: the secret must be/],
  ])('refuses %s, naming the file and the field', (_what, callback, message) => {
    const env = { S: 'short' };
    expect(() => load(callback, env)).toThrow(ConfigError);
    expect(() => load(callback, env)).toThrow(/hotline\.json: /);
    expect(() => load(callback, env)).toThrow(message);
  });
});

const order = (over: Partial<WorkOrder> = {}): WorkOrder => ({
  id: 'wo-1',
  number: 'G2612010007',
  status: 'answered',
  level: 'blue',
  category: 'infrastructure',
  source: 'hotline',
  regionCode: '611025101202',
  place: '回龙镇·枣园村',
  unit: 'village',
  unitCode: '611025101202',
  unitPlace: '回龙镇·枣园村',
  reportIds: ['r1'],
  reportCount: 1,
  text: '路上有坑',
  reason: null,
  caseId: null,
  openedAt: Date.parse('2026-12-01T08:00:00+08:00'),
  updatedAt: Date.parse('2026-12-01T10:00:00+08:00'),
  signDueAt: null,
  ...UNWORKED_ORDER,
  answer: { text: '已填平', at: Date.parse('2026-12-01T10:00:00+08:00'), by: '李村长' },
  ...over,
});

describe('the answer', () => {
  it('is the call centre’s number, ours, the status in Chinese and the answer in county time', () => {
    expect(answerBody('GD-1', order())).toEqual({
      workOrderNumber: 'GD-1',
      orderNumber: 'G2612010007',
      status: 'answered',
      statusLabel: '已答复',
      answer: { text: '已填平', at: '2026-12-01T10:00:00+08:00', by: '李村长' },
      at: '2026-12-01T10:00:00+08:00',
    });
  });

  it('is sent for 答复, 办结 and 重新办理 only', () => {
    const change = (action: OrderChanged['action'], status: WorkOrder['status']) =>
      callbackEvent({ action, order: order({ status }) });
    expect(change('answer', 'answered')).toBe('answered');
    expect(change('visit', 'closed')).toBe('closed');
    expect(change('visit', 'reopened')).toBe('reopened');
    expect(change('comment', 'answered')).toBeNull();
    expect(change('supervise', 'handling')).toBeNull();
    expect(change('sign', 'signed')).toBeNull();
  });

  it('is signed over the timestamp and the body', () => {
    const expected = createHmac('sha256', SECRET).update('1700000000000.{"a":1}').digest('hex');
    expect(signCallback(SECRET, '1700000000000', '{"a":1}')).toBe(`sha256=${expected}`);
  });
});

describe('the callback outbox', () => {
  it('queues one delivery per step and number, in order per number, and never twice', async () => {
    const ledger = new HotlineLedger(undefined);
    ledger.remember(
      [
        { orderNo: 'A', reportId: 'r1' },
        { orderNo: 'B', reportId: 'r2' },
      ],
      1,
    );
    const port = {
      orderOfReport: () => null,
      orderByExternal: () => null,
      externalIdOfOrder: () => 'A',
      reportIdsOfOrder: () => [],
    };
    const sent: string[] = [];
    let fail = true;
    const outbox = new CallbackOutbox({
      ledger,
      orders: new CallCentreOrders(ledger, port),
      setup: {
        secret: SECRET,
        config: {
          url: 'http://127.0.0.1:9/unused',
          events: ['answered', 'closed'],
          retry: {
            attempts: 5,
            backoff: { baseSeconds: 0.01, maxSeconds: 0.02 },
            timeoutSeconds: 1,
          },
        },
      },
      log: silentLogger,
      fetch: (_url, init) => {
        const body = JSON.parse(String(init?.body)) as { workOrderNumber: string; status: string };
        if (fail) {
          fail = false;
          return Promise.resolve(new Response('down', { status: 503 }));
        }
        sent.push(`${body.workOrderNumber}:${body.status}`);
        return Promise.resolve(new Response('ok'));
      },
    });
    const answered = order({ reportIds: ['r1', 'r2'], reportCount: 2 });
    outbox.onOrderChanged({ action: 'answer', order: answered });
    outbox.onOrderChanged({ action: 'answer', order: answered });
    outbox.onOrderChanged({ action: 'comment', order: answered });
    const closed = order({ reportIds: ['r1', 'r2'], status: 'closed', updatedAt: 2e12 });
    outbox.onOrderChanged({ action: 'visit', order: closed });
    outbox.onOrderChanged({ action: 'visit', order: { ...closed, status: 'reopened' } });
    for (let i = 0; i < 200 && ledger.count('sent') < 4; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await outbox.stop();
    expect(ledger.count('sent')).toBe(4);
    expect(ledger.count('pending')).toBe(0);
    // A's answer failed once and still went before A's close.
    expect(sent.filter((s) => s.startsWith('A'))).toEqual(['A:answered', 'A:closed']);
    expect(sent.filter((s) => s.startsWith('B'))).toEqual(['B:answered', 'B:closed']);
    ledger.close();
  });
});
