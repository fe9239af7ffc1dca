import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Case, CaseDetail, ErrorBody } from '#contracts';
import {
  HUILONG,
  ZAOYUAN,
  api,
  caseDetail,
  login,
  onlyCase,
  postAt,
  redReport,
  surge,
} from '../helpers/cases.js';
import { startServer, type TestServer } from '../helpers/server.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const COUNTY = '611025';

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The Chinese half of a "中文 / English" message. */
const chinese = (message: string) => message.split(' / ')[0];

/** An actor on one case: POST /api/v1/cases/{id}/<action> with their token. */
function actor(s: TestServer, token: string, caseId: string) {
  return (action: string, body: unknown = {}) =>
    api<{ case: Case } & ErrorBody>(
      s.url,
      token,
      'POST',
      `/api/v1/cases/${caseId}/${action}`,
      body,
    );
}

/** POST from a chosen loopback address (all of 127/8 reaches the server) with a user agent. */
function postFrom(
  url: string,
  localAddress: string,
  token: string,
  path: string,
  body: unknown,
  userAgent: string,
): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: hostname,
        port,
        path,
        method: 'POST',
        localAddress,
        agent: false,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'user-agent': userAgent,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('roles by unit and level', () => {
  it('a village cadre cannot take a county red case through any step; the county can', async () => {
    const now = Date.parse('2026-11-22T10:00:00+08:00');
    server = await startServer({ clock: () => now });
    await postAt(server, now, [redReport(ZAOYUAN)]);
    const c = onlyCase(server, ZAOYUAN);
    expect(c).toMatchObject({ level: 'red', unit: 'county', unitCode: COUNTY });
    const villageToken = await login(server.url, 'village-zaoyuan');
    const village = actor(server, villageToken, c.id);
    const staff = actor(server, await login(server.url, 'staff-zaoyuan-1'), c.id);
    const town = actor(server, await login(server.url, 'town-huilong'), c.id);
    const countyToken = await login(server.url, 'county-zhang');
    const county = actor(server, countyToken, c.id);

    // The village sees the case in its region but may do nothing to it.
    const seen = await caseDetail(server, villageToken, c.id);
    expect(seen.allowedActions).toEqual([]);
    expect((await caseDetail(server, countyToken, c.id)).allowedActions).toEqual(
      expect.arrayContaining(['acknowledge', 'comment', 'attach']),
    );

    const ack = await village('acknowledge');
    expect(ack.status).toBe(403);
    expect(ack.body.error).toBe('wrong_unit');
    expect(chinese(ack.body.message)).toBe('该工单由县级（镇安县）办理，村级干部不能签收');
    expect((await town('acknowledge')).status).toBe(403);
    expect((await county('acknowledge')).status).toBe(200);

    expect((await village('start')).status).toBe(403);
    expect((await staff('start')).status).toBe(403);
    expect((await county('start')).status).toBe(200);

    const resolve = await village('resolve', { note: '已处理' });
    expect(resolve.status).toBe(403);
    expect(chinese(resolve.body.message)).toBe('该工单由县级（镇安县）办理，村级干部不能办结');
    expect((await town('resolve', { note: '已处理' })).status).toBe(403);
    expect((await village('comments', { text: '村里已到场' })).status).toBe(403);
    expect((await village('take-over', { reason: '村里办' })).status).toBe(403);
    expect((await county('resolve', { note: '已劝离，工程款协调会明日召开' })).status).toBe(200);

    const followUp = await village('follow-up', { satisfaction: 'satisfied' });
    expect(followUp.status).toBe(403);
    expect(chinese(followUp.body.message)).toBe('该工单由县级（镇安县）办理，村级干部不能回访');
    expect((await county('follow-up', { satisfaction: 'satisfied' })).status).toBe(200);
    const close = await village('close', { note: '结案' });
    expect(close.status).toBe(403);
    expect(chinese(close.body.message)).toBe('该工单由县级（镇安县）办理，村级干部不能结案');
    expect((await county('close', { note: '核查结案' })).body.case.status).toBe('closed');

    const detail = await caseDetail(server, countyToken, c.id);
    expect(detail.events.map((e) => `${e.action}:${e.actor.id ?? 'system'}`)).toEqual([
      'open:system',
      'acknowledge:county-zhang',
      'start:county-zhang',
      'resolve:county-zhang',
      'followUp:county-zhang',
      'close:county-zhang',
    ]);
  });

  it('a town leader cannot verify or close a case escalated from the town to the county', async () => {
    let now = Date.parse('2026-11-22T09:00:00+08:00');
    server = await startServer({ clock: () => now });
    await postAt(server, now, surge(ZAOYUAN, 10));
    const c = onlyCase(server, ZAOYUAN);
    expect(c).toMatchObject({ level: 'orange', unit: 'town', unitCode: HUILONG });
    const townToken = await login(server.url, 'town-huilong');
    const town = actor(server, townToken, c.id);
    const county = actor(server, await login(server.url, 'county-zhang'), c.id);

    // The town lets it lapse: not 签收 within 2 h → the county's.
    now += 2 * HOUR + 1000;
    expect(server.app.cases.sweep.sweep(now)).toMatchObject({ escalated: 1 });
    expect(server.app.cases.repo.get(c.id)).toMatchObject({ unit: 'county', unitCode: COUNTY });

    // The lapsed unit can no longer handle it either.
    const late = await town('acknowledge');
    expect(late.status).toBe(403);
    expect(chinese(late.body.message)).toBe('该工单由县级（镇安县）办理，镇级领导不能签收');
    expect((await county('acknowledge')).status).toBe(200);
    expect((await county('resolve', { note: '县交通局已修复' })).status).toBe(200);

    const followUp = await town('follow-up', { satisfaction: 'satisfied' });
    expect(followUp.status).toBe(403);
    expect(followUp.body.error).toBe('wrong_unit');
    expect(chinese(followUp.body.message)).toBe('该工单由县级（镇安县）办理，镇级领导不能回访');
    expect((await county('follow-up', { satisfaction: 'satisfied' })).status).toBe(200);

    const close = await town('close', { note: '本镇结案' });
    expect(close.status).toBe(403);
    expect(chinese(close.body.message)).toBe('该工单由县级（镇安县）办理，镇级领导不能结案');
    expect((await caseDetail(server, townToken, c.id)).allowedActions).toEqual([]);
    expect((await county('close', { note: '核查结案' })).body.case.status).toBe('closed');
  });

  it('a county leader takes a town case over explicitly, then handles it; the town no longer can', async () => {
    let now = Date.parse('2026-11-22T09:00:00+08:00');
    server = await startServer({ clock: () => now });
    await postAt(server, now, surge(ZAOYUAN, 10));
    const c = onlyCase(server, ZAOYUAN);
    expect(c).toMatchObject({ level: 'orange', unit: 'town', unitCode: HUILONG, status: 'open' });
    const countyToken = await login(server.url, 'county-zhang');
    const county = actor(server, countyToken, c.id);
    const town = actor(server, await login(server.url, 'town-huilong'), c.id);
    const village = actor(server, await login(server.url, 'village-zaoyuan'), c.id);

    // Above the case's unit: it may see, note and take over, but not handle before taking over.
    const allowed = (await caseDetail(server, countyToken, c.id)).allowedActions;
    expect(allowed).toContain('takeOver');
    expect(allowed).toContain('comment');
    expect(allowed).not.toContain('acknowledge');
    const early = await county('acknowledge');
    expect(early.status).toBe(403);
    expect(early.body.error).toBe('take_over_first');
    expect(chinese(early.body.message)).toBe(
      '该工单由镇级（回龙镇）办理，县级领导须先接管才能签收',
    );
    expect((await county('comments', { text: '县里关注，请加快' })).status).toBe(200);

    // Only a level above may take over, and only with a reason.
    expect((await town('take-over', { reason: '本镇办' })).status).toBe(403);
    expect((await village('take-over', { reason: '村里办' })).status).toBe(403);
    expect((await county('take-over', {})).status).toBe(400);

    now += 10 * MIN;
    const taken = await county('take-over', { reason: '涉及县道，县交通局直接处置' });
    expect(taken.status).toBe(200);
    expect(taken.body.case).toMatchObject({
      unit: 'county',
      unitCode: COUNTY,
      status: 'open',
      assigneeId: null,
    });
    // The county's own time to 签收 (15 min) now runs, as it is shorter than the town's.
    expect(taken.body.case.ackDueAt).toBe(now + 15 * MIN);

    const told = server.app.notify.notices
      .forCase(c.id)
      .filter((n) => n.kind === 'escalated')
      .map((n) => n.userId)
      .sort();
    expect(told).toEqual(['county-li', 'county-zhang', 'town-huilong']);
    expect(
      server.app.notify.notices
        .forCase(c.id)
        .find((n) => n.userId === 'town-huilong' && n.kind === 'escalated')?.body,
    ).toContain('县级领导张建国已接管');

    // Now the county handles it, and the town may not.
    expect((await town('acknowledge')).status).toBe(403);
    expect((await county('acknowledge')).status).toBe(200);
    expect((await county('start')).status).toBe(200);
    expect((await town('resolve', { note: '镇里修好了' })).status).toBe(403);
    expect((await county('resolve', { note: '县交通局已修复' })).body.case.status).toBe('resolved');
    expect((await county('take-over', { reason: '再接一次' })).status).toBe(403);

    const detail = await caseDetail(server, countyToken, c.id);
    const takeOver = detail.events.find((e) => e.action === 'takeOver');
    expect(takeOver).toMatchObject({
      actor: { id: 'county-zhang', name: '张建国' },
      from: 'open',
      to: 'open',
      note: '涉及县道，县交通局直接处置',
      data: { fromUnit: 'town', toUnit: 'county', fromCode: HUILONG, toCode: COUNTY },
      address: '127.0.0.1',
    });
  });

  it('a town takes over a village case; its own service team may then handle it', async () => {
    const now = Date.parse('2026-11-22T09:00:00+08:00');
    server = await startServer({ clock: () => now });
    await postAt(server, now, surge(ZAOYUAN, 5));
    const c = onlyCase(server, ZAOYUAN);
    expect(c).toMatchObject({ unit: 'village', assigneeId: 'staff-zaoyuan-1' });
    const town = actor(server, await login(server.url, 'town-huilong'), c.id);
    const townStaff = actor(server, await login(server.url, 'staff-huilong-1'), c.id);
    const villageStaff = actor(server, await login(server.url, 'staff-zaoyuan-1'), c.id);

    // Town staff are above the village: neither handling nor taking over is theirs.
    const notYet = await townStaff('acknowledge');
    expect(notYet.status).toBe(403);
    expect(notYet.body.error).toBe('wrong_unit');
    expect((await townStaff('take-over', { reason: '镇里办' })).status).toBe(403);

    const taken = await town('take-over', { reason: '多村同类问题，镇里统一处置' });
    expect(taken.body.case).toMatchObject({ unit: 'town', unitCode: HUILONG, assigneeId: null });
    expect((await villageStaff('acknowledge')).status).toBe(403);
    expect((await town('assign', { userId: 'staff-zaoyuan-1' })).status).toBe(400);
    expect((await town('assign', { userId: 'staff-huilong-1' })).status).toBe(200);
    expect((await townStaff('acknowledge')).status).toBe(200);
    expect((await townStaff('resolve', { note: '镇服务队已修复' })).status).toBe(200);
  });
});

describe('the audit says where every step came from', () => {
  it('records the address and user agent of each person’s step; the system’s have none', async () => {
    let now = Date.parse('2026-11-22T09:00:00+08:00');
    server = await startServer({ clock: () => now });
    await postAt(server, now, surge(ZAOYUAN, 5));
    const c = onlyCase(server, ZAOYUAN);
    const url = server.url;
    const village = await login(url, 'village-zaoyuan');
    const town = await login(url, 'town-huilong');
    const county = await login(url, 'county-zhang');
    const path = (action: string) => `/api/v1/cases/${c.id}/${action}`;
    const steps: Array<[string, string, string, unknown]> = [
      [village, '127.0.0.5', 'comments', { text: '已电话联系反映人' }],
      [village, '127.0.0.5', 'attachments', { name: '现场.jpg', url: 'https://f.example/1.jpg' }],
      [village, '127.0.0.5', 'acknowledge', {}],
      [village, '127.0.0.5', 'escalate', { reason: '需要镇里协调' }],
      [town, '127.0.0.6', 'acknowledge', {}],
      [town, '127.0.0.6', 'assign', { userId: 'staff-huilong-1' }],
      [county, '127.0.0.7', 'take-over', { reason: '县里直接处置' }],
      [county, '127.0.0.7', 'start', {}],
      [county, '127.0.0.7', 'resolve', { note: '已修复' }],
      [county, '127.0.0.7', 'follow-up', { satisfaction: 'unsatisfied', note: '没修好' }],
      [county, '127.0.0.7', 'resolve', { note: '全段修复' }],
      [county, '127.0.0.7', 'follow-up', { satisfaction: 'satisfied' }],
      [county, '127.0.0.7', 'close', { note: '核查结案' }],
    ];
    for (const [token, from, action, body] of steps) {
      now += MIN;
      const status = await postFrom(url, from, token, path(action), body, `phone/${from}`);
      expect(status, `${action} from ${from}`).toBe(200);
    }
    const detail = (await api<CaseDetail>(url, county, 'GET', `/api/v1/cases/${c.id}`)).body;
    const events = await api<{ events: CaseDetail['events'] }>(
      url,
      county,
      'GET',
      `/api/v1/cases/${c.id}/events`,
    );
    expect(events.body.events).toEqual(detail.events);
    expect(detail.events.map((e) => [e.action, e.actor.id, e.address, e.userAgent])).toEqual([
      ['open', null, null, null],
      ['comment', 'village-zaoyuan', '127.0.0.5', 'phone/127.0.0.5'],
      ['attach', 'village-zaoyuan', '127.0.0.5', 'phone/127.0.0.5'],
      ['acknowledge', 'village-zaoyuan', '127.0.0.5', 'phone/127.0.0.5'],
      ['escalate', 'village-zaoyuan', '127.0.0.5', 'phone/127.0.0.5'],
      ['acknowledge', 'town-huilong', '127.0.0.6', 'phone/127.0.0.6'],
      ['assign', 'town-huilong', '127.0.0.6', 'phone/127.0.0.6'],
      ['takeOver', 'county-zhang', '127.0.0.7', 'phone/127.0.0.7'],
      ['start', 'county-zhang', '127.0.0.7', 'phone/127.0.0.7'],
      ['resolve', 'county-zhang', '127.0.0.7', 'phone/127.0.0.7'],
      ['followUp', 'county-zhang', '127.0.0.7', 'phone/127.0.0.7'],
      ['reopen', 'county-zhang', '127.0.0.7', 'phone/127.0.0.7'],
      ['resolve', 'county-zhang', '127.0.0.7', 'phone/127.0.0.7'],
      ['followUp', 'county-zhang', '127.0.0.7', 'phone/127.0.0.7'],
      ['close', 'county-zhang', '127.0.0.7', 'phone/127.0.0.7'],
    ]);
  });

  it('the system’s own steps (sweep escalation, overdue) carry no address', async () => {
    let now = Date.parse('2026-11-22T10:00:00+08:00');
    server = await startServer({ clock: () => now });
    await postAt(server, now, [redReport(ZAOYUAN)]);
    const c = onlyCase(server, ZAOYUAN);
    now += 16 * MIN;
    expect(server.app.cases.sweep.sweep(now)).toMatchObject({ overdue: 1 });
    const detail = await caseDetail(server, await login(server.url, 'county-zhang'), c.id);
    expect(detail.events.map((e) => [e.action, e.address, e.userAgent])).toEqual([
      ['open', null, null],
      ['overdue', null, null],
    ]);
  });
});
