/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchBrowser } from '../helpers/browser.js';
import { DEMO_PASSWORD, ZAOYUAN, redReport } from '../helpers/cases.js';
import { post, report, startServer, type TestServer } from '../helpers/server.js';

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

declare global {
  interface Window {
    __notifications: Array<{ title: string; body: string }>;
    __beeps: number;
  }
}

/** Record browser notifications and alarm tones instead of making them. */
function spyOnAlarms(): void {
  window.__notifications = [];
  window.__beeps = 0;
  class FakeNotification {
    static permission = 'granted';
    static requestPermission = () => Promise.resolve('granted');
    constructor(title: string, options?: { body?: string }) {
      window.__notifications.push({ title, body: options?.body ?? '' });
    }
  }
  Object.defineProperty(window, 'Notification', { value: FakeNotification });
  const create = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function (this: AudioContext) {
    window.__beeps += 1;
    return create.call(this);
  };
}

async function openLeader(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(spyOnAlarms);
  await page.goto(`${server.url}/leader`);
  await page.fill('input[name="username"]', 'county-zhang');
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-connected="true"]', { timeout: 10_000 });
  return page;
}

describe('the leader page', () => {
  it('a leader on a phone gets a red alert live, acknowledges it, and the wall takeover ends', async () => {
    const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await wall.goto(server.url);
    await wall.waitForSelector('[data-region-code="611025101"]', { timeout: 10_000 });
    await wall.waitForSelector('[data-connected="true"]', { timeout: 10_000 });

    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await openLeader(phone);
    expect(await page.locator('.who').innerText()).toBe('张建国');
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);

    expect((await post(server.url, report(redReport(ZAOYUAN)))).status).toBe(202);
    const alarm = page.locator('[data-alarm="red"]');
    await alarm.waitFor({ timeout: 5_000 });
    expect(await alarm.innerText()).toContain('研判为红色');
    await wall.waitForSelector('[data-takeover="red"]', { timeout: 5_000 });
    expect(await wall.locator('[data-takeover="red"]').innerText()).toContain('枣园村');
    await page.screenshot({ path: join(ARTIFACTS, 'leader-phone-red-alarm.png') });
    await wall.screenshot({ path: join(ARTIFACTS, 'wall-red-takeover.png') });
    const notifications = await page.evaluate(() => window.__notifications);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]?.title).toContain('红色预警');
    expect(await page.evaluate(() => window.__beeps)).toBeGreaterThan(0);

    await page.tap('[data-action="alarm-acknowledge"]');
    await alarm.waitFor({ state: 'detached', timeout: 5_000 });
    await wall.waitForSelector('[data-takeover="red"]', { state: 'detached', timeout: 5_000 });
    const card = page.locator('[data-case-id][data-status="acknowledged"]');
    await card.waitFor({ timeout: 5_000 });

    // History and countdown, then resolve with a note.
    await card.tap();
    await page.locator('[data-field="countdown"]').waitFor();
    expect(await page.locator('[data-field="countdown"]').innerText()).toMatch(/剩余/);
    expect(await page.locator('.history [data-action="acknowledge"]').innerText()).toContain(
      '张建国',
    );
    await page.fill('textarea', '县信访局已到场，群众已疏散，工程款协调会明日召开');
    await page.tap('[data-action="resolve"]');
    await page.locator('.history [data-action="resolve"]').waitFor({ timeout: 5_000 });
    expect(await page.locator('[data-field="status"]').innerText()).toBe('已办结');
    await page.screenshot({ path: join(ARTIFACTS, 'leader-phone-case.png') });
    await phone.close();
    await wall.close();
  });

  it('refuses a wrong password in Chinese', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/leader`);
    await page.fill('input[name="username"]', 'county-zhang');
    await page.fill('input[name="password"]', 'wrong');
    await page.click('button[type="submit"]');
    await page.locator('.error').waitFor({ timeout: 5_000 });
    expect(await page.locator('.error').innerText()).toContain('用户名或密码错误');
    await context.close();
  });
});
