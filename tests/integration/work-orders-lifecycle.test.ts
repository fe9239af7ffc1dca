/** An order's life once it is placed: the steps to 办结, escalation when late, and 上报. */
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderPage, WorkOrderDetail } from '#contracts';
import { HONGFENG, HUILONG, ZAOYUAN, api, login, postAt } from '../helpers/cases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { POTHOLE, act, orderOf } from '../helpers/work-orders.js';

const HOUR = 3600_000;
/** A smallest valid PNG (1×1). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

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
