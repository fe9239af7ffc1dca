import { afterEach, describe, expect, it } from 'vitest';
import type { Case, CaseAcknowledged } from '#contracts';
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
import { connectWall, startServer, waitForEvent, type TestServer } from '../helpers/server.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function noticesFor(s: TestServer, caseId: string) {
  return s.app.notify.notices.forCase(caseId);
}

describe('cases and escalation (injected clock)', () => {
  it('a red alert opens a county case; no 签收 within 15 min → overdue record and leaders told again', async () => {
    let now = Date.parse('2026-11-22T10:00:00+08:00');
    server = await startServer({ clock: () => now });
    await postAt(server, now, [redReport(ZAOYUAN)]);
    const c = onlyCase(server, ZAOYUAN);
    expect(c).toMatchObject({ level: 'red', status: 'open', unit: 'county', unitCode: '611025' });
    expect(c.ackDueAt).toBe(now + 15 * MIN);
    const opened = noticesFor(server, c.id);
    // Both county leaders (county-li also 包保 回龙镇).
    expect(opened.map((n) => n.userId).sort()).toEqual(['county-li', 'county-zhang']);
    expect(opened.every((n) => n.kind === 'opened' && n.status === 'sent')).toBe(true);

    now += 14 * MIN;
    expect(server.app.cases.sweep.sweep(now)).toEqual({ escalated: 0, supervised: 0, overdue: 0 });
    now += MIN + 1000;
    expect(server.app.cases.sweep.sweep(now)).toMatchObject({ overdue: 1 });
    expect(server.app.cases.sweep.sweep(now + 1000)).toEqual({
      escalated: 0,
      supervised: 0,
      overdue: 0,
    });

    const token = await login(server.url, 'county-zhang');
    const detail = await caseDetail(server, token, c.id);
    expect(detail.events.map((e) => e.action)).toEqual(['open', 'overdue']);
    expect(detail.events[1]).toMatchObject({ actor: { id: null }, note: '县超时未签收' });
    const overdue = noticesFor(server, c.id).filter((n) => n.kind === 'overdue');
    expect(overdue.map((n) => n.userId).sort()).toEqual(['county-li', 'county-zhang']);
  });

  it('签收 in time stops the countdown and tells every wall', async () => {
    let now = Date.parse('2026-11-22T10:00:00+08:00');
    server = await startServer({ clock: () => now });
    const wall = connectWall(server.url);
    await waitForEvent(wall, 'snapshot');
    await postAt(server, now, [redReport(ZAOYUAN)]);
    const c = onlyCase(server, ZAOYUAN);
    now += 5 * MIN;
    const token = await login(server.url, 'county-zhang');
    const acked = waitForEvent(
      wall,
      'case:acknowledged',
      (a: CaseAcknowledged) => a.caseId === c.id,
    );
    const res = await api<{ case: Case }>(
      server.url,
      token,
      'POST',
      `/api/v1/cases/${c.id}/acknowledge`,
      {
        note: '已安排县信访局赶赴现场',
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.case).toMatchObject({
      status: 'acknowledged',
      ackDueAt: null,
      acknowledgedBy: '张建国',
    });
    expect(await acked).toMatchObject({ alertId: c.alertId, level: 'red', by: '张建国' });
    wall.close();

    now += 20 * MIN;
    expect(server.app.cases.sweep.sweep(now)).toEqual({ escalated: 0, supervised: 0, overdue: 0 });
    const again = await api(server.url, token, 'POST', `/api/v1/cases/${c.id}/acknowledge`, {});
    expect(again.status).toBe(409);
    const detail = await caseDetail(server, token, c.id);
    expect(detail.events.map((e) => e.action)).toEqual(['open', 'acknowledge']);
    expect(detail.events[1]).toMatchObject({
      actor: { id: 'county-zhang', name: '张建国' },
      from: 'open',
      to: 'acknowledged',
      note: '已安排县信访局赶赴现场',
    });
  });

  it('a blue case left alone climbs village → town → county, each level told', async () => {
    let now = Date.parse('2026-11-22T09:00:00+08:00');
    server = await startServer({ clock: () => now });
    await postAt(server, now, surge(ZAOYUAN, 5));
    const c = onlyCase(server, ZAOYUAN);
    expect(c).toMatchObject({ level: 'blue', unit: 'village', unitCode: ZAOYUAN });
    expect(c.ackDueAt).toBe(now + 24 * HOUR);
    expect(c.assigneeId).toBe('staff-zaoyuan-1'); // the village's service team
    const told = () =>
      noticesFor(server as TestServer, c.id)
        .map((n) => `${n.kind}:${n.userId}`)
        .sort();
    expect(told()).toEqual(['opened:county-li', 'opened:village-zaoyuan']);

    now += 24 * HOUR + 1000;
    expect(server.app.cases.sweep.sweep(now)).toMatchObject({ escalated: 1 });
    let stored = server.app.cases.repo.get(c.id) as Case;
    expect(stored).toMatchObject({
      unit: 'town',
      unitCode: HUILONG,
      status: 'open',
      escalations: 1,
    });
    expect(stored.ackDueAt).toBe(now + 2 * HOUR); // the town's (orange) time
    expect(told()).toContain('escalated:town-huilong');

    now += 2 * HOUR + 1000;
    expect(server.app.cases.sweep.sweep(now)).toMatchObject({ escalated: 1 });
    stored = server.app.cases.repo.get(c.id) as Case;
    expect(stored).toMatchObject({ unit: 'county', unitCode: '611025', escalations: 2 });
    expect(stored.ackDueAt).toBe(now + 15 * MIN);
    expect(told()).toEqual(
      expect.arrayContaining(['escalated:county-zhang', 'escalated:county-li']),
    );

    now += 15 * MIN + 1000;
    expect(server.app.cases.sweep.sweep(now)).toMatchObject({ overdue: 1 });
    const token = await login(server.url, 'county-zhang');
    const detail = await caseDetail(server, token, c.id);
    expect(detail.events.map((e) => e.action)).toEqual(['open', 'escalate', 'escalate', 'overdue']);
    expect(detail.events[1]).toMatchObject({
      note: '村（社区）超时未签收',
      data: { fromUnit: 'village', toUnit: 'town', toCode: HUILONG },
    });
  });

  it('an unresolved case gets a 督办 from the level above, then escalates', async () => {
    let now = Date.parse('2026-11-22T09:00:00+08:00');
    server = await startServer({ clock: () => now });
    await postAt(server, now, surge(ZAOYUAN, 5));
    const c = onlyCase(server, ZAOYUAN);
    const village = await login(server.url, 'village-zaoyuan');
    await api(server.url, village, 'POST', `/api/v1/cases/${c.id}/acknowledge`, {});
    now += 3 * 24 * HOUR + 1000; // blue: resolve within 3 days
    expect(server.app.cases.sweep.sweep(now)).toMatchObject({ supervised: 1 });
    const supervised = server.app.cases.repo.get(c.id) as Case;
    expect(supervised.escalateDueAt).toBe(now + 24 * HOUR);
    const supervisedNotices = noticesFor(server, c.id).filter((n) => n.kind === 'supervised');
    expect(supervisedNotices.map((n) => n.userId).sort()).toEqual(['county-li', 'village-zaoyuan']);
    const notice = supervisedNotices[0];
    expect(notice?.body).toContain('镇（街道）督办');
    now += 24 * HOUR + 1000;
    expect(server.app.cases.sweep.sweep(now)).toMatchObject({ escalated: 1 });
    expect(server.app.cases.repo.get(c.id)).toMatchObject({ unit: 'town', status: 'open' });
  });

  it('resolve → follow-up 不满意 reopens; 满意 then closes', async () => {
    let now = Date.parse('2026-11-22T09:00:00+08:00');
    server = await startServer({ clock: () => now });
    await postAt(server, now, surge(ZAOYUAN, 10));
    const c = onlyCase(server, ZAOYUAN);
    expect(c).toMatchObject({ level: 'orange', unit: 'town', unitCode: HUILONG });
    const town = await login(server.url, 'town-huilong');
    const act = (what: string, body: unknown) =>
      api<{ case: Case }>(server!.url, town, 'POST', `/api/v1/cases/${c.id}/${what}`, body);

    expect((await act('close', {})).status).toBe(409); // not followed up yet
    expect((await act('acknowledge', {})).status).toBe(200);
    expect((await act('start', { note: '镇交通办已派人' })).body.case.status).toBe('inProgress');
    expect((await act('resolve', {})).status).toBe(400); // a note is required
    now += 2 * HOUR;
    expect((await act('resolve', { note: '道路已修复通行' })).body.case.status).toBe('resolved');
    now += HOUR;
    const unhappy = await act('follow-up', { satisfaction: 'unsatisfied', note: '只修了一半' });
    expect(unhappy.body.case).toMatchObject({
      status: 'reopened',
      reopenCount: 1,
      resolvedAt: null,
    });
    expect(unhappy.body.case.resolveDueAt).toBe(now + 7 * 24 * HOUR);
    expect(unhappy.body.case.followUp).toMatchObject({ satisfaction: 'unsatisfied', by: '王志强' });
    expect((await act('resolve', { note: '全段修复' })).body.case.status).toBe('resolved');
    expect((await act('follow-up', { satisfaction: 'satisfied' })).body.case.status).toBe(
      'followedUp',
    );
    expect((await act('close', { note: '核查结案' })).body.case.status).toBe('closed');

    const detail = await caseDetail(server, town, c.id);
    expect(detail.events.map((e) => `${e.action}:${e.from ?? ''}>${e.to ?? ''}`)).toEqual([
      'open:>open',
      'upgrade:open>open', // the 5th report raised blue, the 10th orange: one alert, one case
      'acknowledge:open>acknowledged',
      'start:acknowledged>inProgress',
      'resolve:inProgress>resolved',
      'followUp:resolved>followedUp',
      'reopen:followedUp>reopened',
      'resolve:reopened>resolved',
      'followUp:resolved>followedUp',
      'close:followedUp>closed',
    ]);
    expect(noticesFor(server, c.id).some((n) => n.kind === 'reopened')).toBe(true);
  });

  it('an alert rising to red hands its case to the county, which must 签收 it', async () => {
    let now = Date.parse('2026-11-22T09:00:00+08:00');
    server = await startServer({ clock: () => now });
    await postAt(server, now, surge(ZAOYUAN, 10));
    const c = onlyCase(server, ZAOYUAN);
    const town = await login(server.url, 'town-huilong');
    await api(server.url, town, 'POST', `/api/v1/cases/${c.id}/acknowledge`, {});
    now += 10 * MIN;
    await postAt(server, now, surge(ZAOYUAN, 20)); // 30 in the hour: red
    const red = server.app.cases.repo.get(c.id) as Case;
    expect(red).toMatchObject({
      level: 'red',
      unit: 'county',
      status: 'open',
      acknowledgedBy: null,
    });
    expect(red.ackDueAt).toBe(now + 15 * MIN);
    expect(server.app.cases.awaitingAck()).toContain(c.alertId);
    const upgraded = noticesFor(server, c.id).filter((n) => n.kind === 'upgraded');
    expect(upgraded.map((n) => n.userId)).toEqual(
      expect.arrayContaining(['county-zhang', 'county-li']),
    );
  });

  it('the audit is append-only in the database itself', async () => {
    const now = Date.now();
    server = await startServer({ clock: () => now });
    await postAt(server, now, [redReport(ZAOYUAN)]);
    const db = server.app.workflow.db;
    expect(() => db.prepare(`UPDATE case_events SET note = 'x'`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`DELETE FROM case_events`).run()).toThrow(/append-only/);
  });
});
