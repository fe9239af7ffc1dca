/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../../collectors/simulator/simulator.js';
import { WALL_NAMESPACE } from '#contracts';
import { ARTIFACTS, launchBrowser } from '../helpers/browser.js';
import { KEYS, post, postTo, report, startServer, type TestServer } from '../helpers/server.js';

const TOWN = '611025101'; // 回龙镇
const VILLAGE = '611025101202';
const PANELS = [
  'category-trend',
  'category-rose',
  'alerts',
  'overdue',
  'funnel',
  'closure',
  'ranking',
];

let browser: Browser;
let server: TestServer;
/** Moved forward once the cases exist, so the red case's 15-minute 签收 deadline has passed. */
let offset = 0;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer({ wall: true, clock: () => Date.now() + offset });
  // Traffic from the simulator through the real ingest path, and a red build-up in one village.
  const sim = createSimulator({
    regions: server.regions.all,
    submit: (reports) => server.app.ingest.ingest(reports),
    reportsPerMinute: 3000,
    incidentEveryMinutes: Infinity,
  });
  for (let i = 0; i < 4; i++) await sim.tick();
  // 12 reports: orange (a town case, 签收 within 2 h), so no red takeover hides the screenshot.
  const storm = Array.from({ length: 12 }, (_, i) =>
    report({ regionCode: VILLAGE, category: 'infrastructure', text: `停水第${i + 1}次反映` }),
  );
  expect((await post(server.url, storm)).status).toBe(202);
  server.app.sentiment.flushIndex();
  offset = 130 * 60_000;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openWall(width: number, height: number, query = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(`${server.url}/${query}`);
  await page.waitForSelector('.wall[data-ready="true"]', { timeout: 10_000 });
  return page;
}

/** The panel's text once it has content beyond its title (charts: a drawn canvas). */
async function panelFilled(page: Page, name: string): Promise<boolean> {
  return page.locator(`[data-panel="${name}"]`).evaluate((el) => {
    const body = el.querySelector('.panel-body');
    if (!body) return false;
    const canvas = body.querySelector('canvas');
    return canvas ? canvas.width > 0 : (body.textContent ?? '').trim().length > 0;
  });
}

describe('the wall panels', () => {
  it.each([
    [1920, 1080],
    [3840, 2160],
  ])('shows every panel with real data at %i×%i', async (width, height) => {
    const page = await openWall(width, height);
    for (const name of PANELS) {
      await expect.poll(() => panelFilled(page, name), { timeout: 5000 }).toBe(true);
    }
    // Case panels come from cases.db: the orange case is in the town rung, overdue, counting down.
    await page.waitForSelector('[data-unit="town"]:not([data-total="0"])', { timeout: 5000 });
    await page.waitForSelector('.overdue-row', { timeout: 5000 });
    expect(await page.locator('.overdue-row').first().innerText()).toContain('超时');
    await page.waitForSelector('[data-countdown]', { timeout: 5000 });
    // The closure panel lists the towns with the most cases (simulated traffic is judged too).
    await page.waitForSelector('[data-town]', { timeout: 5000 });
    await page.waitForSelector('[data-chart="category-rose"]:not([data-total="0"])');
    await page.waitForSelector('.rank-row', { timeout: 5000 });
    const scroll = await page.evaluate(() => {
      const el = document.documentElement;
      return el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight;
    });
    expect(scroll).toBe(false);
    await page.waitForTimeout(600); // let the charts finish their entry animation
    await page.screenshot({ path: join(ARTIFACTS, `wall-panels-${width}x${height}.png`) });
    await page.close();
  });

  it('drills into a town on a click and returns to the county after a minute idle', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.clock.install();
    await page.goto(server.url);
    await page.waitForSelector(`[data-region-code="${TOWN}"]`, { timeout: 10_000 });
    await page.click(`[data-region-code="${TOWN}"]`);
    await page.waitForSelector(`[data-focus="${TOWN}"]`);
    const villages = server.regions.children(TOWN).map((r) => r.code);
    const tiles = page.locator('.town-map [data-region-code][data-level]');
    await expect.poll(() => tiles.count()).toBe(villages.length);
    const codes = await tiles.evaluateAll((els) => els.map((el) => el.dataset.regionCode));
    expect(codes.sort()).toEqual([...villages].sort());
    await page.screenshot({ path: join(ARTIFACTS, 'wall-drilldown.png') });
    await page.clock.fastForward(61_000);
    await page.waitForSelector('[data-focus="county"]', { timeout: 5000 });
    await page.close();
  });

  it('counts villages a grid worker found quiet, as the grid API does', async () => {
    const village = '611025101210';
    const visit = await postTo(
      server.url,
      '/api/v1/collectors/grid/batches',
      {
        workerId: `W${village}`,
        items: [
          {
            clientId: 'wall-visit-1',
            kind: 'visit',
            occurredAt: new Date().toISOString(),
            regionCode: `${village}001`,
            households: 7,
            note: '走访七户，均平安',
          },
        ],
      },
      { key: KEYS.grid },
    );
    expect(visit.status).toBe(202);
    const page = await openWall(1920, 1080);
    const item = page.locator('[data-key="grid-quiet"]');
    await page.waitForFunction(
      () => document.querySelector('[data-key="grid-quiet"]')?.getAttribute('data-count') !== '',
      undefined,
      { timeout: 10_000 },
    );
    const api = (await (
      await fetch(`${server.url}/api/v1/collectors/grid/quiet?regionCode=611025&hours=24`)
    ).json()) as { summary: { quiet: number; villages: number } };
    expect(await item.getAttribute('data-count')).toBe(String(api.summary.quiet));
    expect(await item.textContent()).toContain(`/${api.summary.villages}`);
    expect(await item.getAttribute('title')).toMatch(/走访[1-9]\d*次、[1-9]\d*户/);
    await page.close();
  });

  it('scopes a town wall to its villages and its own reports', async () => {
    const page = await openWall(1920, 1080, `?region=${TOWN}`);
    await page.waitForSelector(`[data-focus="${TOWN}"]`);
    const codes = await page
      .locator('.town-map [data-region-code][data-level]')
      .evaluateAll((els) => els.map((el) => el.dataset.regionCode ?? ''));
    expect(codes.length).toBe(server.regions.children(TOWN).length);
    expect(codes.every((c) => c.startsWith(TOWN))).toBe(true);
    const inside = `本镇上报-${Date.now()}`;
    const outside = `外镇上报-${Date.now()}`;
    const elsewhere = server.regions.children('611025102')[0]!.code;
    const posted = await post(server.url, [
      report({ regionCode: elsewhere, text: outside }),
      report({ regionCode: VILLAGE, text: inside }),
    ]);
    expect(posted.status).toBe(202);
    await page.locator('.ticker-row', { hasText: inside }).first().waitFor({ timeout: 3000 });
    expect(await page.locator('.ticker-row', { hasText: outside }).count()).toBe(0);
    expect(await page.locator('.ticker-row', { hasText: '外镇上报' }).count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'wall-town-611025101.png') });
    await page.close();
  });

  it('answers the case summary over REST, scoped to a town', async () => {
    const all = (await (await fetch(`${server.url}/api/v1/wall/cases-summary`)).json()) as {
      towns: unknown[];
      overdue: unknown[];
    };
    expect(all.towns.length).toBe(server.regions.children(server.regions.county.code).length);
    expect(all.overdue.length).toBeGreaterThan(0);
    // A town's summary holds only that town's overdue cases, and every one the county lists there
    // (the county's list is capped at 30, so the town's may hold more).
    type Overdue = { regionCode: string; caseId: string };
    const inTown = (all.overdue as Overdue[]).filter((o) => o.regionCode.startsWith(TOWN));
    const town = await fetch(`${server.url}/api/v1/wall/cases-summary?region=${TOWN}`);
    const scoped = ((await town.json()) as { overdue: Overdue[] }).overdue;
    expect(scoped.length).toBeGreaterThan(0);
    expect(scoped.every((o) => o.regionCode.startsWith(TOWN))).toBe(true);
    expect(scoped.map((o) => o.caseId)).toEqual(
      expect.arrayContaining(inTown.map((o) => o.caseId)),
    );
    expect((await fetch(`${server.url}/api/v1/wall/cases-summary?region=x`)).status).toBe(400);
  });

  it('keeps a wall without its WALL_TOKEN out, and lets the token in', async () => {
    const token = 'wall-token-0123456789abcdef';
    const guarded = await startServer({ wall: true, wallToken: token });
    try {
      expect((await fetch(`${guarded.url}/`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/api/v1/wall/cases-summary`)).status).toBe(401);
      const refused = await new Promise<string>((resolve) => {
        const s = io(`${guarded.url}${WALL_NAMESPACE}`, {
          transports: ['websocket'],
          reconnection: false,
        });
        s.on('connect_error', (err) => {
          s.close();
          resolve(err.message);
        });
        s.on('connect', () => {
          s.close();
          resolve('connected');
        });
      });
      expect(refused).toBe('unauthorized');
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${guarded.url}/?token=${token}`);
      await page.waitForSelector('.wall[data-ready="true"]', { timeout: 10_000 });
      await page.waitForSelector('[data-panel="funnel"] [data-loaded="true"]', { timeout: 5000 });
      await page.close();
    } finally {
      await guarded.close();
    }
  });

  // Last: a red alert takes over every wall open from here on.
  it('keeps the red takeover silent with ?sound=off', async () => {
    const page = await openWall(1920, 1080, '?sound=off');
    const red = report({
      regionCode: VILLAGE,
      category: 'dispute',
      text: '三十多名村民聚集在村委会门口讨要工程款',
      occurredAt: new Date(Date.now() + offset).toISOString(), // the server's (moved) clock
    });
    expect((await post(server.url, red)).status).toBe(202);
    await page.waitForSelector('[data-takeover="red"][data-sound="off"]', { timeout: 5000 });
    await page.close();
    const loud = await openWall(1920, 1080);
    await loud.waitForSelector('[data-takeover="red"][data-sound="on"]', { timeout: 5000 });
    await loud.close();
  });
});
