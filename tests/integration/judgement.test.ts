import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, Report, ReportView } from '#contracts';
import {
  api,
  connectLeader,
  connected,
  login,
  onlyCase,
  type LeaderSocket,
} from '../helpers/cases.js';
import { post, report, startServer, type TestServer } from '../helpers/server.js';

const VILLAGE = '611025101202'; // 回龙镇·枣园村
const GROUP = '611025101202001';
const OTHER_VILLAGE = '611025102201'; // 铁厂镇·西沟口村

/** Red by what it says, with none of the county's rule keywords (rules.json). */
const RED_WITHOUT_KEYWORDS =
  '隔壁老汉喝醉了拎着菜刀在院子里撵他婆娘，嚷着今天要弄死她，碎娃吓得直哭，快来人';

let server: TestServer | undefined;
let leader: LeaderSocket | undefined;
afterEach(async () => {
  leader?.disconnect();
  leader = undefined;
  await server?.close();
  server = undefined;
});

async function postOne(s: TestServer, fields: Record<string, unknown>): Promise<string> {
  const res = await post(s.url, [report({ category: undefined, ...fields })]);
  expect(res.status).toBe(202);
  return (res.body as { ids: string[] }).ids[0] as string;
}

async function stored(s: TestServer, id: string): Promise<Report> {
  const r = await s.store.get(id);
  if (!r) throw new Error(`report ${id} not stored`);
  return r;
}

describe('the judgement drives the response', () => {
  it('a red report with none of the rule keywords reaches /leader as a red alarm within 1 s', async () => {
    server = await startServer();
    const token = await login(server.url, 'county-zhang');
    leader = connectLeader(server.url, token);
    await connected(leader);
    const alarm = new Promise<{ alert: Alert; at: number }>((resolve) =>
      leader?.on('alert:red', (p) => resolve({ alert: p.alert, at: Date.now() })),
    );
    const sent = Date.now();
    const id = await postOne(server, { regionCode: GROUP, text: RED_WITHOUT_KEYWORDS });
    const { alert, at } = await alarm;
    expect(at - sent).toBeLessThan(1000);
    expect(alert.level).toBe('red');
    expect(alert.ruleId).toBe('judged-red');
    expect(alert.explanation.evidence).toContain(id);

    const r = await stored(server, id);
    expect(r.level).toBe('red');
    expect(r.judgement?.colour).toBe('red');
    expect(r.judgement?.model).toMatch(/\S/);
    expect(r.judgement?.explanation.length).toBeGreaterThan(4);
    expect(r.category).toBe(r.judgement?.category);
    expect(onlyCase(server, GROUP).level).toBe('red');
  });

  it.each([
    ['settled', '去年村里有人持刀斗殴，早就处理完了，现在两家关系很好，想问问调解协议去哪里复印'],
    ['drill', '今天上午镇上在学校组织防汛演练，模拟山体滑坡有人被埋，演练很顺利，学生都撤出来了'],
    ['negated', '刚才听见隔壁吵得凶，过去一看没打起来，也没人受伤，两口子已经和好了'],
    ['elsewhere', '在网上看到外省有人跳楼轻生的新闻，心里难受，我们这里没啥事，就是想说说'],
  ])('a %s text with red keywords stays below red', async (_trap, text) => {
    const s = await startServer();
    server = s;
    const id = await postOne(s, { regionCode: GROUP, text });
    const r = await stored(s, id);
    expect(r.judgement?.colour).not.toBe('red');
    expect(r.level).not.toBe('red');
    expect(r.judgement?.signals.some((s) => s.startsWith('lower:'))).toBe(true);
    expect(s.app.sentiment.activeAlerts()).toEqual([]);
  });
});

describe('an orange the model nearly called red', () => {
  it('is marked 疑似红色 for the dispatcher, holds its region orange and pages no leader', async () => {
    server = await startServer();
    const id = await postOne(server, {
      regionCode: GROUP,
      text: '山上那道裂缝今天下午明显变宽了，下面住着五户人家，有两户老人不肯搬',
    });
    const r = await stored(server, id);
    expect(r.judgement?.colour).toBe('orange');
    expect(r.judgement?.signals).toContain('maybe:red');
    expect(r.judgement?.explanation).toMatch(/→ 橙色（疑似红色 \d+%）$/);
    expect(r.level).toBe('orange');
    const alerts = server.app.sentiment.activeAlerts();
    expect(alerts.map((a) => a.level)).toEqual(['orange']);
  });
});

describe('a dispatcher corrects a report', () => {
  it('keeps who, when and why, and the region sees the corrected colour', async () => {
    server = await startServer();
    const id = await postOne(server, {
      regionCode: OTHER_VILLAGE,
      text: '村口的路灯坏了一个多月了，晚上黑黢黢的，麻烦修一下',
    });
    const before = await stored(server, id);
    expect(before.level).not.toBe('red');
    const town = await login(server.url, 'county-zhang');
    const res = await api<{ report: ReportView; correction: { userId: string; reason: string } }>(
      server.url,
      town,
      'POST',
      `/api/v1/reports/${id}/correction`,
      { colour: 'red', category: 'security', reason: '回访核实：路灯下有人持械滋事' },
    );
    expect(res.status).toBe(201);
    expect(res.body.report.level).toBe('red');
    expect(res.body.report.category).toBe('security');
    expect(res.body.correction.userId).toBe('county-zhang');
    // The engine re-reads the day with the correction: the village is red, with an alert.
    await expect
      .poll(
        () => server?.app.sentiment.levelViews().find((l) => l.regionCode === OTHER_VILLAGE)?.level,
      )
      .toBe('red');
    const got = await api<{ report: ReportView; corrections: unknown[] }>(
      server.url,
      town,
      'GET',
      `/api/v1/reports/${id}`,
    );
    expect(got.body.report.correction?.reason).toBe('回访核实：路灯下有人持械滋事');
    expect(got.body.corrections).toHaveLength(1);

    // Kept across a restart: the region still reads the corrected colour.
    const { dataDir, configDir } = server;
    await server.stop();
    server = await startServer({ dataDir, configDir });
    expect(
      server.app.sentiment.levelViews().find((l) => l.regionCode === OTHER_VILLAGE)?.level,
    ).toBe('red');
  });

  it('refuses a bad body naming the field, an unknown report, and a village user', async () => {
    server = await startServer();
    const id = await postOne(server, { regionCode: VILLAGE });
    const county = await login(server.url, 'county-zhang');
    const bad = await api<{ fields: Array<{ path: string }> }>(
      server.url,
      county,
      'POST',
      `/api/v1/reports/${id}/correction`,
      { colour: 'purple', reason: '核实' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f) => f.path)).toContain('colour');
    const none = await api(server.url, county, 'POST', '/api/v1/reports/nope/correction', {
      colour: 'blue',
      reason: '核实',
    });
    expect(none.status).toBe(404);
    const village = await login(server.url, 'village-zaoyuan');
    const denied = await api(server.url, village, 'POST', `/api/v1/reports/${id}/correction`, {
      colour: 'blue',
      reason: '核实',
    });
    expect(denied.status).toBe(403);
  });
});
