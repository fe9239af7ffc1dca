/** How reports become orders: repeats join, unplaced ones wait, red ones sit under their case,
 * a restart reopens what a crash lost, and the policy file may place a category. */
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderPage, WorkOrder, WorkOrderDetail } from '#contracts';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HUILONG, ZAOYUAN, api, login, onlyCase, postAt, redReport } from '../helpers/cases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { POTHOLE, act, orderOf } from '../helpers/work-orders.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('work orders: every report one, carried to 办结', () => {
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
});
