/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchBrowser } from '../helpers/browser.js';
import { ZAOYUAN } from '../helpers/cases.js';
import { startServer, type TestServer } from '../helpers/server.js';

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

/** A mid-range phone: what a resident scanning the printed QR code holds. */
function phone(): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
}

describe('the village QR page', () => {
  it('a resident picks a category, writes what is wrong, submits and gets a request number', async () => {
    const context = await phone();
    const page = await context.newPage();
    await page.goto(`${server.url}/r/${ZAOYUAN}`);
    await page.waitForSelector('main[data-ready="true"]', { timeout: 10_000 });
    expect(await page.locator('[data-field="place"]').innerText()).toBe('回龙镇·枣园村');
    expect(await page.locator('[data-service-code]').count()).toBe(9);
    // Fits the phone: no sideways scrolling, tiles big enough for a thumb.
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);
    const tile = await page.locator('[data-service-code="infrastructure"]').boundingBox();
    expect(tile?.height).toBeGreaterThanOrEqual(80);

    const submit = page.locator('[data-action="submit"]');
    expect(await submit.isDisabled()).toBe(true);
    await page.tap('[data-service-code="infrastructure"]');
    expect(await page.locator('[data-field="hint"]').innerText()).toContain('道路桥梁');
    await page.selectOption('select[name="group"]', `${ZAOYUAN}002`);
    await page.fill('textarea[name="text"]', '二组通组路被山上滚下来的石头堵了，三轮车过不去');
    expect(await page.locator('[data-field="counter"]').innerText()).toBe('23/2000');

    // A mistyped phone is caught on the page, in Chinese, before anything is sent.
    await page.fill('input[name="phone"]', '1391234');
    await page.locator('input[name="phone"]').blur();
    expect(await page.locator('[data-field="phone-error"]').innerText()).toContain('手机号11位');
    expect(await submit.isDisabled()).toBe(true);
    await page.fill('input[name="phone"]', '139 1234 5678');
    expect(await submit.isDisabled()).toBe(false);

    await page.screenshot({ path: join(ARTIFACTS, 'village-report-form.png'), fullPage: true });
    await page.tap('[data-action="submit"]');
    const number = page.locator('[data-field="request-number"]');
    await number.waitFor({ timeout: 5_000 });
    const id = (await number.innerText()).trim();
    expect(id).toMatch(/^\d{10}$/);
    expect(await page.locator('[data-view="receipt"]').innerText()).toContain(
      `您的受理编号：\n${id}`,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'village-report-phone.png') });

    const stored = (await server.store.recent(20)).find((r) => r.externalId === id);
    expect(stored).toMatchObject({
      source: 'app',
      regionCode: `${ZAOYUAN}002`,
      category: 'infrastructure',
      phoneMasked: '139******78',
    });

    // The same number looks up its progress.
    await page.tap('[data-action="lookup"]');
    const status = page.locator('[data-field="status-notes"]');
    await status.waitFor({ timeout: 5_000 });
    // The request's own work order: sent to the unit of its colour, waiting to be signed for.
    expect(await status.innerText()).toMatch(/^待签收（.+）$/);
    await page.screenshot({ path: join(ARTIFACTS, 'village-report-lookup.png') });
    await context.close();
  });

  it('an unknown village code gets a Chinese page saying so', async () => {
    const context = await phone();
    const page = await context.newPage();
    const res = await page.goto(`${server.url}/r/611025101999`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('未找到该村（社区）');
    await context.close();
  });
});
