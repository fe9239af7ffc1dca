/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assessment, ErrorBody, WorkOrderDetail } from '#contracts';
import { ARTIFACTS, launchBrowser } from '../helpers/browser.js';
import { HONGFENG, HUILONG, TIECHANG_VILLAGE, ZAOYUAN, api, login } from '../helpers/cases.js';
import { post, report, startServer, type TestServer } from '../helpers/server.js';
import { DESK, fitsWidth, openConsole, PHONE, smallTapTargets } from '../helpers/console-page.js';

/**
 * 考核 in the 工作台 (/console#assessment) with the real backend and chromium: the county
 * dispatcher at a desk reads this month's figures (the same as GET /api/v1/assessment), last
 * month's, one town's, and downloads the Excel workbook; a village cadre on a 375×667 phone sees
 * only their village, the table scrolling sideways in its own box with the place column kept.
 */

let browser: Browser;
let server: TestServer;
const token: Record<string, string> = {};

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer({ wall: true });
  for (const who of ['county-zhang', 'town-huilong', 'village-zaoyuan']) {
    token[who] = await login(server.url, who);
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Post one report and wait for its work order (`wo-<report id>`; orders are gathered in batches). */
async function orderFor(body: Record<string, unknown>): Promise<string> {
  const res = await post(server.url, report(body));
  expect(res.status).toBe(202);
  const [reportId] = res.body.ids as string[];
  const id = `wo-${reportId}`;
  for (let i = 0; i < 200; i++) {
    const found = await api(server.url, token['county-zhang'] ?? null, 'GET', orderPath(id));
    if (found.status === 200) return id;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no work order ${id}`);
}

const orderPath = (id: string) => `/api/v1/work-orders/${encodeURIComponent(id)}`;

async function act(who: string, id: string, action: string, body: unknown = {}): Promise<void> {
  const res = await api<WorkOrderDetail & ErrorBody>(
    server.url,
    token[who] ?? null,
    'POST',
    `${orderPath(id)}/${action}`,
    body,
  );
  if (res.status !== 200) throw new Error(`${who} ${action}: ${res.status} ${res.body.message}`);
}

async function assessment(who: string, query: Record<string, string>): Promise<Assessment> {
  const res = await api<Assessment>(
    server.url,
    token[who] ?? null,
    'GET',
    `/api/v1/assessment?${new URLSearchParams(query).toString()}`,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** The period the view shows (from its answer). */
async function shownPeriod(page: Page): Promise<{ from: string; to: string; region: string }> {
  const view = page.locator('[data-view="assessment"]');
  return {
    from: (await view.getAttribute('data-from')) ?? '',
    to: (await view.getAttribute('data-to')) ?? '',
    region: (await view.getAttribute('data-region')) ?? '',
  };
}

/** A figure of a row as printed: `[data-code] [data-col] .value`. */
async function cell(page: Page, code: string, column: string): Promise<string> {
  return page.locator(`[data-code="${code}"] [data-col="${column}"] .value`).innerText();
}

describe('考核 in the console', () => {
  it('the county dispatcher at a desk: this month as the API counts it, last month, a town, the workbook', async () => {
    // This month's orders: one carried to 办结, one signed, two left waiting, in two towns.
    const closed = await orderFor({
      regionCode: ZAOYUAN,
      category: 'infrastructure',
      text: '枣园村三组通组道路有个大坑，下雨积水，骑车的老是摔',
    });
    await act('village-zaoyuan', closed, 'sign', { note: '收到' });
    await act('village-zaoyuan', closed, 'answer', { text: '坑已填平压实，三轮车可正常通行' });
    await act('town-huilong', closed, 'visit', { satisfaction: 'satisfied' });
    const signed = await orderFor({
      regionCode: ZAOYUAN,
      category: 'infrastructure',
      text: '枣园村二组的路灯坏了好几天，晚上看不见路',
    });
    await act('village-zaoyuan', signed, 'sign');
    await orderFor({
      regionCode: HONGFENG,
      category: 'infrastructure',
      text: '宏丰村到村部的小路被水冲坏了一截，走路不方便',
    });
    await orderFor({
      regionCode: TIECHANG_VILLAGE,
      category: 'livelihood',
      text: '西沟口村养老金这个月还没到账，想问一下咋回事',
    });
    const closedOrder = await api<WorkOrderDetail>(
      server.url,
      token['county-zhang'] ?? null,
      'GET',
      orderPath(closed),
    );
    expect(closedOrder.body.order.status).toBe('closed');

    const context = await browser.newContext(DESK);
    const page = await openConsole(server.url, context, 'county-zhang');
    await page.click('[data-action="assessment"]');
    expect(page.url()).toContain('#assessment');
    const total = page.locator('[data-row="total"]');
    await total.waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-action="assessment"]').getAttribute('aria-current')).toBe(
      'page',
    );
    await expect
      .poll(() => page.locator('[data-view="assessment"]').getAttribute('aria-busy'))
      .toBe('false');

    // This month (county time): the total row is the API's.
    expect(await page.locator('[data-period="this"]').getAttribute('aria-pressed')).toBe('true');
    const thisMonth = await shownPeriod(page);
    expect(thisMonth.region).toBe('611025');
    expect(thisMonth.from).toMatch(/^\d{4}-\d{2}-01$/);
    const county = await assessment('county-zhang', { from: thisMonth.from, to: thisMonth.to });
    expect(county.total.orders).toBeGreaterThanOrEqual(4);
    expect(Number(await cell(page, '611025', 'orders'))).toBe(county.total.orders);
    expect(await total.locator('.place').innerText()).toContain('镇安县');
    expect(await page.locator('[data-field="period"]').innerText()).toContain(
      `${thisMonth.from} 至 ${thisMonth.to}`,
    );
    // The towns, then the villages under their town, with rates as percentages.
    expect(await page.locator('[data-row="town"]').count()).toBe(county.towns.length);
    expect(await page.locator('[data-row="village"]').count()).toBe(county.villages.length);
    expect(Number(await cell(page, HUILONG, 'orders'))).toBe(3);
    expect(Number(await cell(page, ZAOYUAN, 'orders'))).toBe(2);
    expect(await cell(page, ZAOYUAN, 'closureRate')).toBe('50%');
    expect(await cell(page, ZAOYUAN, 'satisfactionRate')).toBe('100%');
    expect(await cell(page, HONGFENG, 'closureRate')).toBe('0%');
    expect(await cell(page, '611025001', 'closureRate')).toBe('—');
    expect(await page.locator(`[data-heading="villages-${HUILONG}"]`).innerText()).toContain(
      '回龙镇',
    );
    expect(await fitsWidth(page)).toBe(true);
    expect(await page.evaluate(() => window.__csp)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'console-assessment-desk.png') });

    // Sorted by 工单数: 回龙镇 leads the towns.
    await page.click('[data-sort="orders"]');
    const firstTown = page.locator('[data-row="town"]').first();
    expect(await firstTown.getAttribute('data-code')).toBe(HUILONG);
    expect(await page.locator('th[aria-sort="descending"]').innerText()).toContain('工单数');
    await page.click('[data-sort="place"]');

    // 上月: other figures (none of this test's orders), the API's for that month.
    await page.click('[data-period="last"]');
    await expect.poll(async () => (await shownPeriod(page)).from).not.toBe(thisMonth.from);
    const lastMonth = await shownPeriod(page);
    expect(lastMonth.to < thisMonth.from).toBe(true);
    const before = await assessment('county-zhang', { from: lastMonth.from, to: lastMonth.to });
    await expect.poll(() => cell(page, '611025', 'orders')).toBe(String(before.total.orders));
    expect(before.total.orders).not.toBe(county.total.orders);
    expect(page.url()).toContain(`from=${lastMonth.from}`);
    await page.screenshot({ path: join(ARTIFACTS, 'console-assessment-last-month.png') });

    // 导出 Excel: the same query, a real workbook.
    const link = page.locator('[data-action="export"]');
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toBe(`/api/v1/assessment.xlsx?from=${lastMonth.from}&to=${lastMonth.to}`);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`考核_镇安县_${lastMonth.from}_${lastMonth.to}.xlsx`);
    const file = readFileSync((await download.path()) ?? '');
    expect(file.subarray(0, 2).toString('latin1')).toBe('PK');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['乡镇', '村（社区）']);

    // Back to this month, narrowed to one town: its figures and its villages only.
    await page.click('[data-period="this"]');
    await page.selectOption('select[name="town"]', HUILONG);
    await expect.poll(async () => (await shownPeriod(page)).region).toBe(HUILONG);
    const town = await assessment('county-zhang', {
      from: thisMonth.from,
      to: thisMonth.to,
      regionCode: HUILONG,
    });
    expect(Number(await cell(page, HUILONG, 'orders'))).toBe(town.total.orders);
    expect(town.total.orders).toBe(3);
    expect(await page.locator('[data-row="town"]').count()).toBe(0);
    expect(await page.locator('[data-row="village"]').count()).toBe(town.villages.length);
    expect(await link.getAttribute('href')).toContain(`regionCode=${HUILONG}`);

    // A period that runs backwards: the server's refusal, in Chinese; nothing to export.
    await page.click('[data-period="custom"]');
    await page.fill('input[name="from"]', thisMonth.to);
    await page.fill('input[name="to"]', thisMonth.from);
    const error = page.locator('[data-field="error"]');
    await error.waitFor({ timeout: 5_000 });
    expect(await error.innerText()).toContain('考核周期的开始晚于结束');
    expect(await error.innerText()).not.toContain('from is after to');
    expect(await page.locator('a[data-action="export"]').count()).toBe(0);

    // 返回 to the queue.
    await page.click('[data-action="back"]');
    await page.locator('[data-list="orders"]').waitFor({ timeout: 5_000 });
    expect(page.url()).not.toContain('#assessment');
    expect(await page.evaluate(() => window.__csp)).toEqual([]);
    await context.close();
  });

  it('a village cadre on a 375×667 phone: only 枣园村, the table scrolls in its own box', async () => {
    const context = await browser.newContext({ ...PHONE, timezoneId: 'America/New_York' });
    const page = await openConsole(server.url, context, 'village-zaoyuan');
    expect(await fitsWidth(page)).toBe(true);
    expect(await smallTapTargets(page)).toEqual([]);
    await page.tap('[data-action="assessment"]');
    const rows = page.locator('[data-view="assessment"] tbody tr');
    await page.locator('[data-row="total"]').waitFor({ timeout: 10_000 });

    // Only the village itself: one row, no town to pick.
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-code')).toBe(ZAOYUAN);
    expect((await rows.first().locator('.place').innerText()).trim()).toBe('枣园村');
    expect(await page.locator('select[name="town"]').count()).toBe(0);
    const own = await shownPeriod(page);
    const figures = await assessment('village-zaoyuan', { from: own.from, to: own.to });
    expect(figures.villages.map((v) => v.name)).toEqual(['枣园村']);
    expect(Number(await cell(page, ZAOYUAN, 'orders'))).toBe(figures.total.orders);
    expect(figures.total.orders).toBe(2);

    // The page does not scroll sideways; the table does, inside its box, the place kept.
    expect(await fitsWidth(page)).toBe(true);
    expect(await smallTapTargets(page)).toEqual([]);
    const box = page.locator('[data-box="assessment-table"]');
    const sizes = await box.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    await page.screenshot({ path: join(ARTIFACTS, 'console-assessment-phone.png') });

    const place = rows.first().locator('.place');
    const placeLeft = async () => (await place.boundingBox())!.x - (await box.boundingBox())!.x;
    const leftBefore = await placeLeft();
    await box.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await expect.poll(() => box.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    expect(Math.abs((await placeLeft()) - leftBefore)).toBeLessThan(2);
    expect(await place.isVisible()).toBe(true);
    expect(await fitsWidth(page)).toBe(true);
    expect(await page.evaluate(() => window.scrollX)).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'console-assessment-phone-scrolled.png') });

    // The phone's back returns to the queue.
    await page.goBack();
    await page.locator('[data-list="orders"]').waitFor({ timeout: 5_000 });
    expect(await page.evaluate(() => window.__csp)).toEqual([]);
    await context.close();
  });
  it('the county on a phone: 自定义 days and the town picker fit, a reload keeps the period', async () => {
    const context = await browser.newContext(PHONE);
    const page = await openConsole(server.url, context, 'county-zhang');
    await page.tap('[data-action="assessment"]');
    await page.locator('[data-row="total"]').waitFor({ timeout: 10_000 });
    const thisMonth = await shownPeriod(page);
    await page.tap('[data-period="custom"]');
    await page.fill('input[name="from"]', thisMonth.from);
    await page.fill('input[name="to"]', thisMonth.from);
    await expect.poll(async () => (await shownPeriod(page)).to).toBe(thisMonth.from);
    expect(page.url()).toContain(`#assessment?from=${thisMonth.from}&to=${thisMonth.from}`);
    expect(await page.locator('[data-period="custom"]').getAttribute('aria-pressed')).toBe('true');
    const day = await assessment('county-zhang', { from: thisMonth.from, to: thisMonth.from });
    expect(Number(await cell(page, '611025', 'orders'))).toBe(day.total.orders);
    expect(await fitsWidth(page)).toBe(true);
    expect(await smallTapTargets(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'console-assessment-phone-county.png') });

    // A reload keeps the period (the address holds it) and shows it as 自定义.
    await page.reload();
    await page.locator('[data-row="total"]').waitFor({ timeout: 10_000 });
    expect((await shownPeriod(page)).to).toBe(thisMonth.from);
    expect(await page.locator('[data-period="custom"]').getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate(() => window.__csp)).toEqual([]);
    await context.close();
  });
});
