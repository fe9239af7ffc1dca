import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridQuietReport, GridWorkersFile } from '#contracts';
import {
  KEYS,
  post,
  postTo,
  report,
  startServer,
  type PostOptions,
  type TestServer,
} from '../helpers/server.js';

const BATCHES = '/api/v1/collectors/grid/batches';
/** 回龙镇 枣园村 and its grid worker from config/grid-workers.json. */
const WORKER = 'W611025101202';
const VILLAGE = '611025101202';
const GROUP = '611025101202001';
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

function postGrid(
  body: unknown,
  options: PostOptions = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  return postTo(server.url, BATCHES, body, { key: KEYS.grid, ...options });
}

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

let seq = 0;
const clientId = () => `${process.pid}-${Date.now()}-${(seq += 1)}`;
const now = () => new Date().toISOString();

function problem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    clientId: clientId(),
    kind: 'problem',
    occurredAt: now(),
    regionCode: GROUP,
    category: 'infrastructure',
    text: '三组到村委会的便道塌方，老人出行困难',
    ...overrides,
  };
}

function visit(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    clientId: clientId(),
    kind: 'visit',
    occurredAt: now(),
    regionCode: GROUP,
    households: 6,
    quiet: true,
    note: '走访六户，均平安',
    ...overrides,
  };
}

const batch = (items: unknown[], overrides: Record<string, unknown> = {}) => ({
  workerId: WORKER,
  deviceId: 'phone-1',
  items,
  ...overrides,
});

function fieldPaths(body: Record<string, unknown>): string[] {
  return ((body.fields as Array<{ path: string }> | undefined) ?? []).map((f) => f.path);
}

function fieldMessage(body: Record<string, unknown>, path: string): string {
  const fields = (body.fields as Array<{ path: string; message: string }> | undefined) ?? [];
  return fields.find((f) => f.path === path)?.message ?? '';
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

describe('GET /api/v1/collectors/grid/quiet', () => {
  /** 双龙村: only quiet visits. 万寿村: quiet visits but a grid report. 和坪村: never visited. */
  const QUIET = '611025101213';
  const REPORTED = '611025101216';
  const UNVISITED = '611025101217';

  async function quiet(query: string): Promise<{ status: number; body: GridQuietReport }> {
    const res = await fetch(`${server.url}/api/v1/collectors/grid/quiet?${query}`);
    return { status: res.status, body: (await res.json()) as GridQuietReport };
  }

  beforeAll(async () => {
    const old = new Date(Date.now() - 3 * 86_400_000).toISOString();
    for (const [village, extra] of [
      [QUIET, [visit({ regionCode: `${QUIET}001`, occurredAt: old })]],
      [REPORTED, []],
    ] as const) {
      const res = await postGrid({
        workerId: `W${village}`,
        items: [
          visit({ regionCode: `${village}001`, households: 4 }),
          visit({ regionCode: village, households: 3 }),
          ...extra,
        ],
      });
      expect(res.status).toBe(202);
    }
    // A grid report sent straight to /api/v1/reports counts too.
    const direct = await post(
      server.url,
      report({ source: 'grid', regionCode: `${REPORTED}002`, text: '二组水管冻裂' }),
      { key: KEYS.grid },
    );
    expect(direct.status).toBe(202);
  });

  it('gives each village of a town its visits, quiet visits, grid problems and a quiet flag', async () => {
    const res = await quiet('regionCode=611025101&hours=24');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ regionCode: '611025101', hours: 24 });
    const byCode = new Map(res.body.villages.map((v) => [v.regionCode, v]));
    expect(byCode.get(QUIET)).toMatchObject({
      name: '双龙村',
      visits: 2,
      quietVisits: 2,
      households: 7,
      gridProblems: 0,
      quiet: true,
      workers: [{ id: `W${QUIET}` }],
    });
    expect(byCode.get(QUIET)?.lastVisitAt).toBeGreaterThan(Date.now() - 60_000);
    expect(byCode.get(REPORTED)).toMatchObject({ visits: 2, gridProblems: 1, quiet: false });
    expect(byCode.get(UNVISITED)).toMatchObject({ visits: 0, lastVisitAt: null, quiet: false });
    // The first test's village: a visit with concerns and grid problems.
    expect(byCode.get(VILLAGE)).toMatchObject({ quiet: false });
    expect(byCode.get(VILLAGE)?.gridProblems).toBeGreaterThan(0);
    expect(res.body.summary.villages).toBe(res.body.villages.length);
    expect(res.body.summary.quiet).toBeGreaterThanOrEqual(1);
  });

  it('answers for the whole county (the county wall), the same per village', async () => {
    const county = await quiet('regionCode=611025');
    const villages = server.regions.all.filter((r) => r.kind === 'village');
    expect(county.body.villages).toHaveLength(villages.length);
    const one = await quiet(`regionCode=${VILLAGE}`);
    expect(county.body.villages.find((v) => v.regionCode === VILLAGE)).toEqual(
      one.body.villages[0],
    );
    const quietOne = await quiet(`regionCode=${QUIET}`);
    expect(county.body.villages.find((v) => v.regionCode === QUIET)).toEqual(
      quietOne.body.villages[0],
    );
  });

  it('answers for one village, and a wider window takes older visits', async () => {
    const day = await quiet(`regionCode=${QUIET}`);
    expect(day.body.villages.map((v) => [v.regionCode, v.visits])).toEqual([[QUIET, 2]]);
    const week = await quiet(`regionCode=${QUIET}&hours=168`);
    expect(week.body.villages[0]?.visits).toBe(3);
  });

  it.each([
    ['', 'regionCode'],
    ['regionCode=611025101213001', 'regionCode'],
    ['regionCode=611025999', 'regionCode'],
    ['regionCode=611025101&hours=0', 'hours'],
    ['regionCode=611025101&hours=abc', 'hours'],
  ])('refuses ?%s naming %s', async (query, path) => {
    const res = await quiet(query);
    expect(res.status).toBe(400);
    expect(fieldPaths(res.body as unknown as Record<string, unknown>)).toContain(path);
  });
});
