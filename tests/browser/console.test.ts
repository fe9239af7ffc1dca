/// <reference lib="dom" />
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchBrowser } from '../helpers/browser.js';
import { HUILONG, ZAOYUAN } from '../helpers/cases.js';
import { post, report, startServer, type TestServer } from '../helpers/server.js';
import { DESK, fitsWidth, openConsole, PHONE, smallTapTargets } from '../helpers/console-page.js';

/**
 * The 工作台 (/console) with the real backend and chromium: a village cadre on a 375×667 phone
 * and the county dispatcher at a desk log in, see their queue (live), open an order, act on it
 * and see the timeline follow. The pages must stay usable on the phone: no sideways scroll, no
 * tap target under 40 px, no CSP violation.
 */

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

/** Post one report; its work order is `wo-<report id>`. */
async function orderFor(body: Record<string, unknown>): Promise<string> {
  const res = await post(server.url, report(body));
  expect(res.status).toBe(202);
  const [id] = res.body.ids as string[];
  return `wo-${id}`;
}

/** 12/1 20:15 in the county (Asia/Shanghai), as the page prints it. */
function countyTime(ms: number): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(ms)
      .map((part) => [part.type, part.value]),
  );
  return `${Number(p.month)}/${Number(p.day)} ${p.hour}:${p.minute}`;
}

/** A real PNG (a soft gradient) to upload as the 现场照片. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      rows.set([90 + x, 130 + y, 160], row + 1 + x * 3);
    }
  }
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('the console 工作台', () => {
  it('a village cadre on a 375×667 phone: the order arrives live, 签收, 答复 with a photo', async () => {
    // A phone set to another zone still shows the county's time.
    const context = await browser.newContext({ ...PHONE, timezoneId: 'America/New_York' });
    const page = await openConsole(server.url, context, 'village-zaoyuan');
    expect(await page.locator('[data-field="user"]').innerText()).toBe('孙丽');
    await page.locator('[data-tab="todo"][aria-pressed="true"]').waitFor();

    // A report comes in after the page opened: the queue gets its order over the socket.
    const id = await orderFor({
      regionCode: ZAOYUAN,
      category: 'infrastructure',
      text: '枣园村三组通组道路有个坑，下雨积水，走路不方便',
    });
    const card = page.locator(`[data-order-id="${id}"]`);
    await card.waitFor({ timeout: 10_000 });
    expect(await card.getAttribute('data-status')).toBe('dispatched');
    expect(await card.innerText()).toContain('签收时限 剩余');
    expect(Number(await page.locator('[data-count="todo"]').innerText())).toBeGreaterThan(0);
    const openedAt = await page.evaluate(async (orderId) => {
      const detail = (await (await fetch(`/api/v1/work-orders/${orderId}`)).json()) as {
        order: { openedAt: number };
      };
      return detail.order.openedAt;
    }, id);
    expect(await card.innerText()).toContain(countyTime(openedAt));
    expect(await fitsWidth(page)).toBe(true);
    expect(await smallTapTargets(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'console-phone-queue.png') });

    // The filters open and narrow the queue (and keep it in the address).
    await page.tap('[data-action="toggle-filters"]');
    await page.tap('[data-panel="filters"] [data-status="closed"]');
    await card.waitFor({ state: 'detached', timeout: 5_000 });
    expect(page.url()).toContain('status=closed');
    expect(await fitsWidth(page)).toBe(true);
    expect(await smallTapTargets(page)).toEqual([]);
    await page.tap('[data-action="clear-filters"]');
    await card.waitFor({ timeout: 5_000 });
    await page.tap('[data-action="toggle-filters"]');

    // The order: the report with its judgement, the deadline, the timeline.
    await card.locator('a').tap();
    await page.locator(`[data-order="${id}"] [data-field="status"]`).waitFor({ timeout: 5_000 });
    expect(page.url()).toContain(`#order=${id}`);
    expect(await page.locator('[data-field="status"]').innerText()).toBe('待签收');
    expect(await page.locator('[data-order] [data-due="sign"]').innerText()).toMatch(
      /签收时限\s*剩余/,
    );
    const explanation = page.locator('[data-field="explanation"]');
    await explanation.waitFor({ timeout: 5_000 });
    expect((await explanation.innerText()).length).toBeGreaterThan(0);
    await page.locator('[data-event-action="register"]').waitFor();
    // A village cadre does not correct colours (county and town do).
    expect(await page.locator('[data-action="correct"]').count()).toBe(0);
    // Only what the API allows: no 派单 or 回访 for the unit that holds it.
    expect(await page.locator('[data-action="dispatch"]').count()).toBe(0);
    expect(await page.locator('[data-action="visit"]').count()).toBe(0);

    await page.tap('[data-action="sign"]');
    await page.tap('[data-submit="sign"]');
    const signed = page.locator('[data-event-action="sign"]');
    await signed.waitFor({ timeout: 5_000 });
    expect(await signed.innerText()).toContain('孙丽');
    expect(await page.locator('[data-field="status"]').innerText()).toBe('已签收');

    // A photo of the road as evidence, checked and sent from the page.
    await page.tap('[data-action="attach"]');
    await page.setInputFiles('[data-form="attach"] input[name="file"]', {
      name: '现场照片.png',
      mimeType: 'image/png',
      buffer: png(96, 72),
    });
    await page.locator('[data-event-action="attach"]').waitFor({ timeout: 10_000 });
    const thumb = page.locator('[data-list="attachments"] img');
    await thumb.waitFor({ timeout: 5_000 });
    await expect
      .poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 5_000 })
      .toBe(96);
    // A file of a type the API refuses never leaves the phone.
    await page.tap('[data-action="attach"]');
    await page.tap('[data-action="attach"]');
    await page.setInputFiles('[data-form="attach"] input[name="file"]', {
      name: 'note.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('x'),
    });
    expect(await page.locator('[data-form="attach"] .form-error').innerText()).toContain(
      '只能上传',
    );

    // 答复: a required text, refused in Chinese when empty.
    await page.tap('[data-action="answer"]');
    await page.tap('[data-submit="answer"]');
    expect(await page.locator('[data-form="answer"] .form-error').innerText()).toBe(
      '请填写答复内容',
    );
    await page.fill('[data-form="answer"] textarea[name="text"]', '坑已填平压实，三轮车可正常通行');
    await page.tap('[data-submit="answer"]');
    await page.locator('[data-event-action="answer"]').waitFor({ timeout: 5_000 });
    expect(await page.locator('[data-field="status"]').innerText()).toBe('已答复');
    expect(await page.locator('[data-box="answer"]').innerText()).toContain('坑已填平压实');
    expect(await fitsWidth(page)).toBe(true);
    expect(await smallTapTargets(page)).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'console-phone-order.png') });
    await page.locator('[data-list="attachments"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'console-phone-timeline.png') });

    // Back to the queue (the phone's own back works the same way).
    await page.tap('[data-action="back"]');
    await card.waitFor({ timeout: 5_000 });
    expect(await page.evaluate(() => window.__csp)).toEqual([]);
    await context.close();
  });

  it('the county dispatcher at a desk: 待分拨 → 派单, a colour corrected, the timeline follows', async () => {
    const context = await browser.newContext(DESK);
    const page = await openConsole(server.url, context, 'county-zhang');

    // Only the town is known: the order waits for the dispatcher (待分拨).
    const id = await orderFor({
      regionCode: HUILONG,
      category: 'infrastructure',
      text: '回龙镇街上路灯坏了好几盏，晚上走路看不清',
    });
    await page.click('[data-tab="dispatch"]');
    const card = page.locator(`[data-order-id="${id}"]`);
    await card.waitFor({ timeout: 10_000 });
    expect(await card.getAttribute('data-status')).toBe('registered');
    const waiting = Number(await page.locator('[data-count="dispatch"]').innerText());
    expect(waiting).toBeGreaterThan(0);

    await card.locator('a').click();
    await page.locator(`[data-order="${id}"] [data-field="status"]`).waitFor({ timeout: 5_000 });
    // A desk shows the queue and the order side by side.
    expect(await card.isVisible()).toBe(true);
    expect(await page.locator('[data-field="status"]').innerText()).toBe('待分拨');

    // Correct the report's colour: the report and the order both follow.
    await page.locator('[data-field="explanation"]').waitFor({ timeout: 5_000 });
    const judged = await page.locator('[data-field="report-level"]').innerText();
    const [colour, label] = judged === '橙色' ? ['blue', '蓝色'] : ['orange', '橙色'];
    await page.click('[data-action="correct"]');
    await page.selectOption('[data-form="correct"] select[name="colour"]', colour);
    await page.fill('[data-form="correct"] textarea[name="reason"]', '整条街夜间无照明，老人多');
    await page.click('[data-form="correct"] button[type="submit"]');
    await page.locator('[data-field="correction"]').waitFor({ timeout: 5_000 });
    expect(await page.locator('[data-field="report-level"]').innerText()).toBe(label);
    await page.locator('[data-event-action="recolour"]').waitFor({ timeout: 5_000 });
    expect(await page.locator('.title .level-badge').innerText()).toBe(label);

    // 派单 to the village where it happened.
    await page.click('[data-action="dispatch"]');
    const form = page.locator('[data-form="dispatch"]');
    await form.locator('select[name="unit-town"]').selectOption(HUILONG);
    await form.locator('select[name="unit-village"]').selectOption(ZAOYUAN);
    await form.locator('textarea[name="note"]').fill('请村里今天联系供电所');
    await page.click('[data-submit="dispatch"]');
    const dispatched = page.locator('[data-event-action="dispatch"]');
    await dispatched.waitFor({ timeout: 5_000 });
    expect(await dispatched.innerText()).toContain('张建国');
    expect(await dispatched.innerText()).toContain('枣园村');
    expect(await page.locator('[data-field="status"]').innerText()).toBe('待签收');
    expect(await page.locator('[data-field="unit"]').innerText()).toContain('枣园村');
    // The queue and its counts follow: the order has left 待分拨.
    await card.waitFor({ state: 'detached', timeout: 5_000 });
    await expect
      .poll(async () => Number(await page.locator('[data-count="dispatch"]').innerText()), {
        timeout: 5_000,
      })
      .toBe(waiting - 1);

    // 督办 from the county, with a time.
    await page.click('[data-action="supervise"]');
    await page.selectOption('[data-form="supervise"] select[name="hours"]', '4');
    await page.fill('[data-form="supervise"] textarea[name="note"]', '今天之内务必上门');
    await page.click('[data-submit="supervise"]');
    await page.locator('[data-event-action="supervise"]').waitFor({ timeout: 5_000 });
    expect(await page.locator('[data-box="supervision"]').innerText()).toContain(
      '今天之内务必上门',
    );
    expect(await page.locator('[data-order] [data-due="supervise"]').innerText()).toMatch(
      /督办时限\s*剩余/,
    );
    // Five hours on, the 4-hour 督办 is past: its countdown turns red and counts up.
    await page.clock.setFixedTime(Date.now() + 5 * 3_600_000);
    const supervised = page.locator('[data-order] [data-due="supervise"]');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-order] [data-due="supervise"]')?.classList.contains('late'),
      undefined,
      { timeout: 5_000 },
    );
    expect(await supervised.innerText()).toMatch(/督办时限\s*已超时 1:00:0\d/);
    expect(await fitsWidth(page)).toBe(true);
    await page.locator('.order-pane').evaluate((pane) => pane.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'console-desk.png') });
    expect(await page.evaluate(() => window.__csp)).toEqual([]);
    await context.close();
  });

  it('加载更多 pages through a long queue by its cursor', async () => {
    // 60 waiting orders, spread over the towns and categories (no surge, no alert).
    const towns = server.regions.all.filter((r) => r.kind === 'town');
    const categories = ['infrastructure', 'livelihood', 'agency', 'industry', 'ceremony'];
    const batch = Array.from({ length: 60 }, (_, i) =>
      report({
        regionCode: towns[i % towns.length]?.code,
        category: categories[i % categories.length],
        text: `镇上便民服务咨询第${i + 1}件：办事时间和材料`,
      }),
    );
    expect((await post(server.url, batch)).status).toBe(202);

    const context = await browser.newContext(DESK);
    const page = await openConsole(server.url, context, 'county-zhang');
    await page.click('[data-tab="dispatch"]');
    const cards = page.locator('[data-list="orders"] [data-order-id]');
    await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(50);
    const total = Number(await page.locator('[data-count="dispatch"]').innerText());
    expect(total).toBeGreaterThanOrEqual(60);
    await page.click('[data-action="load-more"]');
    await expect.poll(() => cards.count(), { timeout: 5_000 }).toBe(Math.min(total, 100));
    const ids = await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-order-id')));
    expect(new Set(ids).size).toBe(ids.length);
    if (total <= 100) {
      expect(await page.locator('[data-action="load-more"]').count()).toBe(0);
      expect(await page.locator('.more .end').innerText()).toContain(`${total}`);
    }
    await context.close();
  });

  it('refuses a wrong password in Chinese', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${server.url}/console`);
    await page.fill('input[name="username"]', 'county-zhang');
    await page.fill('input[name="password"]', 'wrong');
    await page.click('button[type="submit"]');
    await page.locator('.form-error').waitFor({ timeout: 5_000 });
    expect(await page.locator('.form-error').innerText()).toContain('用户名或密码错误');
    await context.close();
  });
});
