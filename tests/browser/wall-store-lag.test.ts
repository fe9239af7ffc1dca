/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchBrowser } from '../helpers/browser.js';
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

describe('the wall header', () => {
  it('shows 时序库延迟 with the backlog while the store is degraded, and clears it after', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(server.url);
    await page.waitForSelector('[data-connected="true"]', { timeout: 10_000 });
    expect(await page.locator('[data-store-lag]').count()).toBe(0);
    // What the InfluxDB store reports through the bus while its spool holds reports.
    server.app.bus.emit('system.status', {
      store: { kind: 'influx', state: 'degraded', spooled: 1234, lagMs: 42_000 },
    });
    const badge = page.locator('[data-store-lag]');
    await badge.waitFor({ timeout: 5000 });
    expect(await badge.textContent()).toContain('时序库延迟 · 积压 1234 条');
    await page.screenshot({ path: join(ARTIFACTS, 'wall-store-lag.png') });
    server.app.bus.emit('system.status', {
      store: { kind: 'influx', state: 'ok', spooled: 0, lagMs: null },
    });
    await badge.waitFor({ state: 'detached', timeout: 5000 });
    await page.close();
  });
});
