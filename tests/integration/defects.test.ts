import { afterEach, describe, expect, it } from 'vitest';
import type { Case, CaseDeadline, ErrorBody, WallCasesSummary } from '#contracts';
import {
  HUILONG,
  TIECHANG_VILLAGE,
  ZAOYUAN,
  api,
  caseDetail,
  login,
  onlyCase,
  postAt,
  prepareConfig,
  redReport,
  startReceiver,
  surge,
} from '../helpers/cases.js';
import { connectWall, startServer, waitForEvent, type TestServer } from '../helpers/server.js';

/** Defects met on the way (issue 14, item 7), each at the level where it showed. */

const MIN = 60_000;

let server: TestServer | undefined;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;

afterEach(async () => {
  await server?.close();
  await receiver?.close();
  server = undefined;
  receiver = undefined;
});

/** 30 distinct infrastructure reports in 枣园村: the first 5 make it blue, all 30 red. */
const THIRTY = surge(ZAOYUAN, 30);
const BLUE = THIRTY.slice(0, 5);
const TO_RED = THIRTY.slice(5);

/** No letters of an English word: a message people read is in Chinese (its English tail aside). */
function chineseOnly(message: string): string {
  return message.split(' / ')[0] ?? '';
}

describe('a case raised while its grouped robot message waits', () => {
  it('goes out at once as red, never later as blue', async () => {
    const start = Date.parse('2026-11-22T10:05:00+08:00');
    let now = start;
    receiver = await startReceiver();
    const channel = { id: 'ops', type: 'webhook', url: receiver.url, levels: ['blue', 'red'] };
    server = await startServer({ clock: () => now, configDir: prepareConfig([channel]) });
    const drain = () => (server as TestServer).app.notify.worker.drain(now);

    await postAt(server, now, BLUE);
    expect(onlyCase(server, ZAOYUAN).level).toBe('blue');
    expect(await drain()).toBe(0); // blue waits 300 s for others of its group

    now = start + 20_000;
    await postAt(server, now, TO_RED); // 30 in the hour: red
    const red = onlyCase(server, ZAOYUAN);
    expect(red.level).toBe('red');
    expect(await drain()).toBe(1); // red goes at once
    const sent = receiver.delivered()[0]?.body;
    expect(sent).toMatchObject({ kind: expect.any(String), level: 'red' });
    expect(String(sent?.title)).toContain('红色');
    expect(sent?.items).toEqual([expect.objectContaining({ caseId: red.id, title: red.title })]);

    now = start + 10 * MIN; // past the blue group's window: nothing more, nothing blue
    await drain();
    expect(receiver.delivered().map((d) => d.body.level)).toEqual(['red']);
    expect(server.app.notify.outbox.count('pending')).toBe(0);
  });
});

describe('case titles', () => {
  it('follow the level the case was raised to', async () => {
    const now = Date.parse('2026-11-22T10:05:00+08:00');
    server = await startServer({ clock: () => now });
    await postAt(server, now, BLUE);
    const blue = onlyCase(server, ZAOYUAN);
    expect(blue.title).toContain('达到蓝色阈值');

    await postAt(server, now, TO_RED);
    const red = onlyCase(server, ZAOYUAN);
    expect(red.level).toBe('red');
    expect(red.title).toContain('达到红色阈值');
    expect(red.title).not.toContain('蓝色');
    const token = await login(server.url, 'county-zhang');
    const detail = await caseDetail(server, token, red.id);
    expect(detail.case.title).toBe(red.title);
    // The leaders' notice of the raise names the case by its new title.
    const raises = server.app.notify.notices.forCase(red.id).filter((n) => n.kind === 'upgraded');
    expect(raises.find((n) => n.level === 'orange')?.title).toContain('达到橙色阈值');
    expect(raises.find((n) => n.level === 'red')?.title).toContain('达到红色阈值');
  });
});

describe('error messages of the case workflow', () => {
  it('name states and actions in Chinese', async () => {
    const now = Date.parse('2026-11-22T10:00:00+08:00');
    server = await startServer({ clock: () => now });
    await postAt(server, now, [redReport(ZAOYUAN)]);
    const c = onlyCase(server, ZAOYUAN);
    const county = await login(server.url, 'county-zhang');
    const act = (token: string, action: string, body: unknown = {}) =>
      api<ErrorBody>(server!.url, token, 'POST', `/api/v1/cases/${c.id}/${action}`, body);

    const early = await act(county, 'follow-up', { satisfaction: 'satisfied' });
    expect(early.status).toBe(409);
    expect(early.body.message).toBe('工单当前状态为待签收，不能回访');
    const start = await act(county, 'start');
    expect(start.body.message).toBe('工单当前状态为待签收，不能开始处置');

    expect((await act(county, 'acknowledge')).status).toBe(200);
    expect((await act(county, 'start')).status).toBe(200);
    const close = await act(county, 'close');
    expect(close.status).toBe(409);
    expect(close.body.message).toBe('工单当前状态为处置中，不能结案');
    expect((await act(county, 'resolve', { note: '已劝离，补偿款当场兑付' })).status).toBe(200);
    const escalate = await act(county, 'escalate', { reason: '需要县里协调' });
    expect(escalate.status).toBe(409);
    expect(escalate.body.message).toBe('工单当前状态为已办结，不能上报升级');

    const wall = await login(server.url, 'wall-county');
    const refused = await act(wall, 'comments', { text: '看看' });
    expect(refused.status, JSON.stringify(refused.body)).toBe(403);
    expect(chineseOnly(refused.body.message)).toBe('大屏账号不能备注');

    const unknown = await api<ErrorBody>(
      server.url,
      null,
      'GET',
      '/api/v1/wall/cases-summary?region=611025199',
    );
    expect(unknown.status).toBe(404);
    expect(chineseOnly(unknown.body.message)).toBe('区划 611025199 不存在');

    for (const res of [early, start, close, escalate, refused, unknown]) {
      expect(chineseOnly(res.body.message)).not.toMatch(/[A-Za-z]{2,}/);
    }
  });
});

describe('unknown routes', () => {
  it('answer JSON in Chinese: 404 for an unknown path, 405 for an unknown method', async () => {
    server = await startServer();
    const call = (method: string, path: string, accept = '*/*') =>
      fetch(`${server!.url}${path}`, { method, headers: { accept } });

    for (const path of ['/api/v1/nope', '/api/v2/cases', '/api/v1/cases/x/y/z', '/nope.json']) {
      const res = await call('GET', path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
      const body = (await res.json()) as ErrorBody;
      expect(body.error).toBe('not_found');
      expect(body.message).toMatch(/不存在 \/ not found$/);
      expect(body.message).toContain(path);
    }
    const post = await call('POST', '/api/v1/nope');
    expect(post.status).toBe(404);
    expect(((await post.json()) as ErrorBody).error).toBe('not_found');

    const wrong = await call('DELETE', '/api/v1/cases');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
    const body = (await wrong.json()) as ErrorBody;
    expect(body.error).toBe('method_not_allowed');
    expect(body.message).toMatch(/^接口 \/api\/v1\/cases 不支持 DELETE.* \/ method not allowed$/);
    const put = await call('PUT', '/api/v1/cases/c1/acknowledge');
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST');

    // A browser that opens an unknown page gets a page, in Chinese.
    const page = await call('GET', '/no-such-page', 'text/html,application/xhtml+xml,*/*;q=0.8');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('页面不存在');
    // …but never for the API, whatever it accepts.
    const api404 = await call('GET', '/api/v1/nope', 'text/html');
    expect(api404.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

describe('a silenced red alert on the wall', () => {
  it('is not waiting for 签收 in the snapshot, and the case summary says it is silenced', async () => {
    const now = Date.parse('2026-11-22T10:00:00+08:00');
    server = await startServer({ clock: () => now });
    const county = await login(server.url, 'county-zhang');
    const created = await api(server.url, county, 'POST', '/api/v1/silences', {
      kind: 'maintenance',
      regionCode: HUILONG,
      endsAt: now + 3_600_000,
      comment: '回龙镇网格员系统联调，误报较多',
    });
    expect(created.status).toBe(201);
    await postAt(server, now, [redReport(ZAOYUAN), redReport(TIECHANG_VILLAGE)]);
    const silenced = onlyCase(server, ZAOYUAN);
    const loud = onlyCase(server, TIECHANG_VILLAGE);
    expect(silenced).toMatchObject({ level: 'red', status: 'open', silenced: true });

    const wall = connectWall(server.url);
    const snapshot = await waitForEvent(wall, 'snapshot');
    wall.close();
    expect(snapshot.alerts.map((a) => a.id)).toContain(silenced.alertId);
    expect(snapshot.awaitingAck).toContain(loud.alertId);
    expect(snapshot.awaitingAck).not.toContain(silenced.alertId);

    const summary = await api<WallCasesSummary>(
      server.url,
      null,
      'GET',
      '/api/v1/wall/cases-summary',
    );
    const byAlert = new Map<string, CaseDeadline>(
      summary.body.deadlines.map((d) => [d.alertId, d]),
    );
    expect(byAlert.get(silenced.alertId)).toMatchObject({ due: 'acknowledge', silenced: true });
    expect(byAlert.get(loud.alertId)).toMatchObject({ due: 'acknowledge', silenced: false });
  });

  it('a case raised to red during a silence counts as silenced', async () => {
    const start = Date.parse('2026-11-22T10:05:00+08:00');
    let now = start;
    server = await startServer({ clock: () => now });
    await postAt(server, now, BLUE);
    expect(onlyCase(server, ZAOYUAN)).toMatchObject({ level: 'blue', silenced: false });
    const county = await login(server.url, 'county-zhang');
    const created = await api(server.url, county, 'POST', '/api/v1/silences', {
      regionCode: HUILONG,
      endsAt: now + 10 * MIN,
      comment: '联调',
    });
    expect(created.status).toBe(201);
    now = start + MIN;
    await postAt(server, now, TO_RED);
    const red: Case = onlyCase(server, ZAOYUAN);
    expect(red).toMatchObject({ level: 'red', status: 'open', silenced: true });
    expect(server.app.cases.awaitingAck()).not.toContain(red.alertId);
  });
});
