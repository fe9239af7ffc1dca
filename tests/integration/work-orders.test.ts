import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorBody, OrderPage, WorkOrder, WorkOrderDetail } from '#contracts';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  HONGFENG,
  HUILONG,
  ZAOYUAN,
  api,
  login,
  onlyCase,
  postAt,
  redReport,
} from '../helpers/cases.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const HOUR = 3600_000;
/** A smallest valid PNG (1×1). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const POTHOLE = '村口到三组的路上有个大坑，下雨就积水，骑车的老是摔，麻烦修一下';

async function orderOf(s: TestServer, token: string, text: string): Promise<WorkOrder> {
  for (let i = 0; i < 100; i++) {
    const page = await api<OrderPage>(
      s.url,
      token,
      'GET',
      `/api/v1/work-orders?q=${encodeURIComponent(text.slice(0, 8))}`,
    );
    const found = page.body.items?.find((o) => o.text === text);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no order for ${text}`);
}

async function act(
  s: TestServer,
  token: string,
  id: string,
  action: string,
  body: unknown = {},
): Promise<{ status: number; body: WorkOrderDetail & ErrorBody }> {
  return api<WorkOrderDetail & ErrorBody>(
    s.url,
    token,
    'POST',
    `/api/v1/work-orders/${id}/${action}`,
    body,
  );
}

describe('work orders: every report one, carried to 办结', () => {
  it('a blue report goes to its village; sign, 督办, handle with a photo, answer, unsatisfied, again, satisfied', async () => {
    server = await startServer();
    const s = server;
    await postAt(s, Date.now(), [
      { regionCode: ZAOYUAN, text: POTHOLE, category: 'infrastructure' },
    ]);
    const village = await login(s.url, 'village-zaoyuan');
    const neighbour = await login(s.url, 'village-hongfeng');
    const town = await login(s.url, 'town-huilong');
    const county = await login(s.url, 'county-zhang');

    const o = await orderOf(s, village, POTHOLE);
    expect(o).toMatchObject({
      status: 'dispatched',
      level: 'blue',
      unit: 'village',
      unitCode: ZAOYUAN,
    });
    expect(o.number).toMatch(/^G\d{10}$/);
    expect(o.signDueAt).toBeGreaterThan(o.openedAt);

    // Scope and units: the neighbouring village cannot see it; the town cannot sign for the village.
    expect((await act(s, neighbour, o.id, 'sign')).status).toBe(403);
    const townSign = await act(s, town, o.id, 'sign');
    expect(townSign.status).toBe(403);
    expect(townSign.body.message).toContain('村（社区）');
    const queue = await api<OrderPage>(s.url, village, 'GET', '/api/v1/work-orders?tab=todo');
    expect(queue.body.items.map((x) => x.id)).toContain(o.id);
    expect(queue.body.counts.todo).toBeGreaterThanOrEqual(1);
    const theirs = await api<OrderPage>(s.url, neighbour, 'GET', '/api/v1/work-orders');
    expect(theirs.body.items.map((x) => x.id)).not.toContain(o.id);

    let d = await act(s, village, o.id, 'sign', { note: '收到' });
    expect(d.status).toBe(200);
    expect(d.body.order.status).toBe('signed');
    expect(d.body.allowed).toEqual(
      expect.arrayContaining(['handle', 'answer', 'return', 'reportUp']),
    );
    // 签收 twice is a wrong step, in Chinese.
    const again = await act(s, village, o.id, 'sign');
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('已签收');

    d = await act(s, town, o.id, 'supervise', { note: '请三天内修好', hours: 72 });
    expect(d.body.order.supervision).toMatchObject({ by: expect.any(String), unit: 'town' });
    const supervised = await api<OrderPage>(
      s.url,
      village,
      'GET',
      '/api/v1/work-orders?tab=supervised',
    );
    expect(supervised.body.items.map((x) => x.id)).toContain(o.id);

    expect((await act(s, village, o.id, 'handle')).body.order.status).toBe('handling');
    const upload = await fetch(`${s.url}/api/v1/work-orders/${o.id}/attachments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${village}`,
        'content-type': 'image/png',
        'x-file-name': encodeURIComponent('修好的路面.png'),
      },
      body: PNG,
    });
    expect(upload.status).toBe(201);
    const withPhoto = (await upload.json()) as WorkOrderDetail;
    const photo = withPhoto.attachments[0];
    expect(photo).toMatchObject({
      name: '修好的路面.png',
      mediaType: 'image/png',
      bytes: PNG.length,
    });
    const file = await fetch(`${s.url}${photo?.url}`, {
      headers: { authorization: `Bearer ${town}` },
    });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
    const notMine = await fetch(`${s.url}${photo?.url}`, {
      headers: { authorization: `Bearer ${neighbour}` },
    });
    expect(notMine.status).toBe(403);
    // A file that says it is a photo but is not.
    const fake = await fetch(`${s.url}/api/v1/work-orders/${o.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${village}`, 'content-type': 'image/jpeg' },
      body: Buffer.from('<script>alert(1)</script>'),
    });
    expect(fake.status).toBe(400);
    const html = await fetch(`${s.url}/api/v1/work-orders/${o.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${village}`, 'content-type': 'text/html' },
      body: '<b>x</b>',
    });
    expect(html.status).toBe(415);

    d = await act(s, village, o.id, 'answer', { text: '已安排填平，今天完工' });
    expect(d.body.order).toMatchObject({ status: 'answered', supervision: null });
    expect(d.body.order.answer?.text).toBe('已安排填平，今天完工');
    // The village that answered does not follow itself up; the town does.
    expect((await act(s, village, o.id, 'visit', { satisfaction: 'satisfied' })).status).toBe(403);
    d = await act(s, town, o.id, 'visit', { satisfaction: 'unsatisfied', note: '坑还在' });
    expect(d.body.order).toMatchObject({ status: 'reopened', reopenCount: 1 });
    expect(d.body.order.answerDueAt).not.toBeNull();

    await act(s, village, o.id, 'answer', { text: '重新铺了水泥' });
    d = await act(s, county, o.id, 'visit', { satisfaction: 'satisfied' });
    expect(d.body.order).toMatchObject({ status: 'closed', visit: { satisfaction: 'satisfied' } });
    expect(d.body.order.closedAt).not.toBeNull();

    const actions = d.body.events.map((e) => e.action);
    expect(actions).toEqual([
      'register',
      'dispatch',
      'sign',
      'supervise',
      'handle',
      'attach',
      'answer',
      'visit',
      'answer',
      'visit',
    ]);
    // People's steps are kept with who and from where; the system's with neither.
    const people = d.body.events.filter((e) => e.actor.id !== null);
    expect(people.every((e) => e.address !== null && e.address.length > 0)).toBe(true);
    expect(d.body.events[0]?.address).toBeNull();
    const closed = await api<OrderPage>(s.url, village, 'GET', '/api/v1/work-orders?tab=closed');
    expect(closed.body.items.map((x) => x.id)).toContain(o.id);
  });

  it('an overdue step escalates by itself, once, to the unit above with its times', async () => {
    let now = Date.now();
    server = await startServer({ clock: () => now });
    const s = server;
    await postAt(s, now, [{ regionCode: HONGFENG, text: POTHOLE, category: 'infrastructure' }]);
    const town = await login(s.url, 'town-huilong');
    const o = await orderOf(s, town, POTHOLE);
    expect(o.unit).toBe('village');

    now += 25 * HOUR; // the village's 24 h to sign have passed
    expect(s.app.workflow.orders.sweep.sweep(now)).toBe(1);
    expect(s.app.workflow.orders.sweep.sweep(now)).toBe(0);
    const d = await api<WorkOrderDetail>(s.url, town, 'GET', `/api/v1/work-orders/${o.id}`);
    expect(d.body.order).toMatchObject({
      status: 'dispatched',
      unit: 'town',
      unitCode: HUILONG,
      escalations: 1,
      // It ran late: it stays in the 超时 tab of those above while it is open.
      overdueSince: now,
    });
    expect(d.body.order.signDueAt).toBe(now + 2 * HOUR);
    expect(d.body.events.slice(-2).map((e) => e.action)).toEqual(['overdue', 'escalate']);
    expect(d.body.allowed).toContain('sign');
    const todo = await api<OrderPage>(s.url, town, 'GET', '/api/v1/work-orders?tab=todo');
    expect(todo.body.items.map((x) => x.id)).toContain(o.id);
    const county = await login(s.url, 'county-zhang');
    const late = await api<OrderPage>(s.url, county, 'GET', '/api/v1/work-orders?tab=overdue');
    expect(late.body.items.map((x) => x.id)).toContain(o.id);
    // The town's own deadline fires again, once: the order goes on to the county.
    now += 3 * HOUR;
    expect(s.app.workflow.orders.sweep.sweep(now)).toBe(1);
    expect(s.app.workflow.orders.sweep.sweep(now)).toBe(0);
    const atCounty = await api<WorkOrderDetail>(
      s.url,
      county,
      'GET',
      `/api/v1/work-orders/${o.id}`,
    );
    expect(atCounty.body.order).toMatchObject({ unit: 'county', escalations: 2 });
  });

  it('a repeat appeal joins its order; an unplaced report waits for the dispatcher, who may have it back', async () => {
    server = await startServer();
    const s = server;
    const phone = { reporter: { phone: '13800001111' } };
    await postAt(s, Date.now(), [{ regionCode: ZAOYUAN, text: POTHOLE, ...phone }]);
    const county = await login(s.url, 'county-zhang');
    const first = await orderOf(s, county, POTHOLE);
    await postAt(s, Date.now(), [{ regionCode: ZAOYUAN, text: POTHOLE, ...phone }]);
    let joined: WorkOrderDetail | undefined;
    for (let i = 0; i < 100 && (joined?.order.reportIds.length ?? 0) < 2; i++) {
      joined = (await api<WorkOrderDetail>(s.url, county, 'GET', `/api/v1/work-orders/${first.id}`))
        .body;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(joined?.order.reportIds).toHaveLength(2);
    expect(joined?.events.at(-1)?.action).toBe('join');

    const unplaced = '我家门口的下水道堵了好几天，臭得很，不知道该找谁';
    // Known only to the town: a village's work waits for the dispatcher to place it.
    await postAt(s, Date.now(), [{ regionCode: HUILONG, text: unplaced }]);
    const o = await orderOf(s, county, unplaced);
    expect(o).toMatchObject({ status: 'registered', unit: 'county' });
    const waiting = await api<OrderPage>(s.url, county, 'GET', '/api/v1/work-orders?tab=dispatch');
    expect(waiting.body.items.map((x) => x.id)).toContain(o.id);
    const village = await login(s.url, 'village-zaoyuan');
    expect((await act(s, village, o.id, 'dispatch', { unitCode: ZAOYUAN })).status).toBe(403);
    let d = await act(s, county, o.id, 'dispatch', { unitCode: ZAOYUAN, note: '按地址属枣园村' });
    expect(d.body.order).toMatchObject({
      status: 'dispatched',
      unit: 'village',
      unitCode: ZAOYUAN,
    });
    d = await act(s, village, o.id, 'return', { reason: '地址不在本村' });
    expect(d.body.order).toMatchObject({ status: 'returned', unit: 'county' });
    d = await act(s, county, o.id, 'transfer', { unitCode: HUILONG, reason: '请镇上核实' });
    expect(d.body.order).toMatchObject({ status: 'dispatched', unit: 'town', unitCode: HUILONG });
    const bad = await act(s, county, o.id, 'transfer', { unitCode: '611025999999', reason: 'x' });
    expect(bad.status).toBe(400);
  });

  it('the queue pages with a cursor, filters by words, colour and region, and refuses a foreign region', async () => {
    server = await startServer();
    const s = server;
    const texts = Array.from(
      { length: 5 },
      (_, i) => `三组${i + 1}号路灯坏了，晚上看不见路，麻烦换个灯泡`,
    );
    await postAt(
      s,
      Date.now(),
      texts.map((text) => ({ regionCode: ZAOYUAN, text })),
    );
    const village = await login(s.url, 'village-zaoyuan');
    await orderOf(s, village, texts[4] as string);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/v1/work-orders?q=${encodeURIComponent('路灯 灯泡')}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api<OrderPage>(s.url, village, 'GET', path);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((x) => x.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const none = await api<OrderPage>(s.url, village, 'GET', '/api/v1/work-orders?level=red');
    expect(none.body.items).toEqual([]);
    const foreign = await api<ErrorBody>(
      s.url,
      village,
      'GET',
      `/api/v1/work-orders?regionCode=${HONGFENG}`,
    );
    expect(foreign.status).toBe(403);
    const bad = await api<ErrorBody>(s.url, village, 'GET', '/api/v1/work-orders?tab=mine');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('tab');
    expect((await api(s.url, null, 'GET', '/api/v1/work-orders')).status).toBe(401);
  });

  it('a red report goes to the county under its red alert case; the case lists it', async () => {
    server = await startServer();
    const s = server;
    const red = redReport(ZAOYUAN);
    await postAt(s, Date.now(), [red]);
    const county = await login(s.url, 'county-zhang');
    const o = await orderOf(s, county, red.text as string);
    const c = onlyCase(s, ZAOYUAN);
    expect(c.level).toBe('red');
    expect(o).toMatchObject({ level: 'red', unit: 'county', caseId: c.id });
    const gathered = await api<OrderPage>(
      s.url,
      county,
      'GET',
      `/api/v1/work-orders?caseId=${c.id}`,
    );
    expect(gathered.body.items.map((x) => x.id)).toEqual([o.id]);
    // Answering the order does not touch the case.
    expect((await act(s, county, o.id, 'sign')).status).toBe(200);
    const d = await act(s, county, o.id, 'answer', { text: '已到场处置，人员已疏散' });
    expect(d.body.order.status).toBe('answered');
    const after = await api<{ case: { status: string } }>(
      s.url,
      county,
      'GET',
      `/api/v1/cases/${c.id}`,
    );
    expect(after.status, JSON.stringify(after.body)).toBe(200);
    expect(after.body.case.status).toBe('open');
  });

  it('a restart opens the orders a crash left out, and never one twice', async () => {
    server = await startServer();
    const texts = ['二组水井抽不上水了，几户人家没水吃', '村部门口的路灯一直不亮'];
    await postAt(
      server,
      Date.now(),
      texts.map((text) => ({ regionCode: ZAOYUAN, text })),
    );
    const county = await login(server.url, 'county-zhang');
    await orderOf(server, county, texts[1] as string);
    await server.stop();
    // As if the process died between the reports' 2xx and their orders.
    for (const f of ['orders.db', 'orders.db-wal', 'orders.db-shm']) {
      rmSync(join(server.dataDir, f), { force: true });
    }
    server = await startServer({ dataDir: server.dataDir, configDir: server.configDir });
    const again = await login(server.url, 'county-zhang');
    for (const text of texts) await orderOf(server, again, text);
    await server.stop();
    server = await startServer({ dataDir: server.dataDir, configDir: server.configDir });
    const third = await login(server.url, 'county-zhang');
    const all = await api<OrderPage>(server.url, third, 'GET', '/api/v1/work-orders?limit=200');
    expect(all.body.items).toHaveLength(2);
  });

  it('a repeat storm joins one order, which carries its count and its first 100 reports', async () => {
    server = await startServer();
    const phone = { reporter: { phone: '13900002222' } };
    const text = '三组停电一整天了，冰箱里的东西都坏了';
    await postAt(server, Date.now(), [{ regionCode: ZAOYUAN, text, ...phone }]);
    const county = await login(server.url, 'county-zhang');
    const first = await orderOf(server, county, text);
    for (let round = 0; round < 3; round++) {
      const calls = Array.from({ length: 40 }, (_, i) => ({
        regionCode: ZAOYUAN,
        text: `${text}（第${round * 40 + i + 2}次来电）`,
        ...phone,
      }));
      await postAt(server, Date.now(), calls);
    }
    let order: WorkOrder | undefined;
    for (let i = 0; i < 100 && (order?.reportCount ?? 0) < 121; i++) {
      order = (
        await api<WorkOrderDetail>(server.url, county, 'GET', `/api/v1/work-orders/${first.id}`)
      ).body.order;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(order?.reportCount).toBe(121);
    expect(order?.reportIds).toHaveLength(100);
    const all = await api<OrderPage>(server.url, county, 'GET', '/api/v1/work-orders?limit=200');
    expect(all.body.items).toHaveLength(1);
  });

  it('the policy file may send a category to a higher level whatever its colour', async () => {
    server = await startServer();
    const file = join(server.configDir, 'policy.json');
    const policy = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...policy, categoryUnits: { security: 'town' } }));
    await server.stop();
    server = await startServer({ dataDir: server.dataDir, configDir: server.configDir });
    const text = '村里晚上老有人偷电动车电瓶，大家都不放心';
    await postAt(server, Date.now(), [{ regionCode: ZAOYUAN, text, category: 'security' }]);
    const county = await login(server.url, 'county-zhang');
    const o = await orderOf(server, county, text);
    expect(o).toMatchObject({ category: 'security', unit: 'town', unitCode: HUILONG });
    expect(o.level === 'blue' || o.level === 'none' || o.level === 'orange').toBe(true);
  });

  it('上报 hands a signed order to the unit one level up, which must sign for it again', async () => {
    server = await startServer();
    const text = '三组村道边的路灯坏了两盏，晚上走路看不见，麻烦修一下';
    await postAt(server, Date.now(), [{ regionCode: ZAOYUAN, text, category: 'infrastructure' }]);
    const village = await login(server.url, 'village-zaoyuan');
    const o = await orderOf(server, village, text);
    expect(o.unit).toBe('village');
    expect((await act(server, village, o.id, 'sign')).status).toBe(200);
    const d = await act(server, village, o.id, 'report-up', { reason: '需要镇上协调地质部门' });
    expect(d.body.order).toMatchObject({
      status: 'dispatched',
      unit: 'town',
      unitCode: HUILONG,
      escalations: 1,
    });
    expect(d.body.events.at(-1)).toMatchObject({
      action: 'reportUp',
      note: '需要镇上协调地质部门',
      data: { fromUnit: 'village', unit: 'town', unitCode: HUILONG },
    });
  });
});
