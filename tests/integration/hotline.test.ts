import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '#contracts';
import { KEYS, postTo, startServer, type PostOptions, type TestServer } from '../helpers/server.js';

const PATH = '/api/v1/collectors/hotline/orders';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

/** `2026-11-22 09:30:00` in Asia/Shanghai, as call centres write it. */
function shanghaiLocal(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

let counter = 0;
function order(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    orderNo: `GD-${process.pid}-${Date.now()}-${counter}`,
    callTime: shanghaiLocal(Date.now() - 3_600_000),
    callerNumber: '13812345678',
    callerName: '王先生',
    content: '村里自来水管破裂两天了，一直没人来修',
    category: '城乡建设',
    address: '镇安县回龙镇和坪村三组',
    urgency: '一般',
    ...overrides,
  };
}

function postOrders(
  body: unknown,
  options: PostOptions = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  return postTo(server.url, PATH, body, { key: KEYS.hotline, ...options });
}

async function stored(id: string): Promise<Report> {
  const found = (await server.store.recent(1000)).find((r) => r.id === id);
  if (!found) throw new Error(`report ${id} not stored`);
  return found;
}

const fieldPaths = (body: Record<string, unknown>) =>
  ((body.fields as Array<{ path: string }>) ?? []).map((f) => f.path);

describe('POST /api/v1/collectors/hotline/orders', () => {
  it('takes one order: address to group, local time as Asia/Shanghai, caller number hidden', async () => {
    const callTime = shanghaiLocal(Date.now() - 7_200_000);
    const res = await postOrders(
      order({ callTime, category: '环境保护', urgency: '紧急', content: '回电13999998888' }),
    );
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 1, duplicates: 0, triage: [] });
    const report = await stored((res.body.ids as string[])[0] as string);
    expect(report).toMatchObject({
      source: 'hotline',
      regionCode: '611025101217003',
      category: 'infrastructure',
      categoryInferred: false,
      urgency: 1,
      reporterName: '王先生',
      phoneMasked: '138******78',
      text: '回电139******88',
      triage: null,
    });
    expect(report.occurredAt).toBe(Date.parse(`${callTime.replace(' ', 'T')}+08:00`));
    expect(report.phoneHash).toMatch(/^[0-9a-f]{16,}$/);
    expect(JSON.stringify(report)).not.toContain('13812345678');
    expect(JSON.stringify(report)).not.toContain('13999998888');
  });

  it('takes a batch; partial and unresolved addresses are stored for triage, never dropped', async () => {
    const batch = [
      order({ address: '镇安县回龙镇和平村三组' }),
      order({ address: '湖北省武汉市江汉路1号' }),
      order({ address: '湖北省武汉市', regionCode: '611025103201' }),
      order({ address: undefined, regionCode: '611025101217', callTime: '2026-01-05T08:00:00Z' }),
    ];
    const res = await postOrders(batch);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ accepted: 4, duplicates: 0 });
    expect(res.body.triage).toEqual([
      { index: 0, orderNo: batch[0]?.orderNo, regionCode: '611025101', reason: 'address-partial' },
      { index: 1, orderNo: batch[1]?.orderNo, regionCode: '611025', reason: 'address-unresolved' },
    ]);
    const ids = res.body.ids as string[];
    const [partial, unresolved, byCode, noAddress] = await Promise.all(ids.map(stored));
    expect(partial).toMatchObject({ regionCode: '611025101', triage: 'address-partial' });
    expect(partial?.address).toBe('镇安县回龙镇和平村三组');
    expect(unresolved).toMatchObject({ regionCode: '611025', triage: 'address-unresolved' });
    expect(byCode).toMatchObject({ regionCode: '611025103201', triage: null });
    expect(noAddress?.occurredAt).toBe(Date.parse('2026-01-05T08:00:00Z'));
  });

  it('counts a repeated orderNo as a duplicate with the first id', async () => {
    const o = order();
    const first = await postOrders(o);
    const total = await server.store.total();
    const again = await postOrders([o]);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1, ids: first.body.ids });
    expect(await server.store.total()).toBe(total);
  });

  it('maps our codes and labels; leaves an unknown category to text understanding', async () => {
    const res = await postOrders([
      order({ category: 'dispute' }),
      order({ category: '留守人员代管' }),
      order({ category: '没有这个分类', content: '两家因宅基地边界发生纠纷，吵得很凶' }),
      order({ category: undefined, urgency: undefined, callerNumber: '', callerName: '' }),
    ]);
    expect(res.status).toBe(202);
    const [a, b, c, d] = await Promise.all((res.body.ids as string[]).map(stored));
    expect(a?.category).toBe('dispute');
    expect(b?.category).toBe('leftBehind');
    expect(c?.categoryInferred).toBe(true);
    expect(c?.category).toBe('dispute');
    expect(d).toMatchObject({ phoneMasked: null, phoneHash: null, reporterName: null });
  });
});

describe('bad orders are refused with the order’s field named and nothing stored', () => {
  const cases: Array<[string, unknown, string[]]> = [
    ['missing orderNo', order({ orderNo: undefined }), ['orderNo']],
    ['missing callTime', order({ callTime: undefined }), ['callTime']],
    ['missing content', order({ content: undefined }), ['content']],
    ['empty content', order({ content: '   ' }), ['content']],
    ['no address and no regionCode', order({ address: undefined }), ['address']],
    ['blank address', order({ address: ' ' }), ['address']],
    ['orderNo a number', order({ orderNo: 12345 }), ['orderNo']],
    ['content a number', order({ content: 42 }), ['content']],
    ['regionCode a number', order({ regionCode: 611025101001 }), ['regionCode']],
    ['callerNumber not a phone', order({ callerNumber: 'call me' }), ['callerNumber']],
    ['unknown urgency', order({ urgency: '很急' }), ['urgency']],
    ['day/month/year time', order({ callTime: '22/11/2026 10:00' }), ['callTime']],
    ['no such date', order({ callTime: '2026-02-30 10:00:00' }), ['callTime']],
    ['hour 25', order({ callTime: '2026-02-03 25:00:00' }), ['callTime']],
    ['words for a time', order({ callTime: 'yesterday' }), ['callTime']],
    ['time in the future', order({ callTime: '2099-01-01 00:00:00' }), ['callTime']],
    ['oversize content', order({ content: '长'.repeat(2001) }), ['content']],
    ['oversize address', order({ address: '镇'.repeat(257) }), ['address']],
    ['unknown region code', order({ regionCode: '611025999999' }), ['regionCode']],
    ['malformed region code', order({ regionCode: '61102' }), ['regionCode']],
    ['county code', order({ regionCode: '611025' }), ['regionCode']],
    ['unknown field', order({ priority: 1 }), ['priority']],
    [
      'bad orders in a batch',
      [
        order(),
        order({ callTime: '2026-13-01 10:00:00', content: '' }),
        order({ regionCode: '611025999999' }),
      ],
      ['[1].callTime', '[1].content'],
    ],
    ['bad region in a batch', [order(), order({ regionCode: '611025999999' })], ['[1].regionCode']],
    [
      'future time in a batch',
      [order(), order({ callTime: '2099-01-01T00:00:00+08:00' })],
      ['[1].callTime'],
    ],
    [
      'duplicate orderNo with one bad',
      [order({ orderNo: 'x' }), order({ orderNo: '' })],
      ['[1].orderNo'],
    ],
    ['empty batch', [], ['']],
    ['not an object', 'hello', ['']],
    ['null', null, ['']],
  ];
  it.each(cases)('%s', async (_name, body, paths) => {
    const before = await server.store.total();
    const res = await postOrders(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_order');
    for (const path of paths) expect(fieldPaths(res.body)).toContain(path);
    expect(await server.store.total()).toBe(before);
  });

  it('names the unknown region code and says what a time must look like', async () => {
    const region = await postOrders(order({ regionCode: '611025999999' }));
    expect(region.body.fields).toEqual([
      { path: 'regionCode', message: 'unknown region code 611025999999' },
    ]);
    const time = await postOrders(order({ callTime: '22/11/2026 10:00' }));
    expect(time.body.fields).toEqual([
      { path: 'callTime', message: expect.stringContaining('YYYY-MM-DD HH:mm:ss') as unknown },
    ]);
  });

  it('refuses more than 1,000 orders in one request', async () => {
    const res = await postOrders(Array.from({ length: 1001 }, () => order()));
    expect(res.status).toBe(400);
    expect(fieldPaths(res.body)).toContain('');
  });

  it('answers 401 without a key or with an unknown key', async () => {
    for (const key of [null, 'not-a-key-at-all-0000']) {
      const res = await postOrders(order(), { key });
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('unauthorized');
    }
  });

  it('answers 403 naming the source when another source’s key posts', async () => {
    const before = await server.store.total();
    const res = await postOrders(order(), { key: KEYS.grid });
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('"grid"');
    expect(res.body.message).toContain('"hotline"');
    expect(await server.store.total()).toBe(before);
  });

  it('answers 415 when not JSON, 400 for malformed JSON and 413 over 8 MB', async () => {
    const before = await server.store.total();
    const notJson = await postOrders(null, { contentType: 'text/csv', raw: 'a,b' });
    expect(notJson.status).toBe(415);
    const malformed = await postOrders(null, { raw: '{"orderNo": "1",' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toBe('invalid_json');
    const huge = await postOrders(null, {
      raw: JSON.stringify({ content: 'x'.repeat(9 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    expect(await server.store.total()).toBe(before);
  });
});
