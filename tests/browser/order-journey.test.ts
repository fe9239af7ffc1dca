/// <reference lib="dom" />
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, launchBrowser } from '../helpers/browser.js';
import { ZAOYUAN } from '../helpers/cases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { DESK as DESK_BASE, openConsole, PHONE as PHONE_BASE } from '../helpers/console-page.js';

/**
 * One resident's request from the village QR code to 办结, only through the pages: the resident
 * on a phone (/r/<village>), the village cadre on a phone, the town leader on a phone and the
 * county dispatcher at a desk (/console), each in their own browser context. The server's clock
 * is injected so the village's time can run out; the sweep that escalates it is called at once
 * instead of waiting for its job. After every step the resident looks the number up again and
 * is told where the request stands; a screenshot of each step goes to test-artifacts.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A plainly blue problem: a group's street lamp out for a week (ordinary, fixed within days). */
const TEXT = '枣园村二组村道边的路灯坏了一个多星期，晚上走路黑乎乎的，麻烦村上找人修一下';
const VILLAGE = '回龙镇·枣园村';
const TOWN = '回龙镇';
const ANSWER_1 = '已联系供电所更换二组路灯灯泡，今晚起恢复照明';
const ANSWER_2 = '供电所重新更换了灯头和线路，连续三晚检查路灯均正常亮灯';

const PHONE = { ...PHONE_BASE, locale: 'zh-CN' };
const DESK = { ...DESK_BASE, locale: 'zh-CN' };

let browser: Browser;
let server: TestServer;
/** The server's clock: moved by the test, never by the pages. */
let now = Date.now();

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startServer({ wall: true, clock: () => now });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

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
    for (let x = 0; x < width; x++) rows.set([200 - x, 170 + (y % 60), 60], row + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A context whose page clock reads the server's (moved) time, so countdowns agree with it. */
async function contextAt(options: typeof PHONE | typeof DESK): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.clock.install({ time: now });
  return context;
}

/** The page fits the screen's width: nothing to scroll sideways. */
async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/** Open the order from the user's 待办 queue (the card arrives there, live or on load). */
async function openFromTodo(page: Page, id: string): Promise<void> {
  await page.locator('[data-tab="todo"][aria-pressed="true"]').waitFor({ timeout: 5_000 });
  const card = page.locator(`[data-order-id="${id}"]`);
  await card.waitFor({ timeout: 10_000 });
  await card.locator('a').click();
  await page.locator(`[data-order="${id}"] [data-field="status"]`).waitFor({ timeout: 5_000 });
}

/** Pick a queue tab and open the order from it once its card is listed there. */
async function openFromTab(
  page: Page,
  tab: 'visit' | 'closed' | 'overdue',
  id: string,
): Promise<void> {
  await page.click(`[data-tab="${tab}"]`);
  await page.locator(`[data-tab="${tab}"][aria-pressed="true"]`).waitFor({ timeout: 5_000 });
  const card = page.locator(`[data-list="orders"] [data-order-id="${id}"]`);
  await card.waitFor({ timeout: 10_000 });
  await card.locator('a').click();
  await page.locator(`[data-order="${id}"] [data-field="status"]`).waitFor({ timeout: 5_000 });
}

/** Open an action's small form, fill it and submit; wait for its entry in the timeline. */
async function act(
  page: Page,
  action: 'sign' | 'handle' | 'answer' | 'visit' | 'supervise',
  fill: (form: Locator) => Promise<void> = async () => {},
): Promise<void> {
  const entries = page.locator(`[data-list="timeline"] [data-event-action="${action}"]`);
  const before = await entries.count();
  await page.click(`[data-action="${action}"]`);
  const form = page.locator(`[data-form="${action}"]`);
  await form.waitFor({ timeout: 5_000 });
  await fill(form);
  await page.click(`[data-submit="${action}"]`);
  await expect
    .poll(() => entries.count(), {
      timeout: 5_000,
      message: `${action} never reached the timeline`,
    })
    .toBe(before + 1);
  await form.waitFor({ state: 'detached', timeout: 5_000 });
}

async function statusOf(page: Page): Promise<string> {
  return (await page.locator('[data-order] [data-field="status"]').innerText()).trim();
}

let shot = 0;
async function screenshot(page: Page, step: string): Promise<void> {
  shot += 1;
  const name = `order-journey-${String(shot).padStart(2, '0')}-${step}.png`;
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(ARTIFACTS, name) });
}

describe('one order through the pages', () => {
  it('QR submission → 签收 → overdue → escalated → 督办 → handled with a photo → 答复 → 不满意 → reopened → 办结 满意', async () => {
    // ---- The resident scans the QR code on a phone and submits. ----
    const residentContext = await browser.newContext(PHONE);
    const resident = await residentContext.newPage();
    await resident.goto(`${server.url}/r/${ZAOYUAN}`);
    await resident.waitForSelector('main[data-ready="true"]', { timeout: 10_000 });
    await resident.tap('[data-service-code="infrastructure"]');
    await resident.selectOption('select[name="group"]', `${ZAOYUAN}002`);
    await resident.fill('textarea[name="text"]', TEXT);
    await resident.fill('input[name="phone"]', '13912345678');
    await resident.tap('[data-action="submit"]');
    const number = resident.locator('[data-field="request-number"]');
    await number.waitFor({ timeout: 5_000 });
    const requestId = (await number.innerText()).trim();
    expect(requestId).toMatch(/^\d{10}$/);
    await screenshot(resident, 'resident-submitted');

    const notes = resident.locator('[data-field="status-notes"]');
    /** The resident opens the page again, types the number, taps 查询 and reads the status. */
    async function lookUp(): Promise<string> {
      await resident.reload();
      await resident.waitForSelector('main[data-ready="true"]', { timeout: 10_000 });
      await resident.fill('input[name="request-number"]', requestId);
      await resident.tap('[data-view="lookup"] button[type="submit"]');
      await notes.waitFor({ timeout: 5_000 });
      return (await notes.innerText()).trim();
    }
    async function residentSees(expected: string, step: string): Promise<void> {
      await expect
        .poll(lookUp, {
          timeout: 10_000,
          message: `after "${step}" the resident's status page should read ${expected}`,
        })
        .toBe(expected);
      expect(await fitsWidth(resident)).toBe(true);
      await notes.scrollIntoViewIfNeeded();
      shot += 1;
      await resident.screenshot({
        path: join(
          ARTIFACTS,
          `order-journey-${String(shot).padStart(2, '0')}-resident-${step}.png`,
        ),
      });
    }

    // Blue goes to the village first. If the judgement made it orange or red, the order went to
    // the town or the county and this journey is not the one it tests.
    let first = '';
    await expect
      .poll(async () => (first = await lookUp()), {
        timeout: 10_000,
        message: 'the request never got its work order (still 已受理)',
      })
      .not.toBe('已受理');
    expect(
      first,
      `the street-lamp report should be judged blue and sent to ${VILLAGE}; its order went to ` +
        `another unit ("${first}"): the judgement no longer reads "${TEXT}" as blue`,
    ).toBe(`待签收（${VILLAGE}）`);
    await residentSees(`待签收（${VILLAGE}）`, 'waiting-village');

    // ---- The village cadre on a phone: the order is in her 待办, 蓝色, held by the village. ----
    const villageContext = await contextAt(PHONE);
    const village = await openConsole(server.url, villageContext, 'village-zaoyuan');
    await village.locator('[data-tab="todo"][aria-pressed="true"]').waitFor({ timeout: 5_000 });
    const mine = village.locator('[data-list="orders"] [data-order-id]', { hasText: TEXT });
    await mine.waitFor({ timeout: 10_000 });
    const orderId = (await mine.getAttribute('data-order-id')) ?? '';
    expect(orderId).toMatch(/^wo-/);
    await openFromTodo(village, orderId);
    await village.locator('[data-field="report-level"]').waitFor({ timeout: 5_000 });
    expect(
      await village.locator('[data-field="report-level"]').innerText(),
      'the report is judged blue',
    ).toBe('蓝色');
    expect(await village.locator('[data-field="unit"]').innerText()).toContain('枣园村');
    expect(await statusOf(village)).toBe('待签收');
    await act(village, 'sign', (form) =>
      form.locator('textarea[name="note"]').fill('已收到，明天联系电工'),
    );
    expect(await statusOf(village)).toBe('已签收');
    expect(await fitsWidth(village)).toBe(true);
    await screenshot(village, 'village-signed');
    await residentSees(`已签收（${VILLAGE}）`, 'village-signed');
    await villageContext.close();

    // ---- Three days pass: the village's time to answer runs out, the sweep escalates. ----
    now += 3 * DAY + HOUR;
    expect(server.app.workflow.orders.sweep.sweep(now), 'one order escalates').toBe(1);
    await residentSees(`待签收（${TOWN}）`, 'escalated-to-town');

    // ---- The county dispatcher at a desk presses the town: 督办 with a note. ----
    const countyContext = await contextAt(DESK);
    // It ran late: the dispatcher finds it in the 超时 tab.
    const county = await openConsole(server.url, countyContext, 'county-zhang');
    await openFromTab(county, 'overdue', orderId);
    expect(await county.locator('[data-field="unit"]').innerText()).toContain(TOWN);
    await county.locator('[data-event-action="escalate"]').waitFor({ timeout: 5_000 });
    await act(county, 'supervise', async (form) => {
      await form.locator('select[name="hours"]').selectOption('24');
      await form
        .locator('textarea[name="note"]')
        .fill('村里超期未答复，请回龙镇今天签收并尽快修复路灯');
    });
    expect(await county.locator('[data-box="supervision"]').innerText()).toContain(
      '请回龙镇今天签收',
    );
    // The dispatcher's 督办 tab counts it.
    await expect
      .poll(async () => county.locator('[data-count="supervised"]').innerText(), {
        timeout: 5_000,
      })
      .toBe('1');
    await screenshot(county, 'county-supervised');
    await residentSees(`待签收（${TOWN}），县级已督办`, 'county-supervised');

    // ---- The town leader on a phone: 签收, 开始办理, a photo, 答复. ----
    const townContext = await contextAt(PHONE);
    const town = await openConsole(server.url, townContext, 'town-huilong');
    await openFromTodo(town, orderId);
    const pressed = await town.locator('[data-box="supervision"]').innerText();
    expect(pressed).toContain('张建国（县级）');
    expect(pressed).toContain('请回龙镇今天签收');
    await act(town, 'sign');
    expect(await statusOf(town)).toBe('已签收');
    await screenshot(town, 'town-signed');
    await residentSees(`已签收（${TOWN}），县级已督办`, 'town-signed');

    await act(town, 'handle', (form) =>
      form.locator('textarea[name="note"]').fill('已安排供电所电工到二组现场'),
    );
    expect(await statusOf(town)).toBe('办理中');
    await residentSees(`办理中（${TOWN}），县级已督办`, 'town-handling');

    await town.click('[data-action="attach"]');
    await town.setInputFiles('[data-form="attach"] input[name="photo"]', {
      name: '路灯修复现场.png',
      mimeType: 'image/png',
      buffer: png(120, 90),
    });
    await town.locator('[data-event-action="attach"]').waitFor({ timeout: 10_000 });
    const thumb = town.locator('[data-list="attachments"] img');
    await thumb.waitFor({ timeout: 5_000 });
    await expect
      .poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 5_000 })
      .toBe(120);
    await town.locator('[data-list="attachments"]').scrollIntoViewIfNeeded();
    shot += 1;
    await town.screenshot({
      path: join(ARTIFACTS, `order-journey-${String(shot).padStart(2, '0')}-town-photo.png`),
    });

    await act(town, 'answer', (form) => form.locator('textarea[name="text"]').fill(ANSWER_1));
    expect(await statusOf(town)).toBe('已答复');
    expect(await fitsWidth(town)).toBe(true);
    await screenshot(town, 'town-answered');
    await residentSees(`已答复：${ANSWER_1}`, 'answered');

    // ---- The county calls the resident back: 不满意, the order reopens at the town. ----
    await openFromTab(county, 'visit', orderId);
    await county.locator(`[data-order="${orderId}"] [data-action="visit"]`).waitFor({
      timeout: 5_000,
    });
    await act(county, 'visit', async (form) => {
      await form.locator('[data-satisfaction="unsatisfied"]').click();
      await form.locator('textarea[name="note"]').fill('群众反映路灯亮了一晚又不亮了');
    });
    expect(await statusOf(county)).toBe('重新办理');
    await screenshot(county, 'county-unsatisfied');
    await residentSees('重新办理（回龙镇）', 'reopened');

    // ---- The town answers again; the county's second 回访: 满意, 办结. ----
    await town.locator(`[data-order="${orderId}"] [data-action="answer"]`).waitFor({
      timeout: 5_000,
    });
    expect(await statusOf(town)).toBe('重新办理');
    await act(town, 'answer', (form) => form.locator('textarea[name="text"]').fill(ANSWER_2));
    expect(await statusOf(town)).toBe('已答复');
    await screenshot(town, 'town-answered-again');
    await residentSees(`已答复：${ANSWER_2}`, 'answered-again');

    await openFromTab(county, 'visit', orderId);
    await county.locator(`[data-order="${orderId}"] [data-action="visit"]`).waitFor({
      timeout: 5_000,
    });
    await act(county, 'visit', (form) => form.locator('[data-satisfaction="satisfied"]').click());
    expect(await statusOf(county)).toBe('已办结');
    expect(await county.locator('[data-box="visit"]').innerText()).toContain('满意');
    await screenshot(county, 'county-closed');
    await residentSees(`已办结：${ANSWER_2}`, 'closed');
    expect(await resident.locator('[data-view="lookup"] dl').getAttribute('data-status')).toBe(
      'closed',
    );

    // ---- The timeline lists every step, in order, with who did it. ----
    const timeline = await county
      .locator('[data-list="timeline"] [data-event-action]')
      .evaluateAll((els) =>
        els
          .map((el) => ({
            action: el.getAttribute('data-event-action'),
            who: el.querySelector('.who')?.textContent?.trim() ?? '',
          }))
          .reverse(),
      );
    expect(timeline.map((e) => e.action)).toEqual([
      'register',
      'dispatch', // by its colour, to the village, as it came in
      'sign',
      'overdue',
      'escalate',
      'supervise',
      'sign',
      'handle',
      'attach',
      'answer',
      'visit',
      'answer',
      'visit',
    ]);
    expect(timeline.filter((e) => e.action === 'sign').map((e) => e.who)).toEqual([
      '孙丽',
      '王志强',
    ]);
    expect(timeline.filter((e) => e.action === 'visit').map((e) => e.who)).toEqual([
      '张建国',
      '张建国',
    ]);
    expect(timeline.find((e) => e.action === 'supervise')?.who).toBe('张建国');
    // The closed order is in the county's 已办结 tab.
    await openFromTab(county, 'closed', orderId);
    // The whole timeline, on the town leader's phone (the page scrolls, so all of it is shown).
    await town.locator('[data-list="timeline"] [data-event-action="visit"]').nth(1).waitFor({
      timeout: 5_000,
    });
    // The sticky top bar would sit over the middle of a picture taller than the screen (and the
    // page's CSP refuses an injected stylesheet, so it is unstuck through the CSSOM).
    await town.locator('header.bar').evaluate((bar: HTMLElement) => {
      bar.style.position = 'static';
    });
    shot += 1;
    await town.locator('[data-list="timeline"]').screenshot({
      path: join(ARTIFACTS, `order-journey-${String(shot).padStart(2, '0')}-timeline.png`),
    });

    await townContext.close();
    await countyContext.close();
    await residentContext.close();
  }, 90_000);
});
