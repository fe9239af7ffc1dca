import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WallCasesSummary } from '#contracts';
import { WALL_NAMESPACE } from '#contracts';
import { surge } from '../helpers/cases.js';
import {
  connectWall,
  post,
  report,
  startServer,
  waitForEvent,
  waitForReport,
  type TestServer,
  type WallSocket,
} from '../helpers/server.js';

const TOWN = '611025101'; // 回龙镇
const VILLAGE = '611025101202';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

function townWall(town: string): WallSocket {
  return io(`${server.url}${WALL_NAMESPACE}`, {
    transports: ['websocket'],
    reconnection: false,
    auth: { region: town },
  });
}

describe('scoped walls', () => {
  it('sends a town wall only its own town, and the county wall everything', async () => {
    const town = townWall(TOWN);
    const county = connectWall(server.url);
    const [townSnapshot] = await Promise.all([
      waitForEvent(town, 'snapshot'),
      waitForEvent(county, 'snapshot'),
    ]);
    expect(townSnapshot.levels.every((l) => l.regionCode.startsWith(TOWN))).toBe(true);
    const elsewhere = server.regions.children('611025102')[0]!.code;
    const heard: string[] = [];
    town.on('reports:new', (reports) => heard.push(...reports.map((r) => r.regionCode)));
    const townHeard = waitForReport(town, (r) => r.regionCode === VILLAGE);
    const countyHeard = waitForReport(county, (r) => r.regionCode === VILLAGE);
    expect(
      (await post(server.url, [report({ regionCode: elsewhere }), report({ regionCode: VILLAGE })]))
        .status,
    ).toBe(202);
    // The other town's report comes first in the batch: had the town wall got it, it would be in.
    await Promise.all([countyHeard, townHeard]);
    expect(heard.length).toBeGreaterThan(0);
    expect(heard.every((code) => code.startsWith(TOWN))).toBe(true);
    town.close();
    county.close();
  });

  it('summarises cases from cases.db for the wall, scoped to a town', async () => {
    const county = connectWall(server.url);
    await waitForEvent(county, 'snapshot');
    const changed = waitForEvent(county, 'cases:changed', (c) => c.regionCode === VILLAGE);
    const posted = await post(
      server.url,
      surge(VILLAGE, 10).map((r) => report(r)),
    );
    expect(posted.status).toBe(202);
    await changed; // the wall is told to refetch its case panels
    county.close();
    const res = await fetch(`${server.url}/api/v1/wall/cases-summary`);
    expect(res.status).toBe(200);
    const summary = (await res.json()) as WallCasesSummary;
    const inHand = summary.funnel.reduce((n, rung) => n + rung.total, 0);
    expect(inHand).toBeGreaterThanOrEqual(1);
    const huilong = summary.towns.find((t) => t.regionCode === TOWN);
    expect(huilong).toMatchObject({ done: 0, closureRate: 0, satisfaction: null });
    expect(huilong!.total).toBeGreaterThanOrEqual(1);
    expect(summary.deadlines.some((d) => d.regionCode === VILLAGE && d.due === 'acknowledge')).toBe(
      true,
    );
    const scoped = (await (
      await fetch(`${server.url}/api/v1/wall/cases-summary?region=${TOWN}`)
    ).json()) as WallCasesSummary;
    expect(scoped.towns.map((t) => t.regionCode)).toEqual([TOWN]);
    expect(scoped.deadlines.every((d) => d.regionCode.startsWith(TOWN))).toBe(true);
  });
});
