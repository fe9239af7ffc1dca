import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridQuietReport } from '#contracts';
import { KEYS, post, report, startServer, type TestServer } from '../helpers/server.js';
import { batch, fieldPaths, gridPoster, problem, visit } from '../helpers/grid-client.js';

/** What the walls read of the grid workers: visits and quiet villages per place and window. */

const VILLAGE = '611025101202'; // 回龙镇 枣园村

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const postGrid = gridPoster(() => server);

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
    // 枣园村: its worker filed a problem on a visit (what the batches test files first).
    const filed = await postGrid(
      batch([problem(), visit({ quiet: false, concerns: '三组便道塌方' })]),
    );
    expect(filed.status).toBe(202);
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
    // 枣园村: a visit with concerns and grid problems.
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
