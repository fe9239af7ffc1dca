import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridWorkersFile } from '#contracts';
import { KEYS, startServer, type TestServer } from '../helpers/server.js';
import {
  batch,
  fieldMessage,
  fieldPaths,
  gridPoster,
  GROUP,
  problem,
  visit,
  WORKER,
} from '../helpers/grid-client.js';

/** 回龙镇 枣园村 (its grid worker and group: tests/helpers/grid-client.ts). */
const VILLAGE = '611025101202';
/** 宏丰村: another worker's village. */
const OTHER_VILLAGE = '611025101210';

let server: TestServer;
let workerName: string;

beforeAll(async () => {
  server = await startServer();
  const file = JSON.parse(
    readFileSync(join(server.configDir, 'grid-workers.json'), 'utf8'),
  ) as GridWorkersFile;
  workerName = file.workers.find((w) => w.id === WORKER)?.name ?? '';
});
afterAll(async () => {
  await server?.close();
});

const postGrid = gridPoster(() => server);

/** Visits in grid.db, read the way an operator would: a second reader beside the backend (WAL). */
function visitRows(): Array<Record<string, unknown>> {
  const db = new Database(join(server.dataDir, 'grid.db'), { readonly: true });
  try {
    return db.prepare('SELECT * FROM visits ORDER BY occurred_at').all() as Array<
      Record<string, unknown>
    >;
  } finally {
    db.close();
  }
}

async function counts(): Promise<{ reports: number; visits: number }> {
  return { reports: await server.store.total(), visits: visitRows().length };
}

describe('POST /api/v1/collectors/grid/batches', () => {
  it('files problems as grid reports and visits in the ledger; replaying it three times stores nothing twice', async () => {
    const before = await counts();
    const items = [
      problem({ urgent: true }),
      problem({ regionCode: VILLAGE, location: { lat: 33.4, lng: 109.1, address: '枣园村口' } }),
      visit({ note: '走访六户，张大爷电话13912345678' }),
      visit({
        quiet: false,
        households: 2,
        concerns: '两户反映低保没有按时发放',
        category: 'livelihood',
      }),
    ];
    const body = batch(items);
    const first = await postGrid(body);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({
      accepted: { problems: 3, visits: 2 },
      duplicates: { problems: 0, visits: 0 },
    });
    const answered = first.body.items as Array<Record<string, unknown>>;
    expect(answered.map((i) => [i.clientId, i.kind, i.duplicate])).toEqual(
      items.map((i) => [i.clientId, i.kind, false]),
    );
    expect(answered[3]?.problemId).toEqual(expect.any(String));
    expect(await counts()).toEqual({
      reports: before.reports + 3,
      visits: before.visits + 2,
    });

    // The reports: source grid, externalId from the worker and the app's id, the worker as reporter.
    const stored = await server.store.recent(10);
    const filed = stored.find((r) => r.externalId === `${WORKER}:${String(items[0]?.clientId)}`);
    expect(filed).toMatchObject({
      id: answered[0]?.id,
      source: 'grid',
      regionCode: GROUP,
      category: 'infrastructure',
      reporterName: workerName,
      phoneMasked: null,
      urgency: 1,
    });
    const concerns = stored.find((r) => r.id === answered[3]?.problemId);
    expect(concerns).toMatchObject({
      source: 'grid',
      externalId: `${WORKER}:${String(items[3]?.clientId)}/concerns`,
      text: '两户反映低保没有按时发放',
      category: 'livelihood',
    });
    const visits = visitRows().filter((v) => v.worker_id === WORKER);
    const noted = visits.find((v) => v.client_id === items[2]?.clientId);
    expect(noted).toMatchObject({
      id: answered[2]?.id,
      village_code: VILLAGE,
      device_id: 'phone-1',
      households: 6,
      quiet: 1,
      note: '走访六户，张大爷电话139******78',
    });

    for (let replay = 0; replay < 3; replay += 1) {
      const again = await postGrid(body);
      expect(again.status).toBe(202);
      expect(again.body).toMatchObject({
        accepted: { problems: 0, visits: 0 },
        duplicates: { problems: 3, visits: 2 },
      });
      expect(again.body.items).toEqual(answered.map((i) => ({ ...i, duplicate: true })));
    }
    expect(await counts()).toEqual({
      reports: before.reports + 3,
      visits: before.visits + 2,
    });
  });

  it('stores a batch sent three times at once (a resend after a timeout) once', async () => {
    const before = await counts();
    const body = batch([problem(), visit(), visit({ quiet: false, concerns: '有两户吵架' })]);
    const answers = await Promise.all([postGrid(body), postGrid(body), postGrid(body)]);
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    const accepted = answers.map((a) => a.body.accepted);
    expect(accepted).toContainEqual({ problems: 2, visits: 2 });
    expect(accepted.filter((a) => JSON.stringify(a) === '{"problems":0,"visits":0}')).toHaveLength(
      2,
    );
    const ids = answers.map((a) => (a.body.items as Array<{ id: string }>).map((i) => i.id));
    expect(ids[1]).toEqual(ids[0]);
    expect(ids[2]).toEqual(ids[0]);
    const flags = answers.map((a) =>
      (a.body.items as Array<{ duplicate: boolean }>).every((i) => i.duplicate),
    );
    expect(flags.filter(Boolean)).toHaveLength(2);
    expect(await counts()).toEqual({ reports: before.reports + 2, visits: before.visits + 2 });
  });

  it('counts an item repeated inside one batch once', async () => {
    const before = await counts();
    const p = problem();
    const v = visit();
    const res = await postGrid(batch([p, v, p, v]));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      accepted: { problems: 1, visits: 1 },
      duplicates: { problems: 1, visits: 1 },
    });
    const ids = (res.body.items as Array<{ id: string; duplicate: boolean }>).map((i) => [
      i.id,
      i.duplicate,
    ]);
    expect(ids[2]).toEqual([ids[0]?.[0], true]);
    expect(ids[3]).toEqual([ids[1]?.[0], true]);
    expect(await counts()).toEqual({ reports: before.reports + 1, visits: before.visits + 1 });
  });

  it('takes a batch of visits only, and defaults a visit to quiet', async () => {
    const item = visit();
    delete item.quiet;
    const res = await postGrid(batch([item]));
    expect(res.status).toBe(202);
    expect(visitRows().find((v) => v.client_id === item.clientId)?.quiet).toBe(1);
  });

  describe('a bad batch is refused with the field named and nothing stored', () => {
    const cases: Array<[string, () => unknown, number, string[]]> = [
      ['missing workerId', () => ({ items: [problem()] }), 400, ['workerId']],
      ['missing items', () => ({ workerId: WORKER }), 400, ['items']],
      ['empty items', () => batch([]), 400, ['items']],
      [
        'item missing clientId',
        () => batch([problem({ clientId: undefined })]),
        400,
        ['items[0].clientId'],
      ],
      [
        'item missing kind',
        () => batch([visit(), problem({ kind: undefined })]),
        400,
        ['items[1].kind'],
      ],
      ['unknown kind', () => batch([problem({ kind: 'photo' })]), 400, ['items[0].kind']],
      [
        'item missing occurredAt',
        () => batch([problem({ occurredAt: undefined })]),
        400,
        ['items[0].occurredAt'],
      ],
      [
        'item missing regionCode',
        () => batch([visit({ regionCode: undefined })]),
        400,
        ['items[0].regionCode'],
      ],
      ['problem missing text', () => batch([problem({ text: undefined })]), 400, ['items[0].text']],
      [
        'workerId of the wrong type',
        () => batch([problem()], { workerId: 611025 }),
        400,
        ['workerId'],
      ],
      ['items of the wrong type', () => ({ workerId: WORKER, items: 'x' }), 400, ['items']],
      [
        'clientId of the wrong type',
        () => batch([problem({ clientId: 42 })]),
        400,
        ['items[0].clientId'],
      ],
      ['quiet of the wrong type', () => batch([visit({ quiet: 'yes' })]), 400, ['items[0].quiet']],
      [
        'households of the wrong type',
        () => batch([visit({ households: 'six' })]),
        400,
        ['items[0].households'],
      ],
      [
        'regionCode of the wrong type',
        () => batch([problem({ regionCode: 611025101202001 })]),
        400,
        ['items[0].regionCode'],
      ],
      [
        'time without offset',
        () => batch([visit(), problem({ occurredAt: '2026-11-22 10:00' })]),
        400,
        ['items[1].occurredAt'],
      ],
      [
        'time in the future',
        () => batch([problem({ occurredAt: '2099-01-01T00:00:00+08:00' })]),
        400,
        ['items[0].occurredAt'],
      ],
      [
        'oversize text',
        () => batch([problem({ text: '长'.repeat(2001) })]),
        400,
        ['items[0].text'],
      ],
      ['oversize note', () => batch([visit({ note: '长'.repeat(2001) })]), 400, ['items[0].note']],
      [
        'oversize concerns',
        () => batch([visit({ concerns: '长'.repeat(2001) })]),
        400,
        ['items[0].concerns'],
      ],
      ['unknown field', () => batch([problem({ priority: 1 })]), 400, ['items[0].priority']],
      [
        'a visit field on a problem',
        () => batch([problem({ quiet: true })]),
        400,
        ['items[0].quiet'],
      ],
      [
        'unknown region',
        () => batch([visit(), problem({ regionCode: '611025101202999' })]),
        400,
        ['items[1].regionCode'],
      ],
      [
        'one client id as two kinds',
        () => {
          const p = problem();
          return batch([p, visit({ clientId: p.clientId })]);
        },
        400,
        ['items[1].clientId'],
      ],
      [
        'more than 1,000 items',
        () => batch(Array.from({ length: 1001 }, () => visit())),
        400,
        ['items'],
      ],
      ['not an object', () => 'hello', 400, ['']],
      [
        'unknown worker',
        () => batch([problem()], { workerId: 'W000000000000' }),
        403,
        ['workerId'],
      ],
      [
        'region of another worker',
        () => batch([visit(), problem({ regionCode: OTHER_VILLAGE })]),
        403,
        ['items[1].regionCode'],
      ],
      [
        'the worker’s town',
        () => batch([problem({ regionCode: '611025101' })]),
        403,
        ['items[0].regionCode'],
      ],
    ];

    it.each(cases)('%s', async (_name, body, status, paths) => {
      const before = await counts();
      const res = await postGrid(body());
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
      for (const path of paths) expect(fieldPaths(res.body)).toContain(path);
      expect(await counts()).toEqual(before);
    });

    it('names the unknown region code', async () => {
      const res = await postGrid(batch([problem({ regionCode: '611025101202999' })]));
      expect(fieldMessage(res.body, 'items[0].regionCode')).toBe(
        'unknown region code 611025101202999',
      );
    });

    it('names the region and the worker when the region is not theirs', async () => {
      const res = await postGrid(batch([visit(), problem({ regionCode: OTHER_VILLAGE })]));
      expect(res.body.error).toBe('outside_grid');
      const message = fieldMessage(res.body, 'items[1].regionCode');
      expect(message).toContain(OTHER_VILLAGE);
      expect(message).toContain(WORKER);
      expect(message).toContain('不在网格员');
    });

    it('answers 401 without a key or with an unknown key', async () => {
      const before = await counts();
      const noKey = await postGrid(batch([problem()]), { key: null });
      const wrongKey = await postGrid(batch([problem()]), { key: 'not-a-key-at-all-0000' });
      expect([noKey.status, wrongKey.status]).toEqual([401, 401]);
      expect(await counts()).toEqual(before);
    });

    it('answers 403 naming the source for a key of another source', async () => {
      const before = await counts();
      const res = await postGrid(batch([problem()]), { key: KEYS.hotline });
      expect(res.status).toBe(403);
      expect(res.body.message).toContain('"hotline"');
      expect(res.body.message).toContain('"grid"');
      expect(fieldPaths(res.body)).toEqual(['authorization']);
      expect(await counts()).toEqual(before);
    });

    it('answers 415 for a body that is not JSON, 400 for malformed JSON', async () => {
      const before = await counts();
      const text = await postGrid(null, { contentType: 'text/plain', raw: 'hello' });
      expect(text.status).toBe(415);
      const broken = await postGrid(null, { raw: '{"workerId": "W611025101202",' });
      expect(broken.status).toBe(400);
      expect(broken.body.error).toBe('invalid_json');
      expect(await counts()).toEqual(before);
    });

    it('answers 413 for a body over the limit', async () => {
      const before = await counts();
      const res = await postGrid(null, {
        raw: JSON.stringify(batch([problem({ text: 'x'.repeat(9 * 1024 * 1024) })])),
      });
      expect(res.status).toBe(413);
      expect(await counts()).toEqual(before);
    });
  });

  it('re-reads grid-workers.json when it changes, and never copies a worker’s phone into a report', async () => {
    const file = join(server.configDir, 'grid-workers.json');
    const original = readFileSync(file, 'utf8');
    const workers = JSON.parse(original) as GridWorkersFile;
    workers.workers.push({
      id: 'W-new',
      name: '新网格员',
      phone: '13700001111',
      groups: ['611025101210002'],
    });
    try {
      writeFileSync(file, JSON.stringify(workers));
      const res = await postGrid(
        batch([problem({ regionCode: '611025101210002' })], { workerId: 'W-new' }),
      );
      expect(res.status).toBe(202);
      const id = (res.body.items as Array<{ id: string }>)[0]?.id;
      const stored = (await server.store.recent(5)).find((r) => r.id === id);
      expect(stored?.reporterName).toBe('新网格员');
      expect(JSON.stringify(stored)).not.toContain('13700001111');
      expect(JSON.stringify(stored)).not.toContain('1111');
    } finally {
      writeFileSync(file, original);
    }
    const gone = await postGrid(batch([problem()], { workerId: 'W-new' }));
    expect(gone.status).toBe(403);
  });
});
