/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchBrowser } from '../helpers/browser.js';
import { post, report, startServer, type TestServer } from '../helpers/server.js';

const TOWN = '611025101'; // 回龙镇
const VILLAGE = '611025101202';

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer({ wall: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openWall(width: number, height: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('dialog', (dialog) => {
    throw new Error(`the wall opened a dialog: ${dialog.message()}`);
  });
  await page.goto(server.url);
  await page.waitForSelector(`[data-region-code="${TOWN}"]`, { timeout: 10_000 });
  return page;
}

async function hasScrollbars(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.documentElement;
    return el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight;
  });
}

describe('the wall', () => {
  it.each([
    [1920, 1080],
    [3840, 2160],
  ])('fills a %i×%i screen without scrollbars and shows every town', async (width, height) => {
    const page = await openWall(width, height);
    expect(await hasScrollbars(page)).toBe(false);
    const towns = server.regions.children(server.regions.county.code);
    expect(await page.locator('[data-region-code][data-level]').count()).toBeGreaterThanOrEqual(
      towns.length,
    );
    await expect.poll(() => page.locator('[data-connected="true"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, `wall-${width}x${height}.png`) });
    await page.close();
  });

  it('turns a town red after posts to one of its villages', async () => {
    const page = await openWall(1920, 1080);
    const tile = page.locator(`[data-region-code="${TOWN}"]`);
    expect(await tile.getAttribute('data-level')).toBe('none');
    const calm = await tile.evaluate(
      (el) => getComputedStyle(el).backgroundColor + getComputedStyle(el).backgroundImage,
    );
    const reports = Array.from({ length: 30 }, (_, i) =>
      report({
        regionCode: VILLAGE,
        category: 'infrastructure',
        text: `停水第${i + 1}次反映，全村没水做饭`,
      }),
    );
    expect((await post(server.url, reports)).status).toBe(202);
    await page.waitForSelector(`[data-region-code="${TOWN}"][data-level="red"]`, { timeout: 2000 });
    await page.waitForTimeout(1200); // let the colour transition finish
    const stormy = await tile.evaluate(
      (el) => getComputedStyle(el).backgroundColor + getComputedStyle(el).backgroundImage,
    );
    expect(stormy).not.toBe(calm);
    await page.screenshot({ path: join(ARTIFACTS, 'wall-town-red.png') });
    await page.close();
  });

  it('shows a hostile report text as text', async () => {
    const page = await openWall(1920, 1080);
    const hostile = '<img src=x onerror=alert(1)>';
    await post(server.url, report({ text: hostile }));
    const row = page.locator('.ticker-row', { hasText: hostile });
    await row.first().waitFor({ timeout: 3000 });
    expect(await page.locator('.ticker-row img').count()).toBe(0);
    await page.close();
  });

  it('flags urgent reports, repeat appeals and oranges that may be red in the ticker', async () => {
    const page = await openWall(1920, 1080);
    const phone = '13912345678';
    const first = '村口便道被山上滚石堵住，车辆无法通行';
    const again = '村口便道还是被滚石堵着，已经反映过一次';
    await post(server.url, report({ text: first, urgent: true, reporter: { phone } }));
    await post(server.url, report({ text: again, reporter: { phone } }));
    const urgentRow = page.locator('.ticker-row', { hasText: first });
    await urgentRow.waitFor({ timeout: 3000 });
    expect(await urgentRow.locator('.flag-urgent').textContent()).toBe('紧急');
    const repeatRow = page.locator('.ticker-row', { hasText: again });
    await repeatRow.waitFor({ timeout: 3000 });
    expect(await repeatRow.locator('.flag-repeat').textContent()).toBe('重复');
    expect(await urgentRow.locator('.flag-repeat').count()).toBe(0);
    expect(await urgentRow.locator('.flag-maybe-red').count()).toBe(0);

    // Judged orange, but the model gave red a fair chance: the duty officer is asked to look.
    const nearlyRed = '山上那道裂缝今天下午明显变宽了，下面住着五户人家，有两户老人不肯搬';
    await post(server.url, report({ text: nearlyRed, category: undefined }));
    const nearlyRedRow = page.locator('.ticker-row', { hasText: nearlyRed });
    await nearlyRedRow.waitFor({ timeout: 3000 });
    expect(await nearlyRedRow.getAttribute('data-level')).toBe('orange');
    expect(await nearlyRedRow.locator('.flag-maybe-red').textContent()).toBe('疑似红色');
    await nearlyRedRow.screenshot({ path: join(ARTIFACTS, 'wall-ticker-maybe-red.png') });
    // Not cut off: the row is clipped at its right edge, so the flag must end inside it.
    const flag = await nearlyRedRow.locator('.flag-maybe-red').boundingBox();
    const row = await nearlyRedRow.locator('.ticker-meta').boundingBox();
    expect(flag && row && flag.x + flag.width <= row.x + row.width).toBe(true);
    await page.close();
  });

  it('says so within 5 s when the server is gone, and recovers when it is back', async () => {
    const page = await openWall(1920, 1080);
    const port = Number(new URL(server.url).port);
    await expect.poll(() => page.locator('[data-connected="true"]').count()).toBeGreaterThan(0);
    await server.stop();
    const banner = page.locator('.stale-banner');
    await banner.waitFor({ state: 'visible', timeout: 5000 });
    expect(await banner.innerText()).toContain('连接中断');
    await page.screenshot({ path: join(ARTIFACTS, 'wall-disconnected.png') });
    server = await startServer({
      wall: true,
      dataDir: server.dataDir,
      configDir: server.configDir,
      port,
    });
    await banner.waitFor({ state: 'hidden', timeout: 15_000 });
    await expect.poll(() => page.locator('[data-connected="true"]').count()).toBeGreaterThan(0);
    await page.close();
  });
});
