import { afterEach, describe, expect, it } from 'vitest';
import type { Case, ErrorBody } from '#contracts';
import {
  TIECHANG_VILLAGE,
  ZAOYUAN,
  api,
  connectLeader,
  connected,
  login,
  onlyCase,
  postAt,
  redReport,
  surge,
  type LeaderSocket,
} from '../helpers/cases.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
const sockets: LeaderSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await server?.close();
  server = undefined;
});

describe('users, login and scope', () => {
  it('a town-A leader gets 403 on a town-B case; the town-B leader may act', async () => {
    const now = Date.now();
    server = await startServer({ clock: () => now });
    // Orange: handled by the town (铁厂镇). A red case would be the county's, which no town
    // leader may act on (cases-units.test.ts); this test is about region scope.
    await postAt(server, now, surge(TIECHANG_VILLAGE, 10));
    const c = onlyCase(server, TIECHANG_VILLAGE);
    expect(c).toMatchObject({ level: 'orange', unit: 'town', unitCode: '611025102' });
    const huilong = await login(server.url, 'town-huilong');
    const tiechang = await login(server.url, 'town-tiechang');

    const read = await api<ErrorBody>(server.url, huilong, 'GET', `/api/v1/cases/${c.id}`);
    expect(read.status).toBe(403);
    expect(read.body.error).toBe('out_of_scope');
    const ack = await api(server.url, huilong, 'POST', `/api/v1/cases/${c.id}/acknowledge`, {});
    expect(ack.status).toBe(403);
    const events = await api(server.url, huilong, 'GET', `/api/v1/cases/${c.id}/events`);
    expect(events.status).toBe(403);
    const mine = await api<{ cases: Case[] }>(server.url, huilong, 'GET', '/api/v1/cases');
    expect(mine.body.cases.map((x) => x.id)).not.toContain(c.id);
    const narrowed = await api<{ cases: Case[] }>(
      server.url,
      huilong,
      'GET',
      `/api/v1/cases?regionCode=${TIECHANG_VILLAGE}`,
    );
    expect(narrowed.body.cases).toEqual([]);

    const theirs = await api<{ cases: Case[] }>(
      server.url,
      tiechang,
      'GET',
      '/api/v1/cases?open=true',
    );
    expect(theirs.body.cases.map((x) => x.id)).toEqual([c.id]);
    const ok = await api(server.url, tiechang, 'POST', `/api/v1/cases/${c.id}/acknowledge`, {});
    expect(ok.status).toBe(200);
  });

  it('refuses without a session, with a wrong password, and a wall account acting', async () => {
    const now = Date.now();
    server = await startServer({ clock: () => now });
    await postAt(server, now, [redReport(ZAOYUAN)]);
    const c = onlyCase(server, ZAOYUAN);
    expect((await api(server.url, null, 'GET', '/api/v1/cases')).status).toBe(401);
    expect((await api(server.url, 'forged.token', 'GET', '/api/v1/cases')).status).toBe(401);
    const wrong = await api(server.url, null, 'POST', '/api/v1/auth/login', {
      username: 'county-zhang',
      password: 'guess',
    });
    expect(wrong.status).toBe(401);
    const wall = await login(server.url, 'wall-county');
    expect((await api(server.url, wall, 'GET', `/api/v1/cases/${c.id}`)).status).toBe(200);
    const act = await api(server.url, wall, 'POST', `/api/v1/cases/${c.id}/acknowledge`, {});
    expect(act.status).toBe(403);
  });

  it('logs in with a cookie too, and answers bad bodies with 400 and the fields', async () => {
    const now = Date.now();
    server = await startServer({ clock: () => now });
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'town-huilong', password: 'minqing-demo' }),
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/mq_session=.+HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await fetch(`${server.url}/api/v1/auth/me`, {
      headers: { cookie: cookie.split(';')[0] as string },
    });
    expect(((await me.json()) as { user: { name: string } }).user.name).toBe('王志强');

    await postAt(server, now, [redReport(ZAOYUAN)]);
    const c = onlyCase(server, ZAOYUAN);
    const token = await login(server.url, 'town-huilong');
    const bad = await api<ErrorBody>(server.url, token, 'POST', `/api/v1/cases/${c.id}/follow-up`, {
      satisfaction: 'meh',
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields?.map((f) => f.path).sort()).toEqual(['extra', 'satisfaction']);
    const missing = await api(server.url, token, 'POST', '/api/v1/cases/nope/acknowledge', {});
    expect(missing.status).toBe(404);
  });

  it('the /leader socket needs a session and only hears cases in its scope', async () => {
    const now = Date.now();
    server = await startServer({ clock: () => now });
    const anonymous = connectLeader(server.url, null);
    sockets.push(anonymous);
    await expect(connected(anonymous)).rejects.toThrow(/unauthorized/);

    const huilong = connectLeader(server.url, await login(server.url, 'town-huilong'));
    const tiechang = connectLeader(server.url, await login(server.url, 'town-tiechang'));
    sockets.push(huilong, tiechang);
    await Promise.all([connected(huilong), connected(tiechang)]);
    const heardByTiechang: string[] = [];
    tiechang.on('alert:red', (p) => heardByTiechang.push(p.case.id));
    const red = new Promise<{ caseId: string; region: string }>((resolve) =>
      huilong.once('alert:red', (p) => resolve({ caseId: p.case.id, region: p.alert.regionCode })),
    );
    await postAt(server, now, [redReport(ZAOYUAN)]);
    const pushed = await red;
    expect(pushed.region).toBe(ZAOYUAN);
    expect(pushed.caseId).toBe(onlyCase(server, ZAOYUAN).id);
    await new Promise((r) => setTimeout(r, 100));
    expect(heardByTiechang).toEqual([]);
  });
});
