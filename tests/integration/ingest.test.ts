import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KEYS,
  connectWall,
  post,
  report,
  startServer,
  waitForEvent,
  waitForReport,
  type TestServer,
} from '../helpers/server.js';
import { STORES } from '../helpers/stores.js';

describe.each(STORES)('%s store', (store) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ store });
  });
  afterAll(async () => {
    await server.close();
  });

  function fieldPaths(body: Record<string, unknown>): string[] {
    return ((body.fields as Array<{ path: string }>) ?? []).map((f) => f.path);
  }

  describe('POST /api/v1/reports', () => {
    it('accepts one report with 202, stores it and pushes it to the wall without the reporter', async () => {
      const wall = connectWall(server.url);
      await waitForEvent(wall, 'snapshot');
      const before = await server.store.total();
      const seen = waitForReport(wall, (r) => r.text.includes('联系电话'));
      const res = await post(
        server.url,
        report({
          text: '路灯坏了一个月，联系电话13812345678',
          reporter: { name: '张三', phone: '13987654321' },
        }),
      );
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ accepted: 1, duplicates: 0 });
      expect(res.body.ids).toHaveLength(1);
      expect(await server.store.total()).toBe(before + 1);
      const pushed = await seen;
      expect(pushed.text).toBe('路灯坏了一个月，联系电话138******78');
      // The wall gets no reporter at all: no name, no number in any form.
      expect(pushed).not.toHaveProperty('phoneMasked');
      expect(pushed).not.toHaveProperty('reporterName');
      expect(JSON.stringify(pushed)).not.toMatch(/张三|13987654321|139\*{6}21/);
      wall.close();
    });

    it('takes a batch and counts a repeated externalId as a duplicate, not stored twice', async () => {
      const a = report();
      const b = report();
      const first = await post(server.url, [a, b, { ...a }]);
      expect(first.status).toBe(202);
      expect(first.body).toMatchObject({ accepted: 2, duplicates: 1 });
      const ids = first.body.ids as string[];
      expect(ids[2]).toBe(ids[0]);
      const total = await server.store.total();
      const again = await post(server.url, [a, b]);
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 2, ids: ids.slice(0, 2) });
      expect(await server.store.total()).toBe(total);
    });

    it('lets two sources use the same externalId', async () => {
      const externalId = `shared-${Date.now()}`;
      const h = await post(server.url, report({ externalId }));
      const g = await post(server.url, report({ externalId, source: 'grid' }), { key: KEYS.grid });
      expect(h.body.accepted).toBe(1);
      expect(g.body.accepted).toBe(1);
    });
  });

  describe('bad input is refused with the field named and nothing stored', () => {
    const cases: Array<[string, unknown, number, string[]]> = [
      ['missing text', report({ text: undefined }), 400, ['text']],
      ['empty text', report({ text: '   ' }), 400, ['text']],
      ['oversize text', report({ text: '长'.repeat(2001) }), 400, ['text']],
      ['wrong type', report({ regionCode: 611025101001 }), 400, ['regionCode']],
      ['time without offset', report({ occurredAt: '2026-11-22 10:00:00' }), 400, ['occurredAt']],
      [
        'time in the future',
        report({ occurredAt: '2099-01-01T00:00:00+08:00' }),
        400,
        ['occurredAt'],
      ],
      ['unknown category', report({ category: 'weather' }), 400, ['category']],
      ['unknown source', report({ source: 'fax' }), 400, ['source']],
      ['unknown region code', report({ regionCode: '611025999999' }), 400, ['regionCode']],
      ['county code', report({ regionCode: '611025' }), 400, ['regionCode']],
      ['unknown field', report({ priority: 1 }), 400, ['priority']],
      [
        'bad items in a batch',
        [report(), report({ category: 'x', text: '' })],
        400,
        ['[1].category', '[1].text'],
      ],
      ['empty batch', [], 400, ['']],
      ['not an object', 'hello', 400, ['']],
    ];
    it.each(cases)('%s', async (_name, body, status, paths) => {
      const before = await server.store.total();
      const res = await post(server.url, body);
      expect(res.status).toBe(status);
      for (const path of paths) expect(fieldPaths(res.body)).toContain(path);
      expect(await server.store.total()).toBe(before);
    });

    it('names the unknown region code', async () => {
      const res = await post(server.url, report({ regionCode: '611025999999' }));
      expect(res.body.fields).toEqual([
        { path: 'regionCode', message: 'unknown region code 611025999999' },
      ]);
    });

    it('refuses more than 1,000 reports in one request', async () => {
      const res = await post(
        server.url,
        Array.from({ length: 1001 }, () => report()),
      );
      expect(res.status).toBe(400);
      expect(fieldPaths(res.body)).toContain('');
    });

    it('answers 413 for a body over the limit', async () => {
      const before = await server.store.total();
      const res = await post(server.url, null, {
        raw: JSON.stringify({ text: 'x'.repeat(9 * 1024 * 1024) }),
      });
      expect(res.status).toBe(413);
      expect(await server.store.total()).toBe(before);
    });

    it('answers 415 for a body that is not JSON', async () => {
      const res = await post(server.url, null, { contentType: 'text/plain', raw: 'hello' });
      expect(res.status).toBe(415);
    });

    it('answers 400 for malformed JSON', async () => {
      const res = await post(server.url, null, { raw: '{"source": "hotline",' });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_json');
    });

    it('answers 401 without a key or with an unknown key', async () => {
      expect((await post(server.url, report(), { key: null })).status).toBe(401);
      expect((await post(server.url, report(), { key: 'not-a-key-at-all-0000' })).status).toBe(401);
    });

    it('answers 403 naming the source when a key posts for another source', async () => {
      const before = await server.store.total();
      const res = await post(server.url, report({ source: 'hotline' }), { key: KEYS.app });
      expect(res.status).toBe(403);
      expect(res.body.fields).toEqual([
        { path: 'source', message: expect.stringContaining('"app"') as unknown as string },
      ]);
      expect(await server.store.total()).toBe(before);
    });
  });

  describe('health', () => {
    it('answers /healthz and /readyz', async () => {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'ready',
        checks: { store: { ok: true, kind: store }, rules: { ok: true } },
      });
    });
  });
});
