/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.js';
import { DEMO_PASSWORD, ZAOYUAN, onlyCase, postAt, redReport, surge } from '../helpers/cases.js';
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

async function openLeader(username: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/leader`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-connected="true"]', { timeout: 10_000 });
  return page;
}

async function openCase(page: Page, caseId: string): Promise<void> {
  await page.locator(`[data-case-id="${caseId}"]`).tap();
  await page.locator('[data-field="status"]').waitFor({ timeout: 5_000 });
}

describe('the leader page shows only what the user may do', () => {
  it('a county leader sees 接管 on a town case, takes it over, and may then 签收', async () => {
    await postAt(server, Date.now(), surge(ZAOYUAN, 10));
    const c = onlyCase(server, ZAOYUAN);
    expect(c).toMatchObject({ level: 'orange', unit: 'town' });

    const page = await openLeader('county-zhang');
    await openCase(page, c.id);
    const takeOver = page.locator('[data-action="take-over"]');
    await takeOver.waitFor({ timeout: 5_000 });
    expect(await takeOver.innerText()).toContain('接管');
    expect(await page.locator('.actions [data-action="acknowledge"]').count()).toBe(0);

    await takeOver.tap();
    expect(await page.locator('.error').innerText()).toBe('接管需要填写接管理由');
    await page.fill('textarea', '涉及县道，县交通局直接处置');
    await takeOver.tap();
    await page.locator('.history [data-action="takeOver"]').waitFor({ timeout: 5_000 });
    expect(await page.locator('.history [data-action="takeOver"]').innerText()).toContain('接管');
    await page.locator('.actions [data-action="acknowledge"]').waitFor({ timeout: 5_000 });
    expect(await page.locator('[data-action="take-over"]').count()).toBe(0);
    await page.context().close();
  });

  it('a village cadre sees a county red case in the village but no buttons', async () => {
    await postAt(server, Date.now(), [redReport('611025101210')]);
    const c = onlyCase(server, '611025101210');
    expect(c.unit).toBe('county');
    const page = await openLeader('village-hongfeng');
    await openCase(page, c.id);
    await page.locator('.history [data-action="open"]').waitFor({ timeout: 5_000 });
    expect(await page.locator('.actions').count()).toBe(0);
    await page.context().close();
  });
});
