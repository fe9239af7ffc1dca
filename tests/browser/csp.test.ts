/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../../collectors/simulator/simulator.js';
import { CSP_DIRECTIVES } from '../../backend/http/security-headers.js';
import { ARTIFACTS, launchBrowser } from '../helpers/browser.js';
import { DEMO_PASSWORD, ZAOYUAN } from '../helpers/cases.js';
import { post, report, startServer, type TestServer } from '../helpers/server.js';

/**
 * Security headers on every page (issue 15, finding 10): the wall, the leader page and the
 * village QR page run under the CSP without a single violation, doing what they do (drawing
 * ECharts, a tooltip under the pointer, Socket.IO, fetches, a login), and answer with the headers.
 */

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer({ wall: true });
  const sim = createSimulator({
    regions: server.regions.all,
    submit: (reports) => server.app.ingest.ingest(reports),
    reportsPerMinute: 3000,
    incidentEveryMinutes: Infinity,
  });
  for (let i = 0; i < 3; i++) await sim.tick();
  const storm = Array.from({ length: 6 }, (_, i) =>
    report({ regionCode: ZAOYUAN, category: 'infrastructure', text: `停水第${i + 1}次反映` }),
  );
  expect((await post(server.url, storm)).status).toBe(202);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

declare global {
  interface Window {
    __csp: string[];
  }
}

/** Every `securitypolicyviolation` the page sees, from the first script on. */
function recordViolations(): void {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sample})`);
  });
}

interface Watched {
  page: Page;
  /** Console lines about the policy, and uncaught errors. */
  console: string[];
  /** Every response the page loaded from our server (document, scripts, styles, API). */
  responses: Response[];
}

async function watch(viewport: { width: number; height: number }): Promise<Watched> {
  const page = await browser.newPage({ viewport });
  await page.addInitScript(recordViolations);
  const watched: Watched = { page, console: [], responses: [] };
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) watched.console.push(m.text());
  });
  page.on('pageerror', (err) => watched.console.push(`pageerror: ${err.message}`));
  page.on('response', (r) => {
    if (r.url().startsWith(server.url)) watched.responses.push(r);
  });
  return watched;
}

async function violations(w: Watched): Promise<string[]> {
  return [...(await w.page.evaluate(() => window.__csp)), ...w.console];
}

function expectHeaders(headers: Record<string, string>, what: string): void {
  const csp = headers['content-security-policy'] ?? '';
  for (const [directive, values] of Object.entries(CSP_DIRECTIVES)) {
    expect(csp, `${what}: ${directive}`).toContain(`${directive} ${values.join(' ')}`);
  }
  expect(csp, what).not.toContain('unsafe-inline');
  expect(csp, what).not.toContain('unsafe-eval');
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['referrer-policy'], what).toBe('no-referrer');
  expect(headers['x-frame-options'], what).toBe('DENY');
}

async function expectEveryResponseHeaded(w: Watched): Promise<void> {
  expect(w.responses.length).toBeGreaterThan(2);
  for (const r of w.responses) expectHeaders(await r.allHeaders(), r.url());
}

describe('the pages under the Content-Security-Policy', () => {
  it('the wall: charts drawn, a tooltip shown, live over Socket.IO, no violation', async () => {
    const w = await watch({ width: 1920, height: 1080 });
    const res = await w.page.goto(`${server.url}/`);
    expectHeaders((await res?.allHeaders()) ?? {}, '/');
    await w.page.waitForSelector('.wall[data-ready="true"]', { timeout: 10_000 });
    await w.page.waitForSelector('[data-panel="category-trend"] canvas', { timeout: 10_000 });
    // A live report through the socket reaches the ticker.
    await post(server.url, report({ regionCode: ZAOYUAN, text: '内容安全策略测试：村口路灯不亮' }));
    await w.page.waitForSelector('text=内容安全策略测试', { timeout: 5_000 });
    // ECharts writes its tooltip as HTML: hover a chart to draw one.
    const chart = w.page.locator('[data-panel="category-trend"] canvas').first();
    const box = await chart.boundingBox();
    if (box) {
      await w.page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.5);
      await w.page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.5);
    }
    await w.page.waitForTimeout(800);
    await w.page.screenshot({ path: join(ARTIFACTS, 'csp-wall.png') });
    expect(await violations(w)).toEqual([]);
    await expectEveryResponseHeaded(w);
    await w.page.close();
  });

  it('the leader page: logs in, goes live, no violation', async () => {
    const w = await watch({ width: 390, height: 844 });
    const res = await w.page.goto(`${server.url}/leader`);
    expectHeaders((await res?.allHeaders()) ?? {}, '/leader');
    await w.page.fill('input[name="username"]', 'county-zhang');
    await w.page.fill('input[name="password"]', DEMO_PASSWORD);
    await w.page.click('button[type="submit"]');
    await w.page.waitForSelector('[data-connected="true"]', { timeout: 10_000 });
    await w.page.waitForTimeout(500);
    expect(await violations(w)).toEqual([]);
    await expectEveryResponseHeaded(w);
    await w.page.close();
  });

  it('the console: logs in, goes live, no violation', async () => {
    const w = await watch({ width: 1440, height: 900 });
    const res = await w.page.goto(`${server.url}/console`);
    expectHeaders((await res?.allHeaders()) ?? {}, '/console');
    await w.page.fill('input[name="username"]', 'county-zhang');
    await w.page.fill('input[name="password"]', DEMO_PASSWORD);
    await w.page.click('button[type="submit"]');
    await w.page.waitForSelector('[data-connected="true"]', { timeout: 10_000 });
    await w.page.waitForTimeout(500);
    expect(await violations(w)).toEqual([]);
    await expectEveryResponseHeaded(w);
    await w.page.close();
  });

  it('the village QR page: loads its village, no violation', async () => {
    const w = await watch({ width: 390, height: 844 });
    const res = await w.page.goto(`${server.url}/r/${ZAOYUAN}`);
    expectHeaders((await res?.allHeaders()) ?? {}, `/r/${ZAOYUAN}`);
    await w.page.waitForSelector('main[data-ready="true"]', { timeout: 10_000 });
    await w.page.locator('[data-service-code]').first().click();
    await w.page.waitForTimeout(500);
    expect(await violations(w)).toEqual([]);
    await expectEveryResponseHeaded(w);
    await w.page.close();
  });

  it('would see a violation: an injected inline script is refused and reported', async () => {
    const w = await watch({ width: 800, height: 600 });
    await w.page.goto(`${server.url}/r/${ZAOYUAN}`);
    await w.page.waitForSelector('main[data-ready="true"]', { timeout: 10_000 });
    const ran = await w.page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.name = "injected"';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 100));
      return window.name === 'injected';
    });
    expect(ran).toBe(false);
    expect((await violations(w)).join('\n')).toMatch(/script-src/);
    await w.page.close();
  });
});
