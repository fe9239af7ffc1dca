import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HONGFENG,
  HUILONG,
  TIECHANG_VILLAGE,
  ZAOYUAN,
  api,
  connectLeader,
  connected,
  login,
  onlyCase,
  postAt,
  prepareConfig,
  redReport,
  startReceiver,
  surge,
  type LeaderSocket,
} from '../helpers/cases.js';
import { connectWall, startServer, waitForEvent, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
const sockets: LeaderSocket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await server?.close();
  await receiver?.close();
  server = undefined;
  receiver = undefined;
});

const SECRET = 'test-webhook-secret';

async function serverWith(channels: unknown[], now: () => number, retry?: unknown) {
  return startServer({ clock: now, configDir: prepareConfig(channels, retry) });
}

describe('notifications: outbox, silences, grouping', () => {
  it('a receiver that fails 3 times gets the message exactly once, with backoff', async () => {
    let now = Date.parse('2026-11-22T10:00:00+08:00');
    receiver = await startReceiver(3);
    server = await serverWith(
      [{ id: 'ops', type: 'webhook', url: receiver.url, secret: SECRET }],
      () => now,
    );
    await postAt(server, now, [redReport(ZAOYUAN)]);
    const worker = server.app.notify.worker;
    const outbox = server.app.notify.outbox;
    expect(outbox.count('pending')).toBe(1);

    expect(await worker.drain(now)).toBe(0); // attempt 1: 500
    expect(await worker.drain(now + 4_000)).toBe(0); // not due before 5 s
    expect(receiver.received).toHaveLength(1);
    expect(await worker.drain(now + 5_000)).toBe(0); // attempt 2: 500, next in 10 s
    expect(await worker.drain(now + 15_000)).toBe(0); // attempt 3: 500, next in 20 s
    expect(await worker.drain(now + 34_000)).toBe(0);
    expect(await worker.drain(now + 35_000)).toBe(1); // attempt 4: delivered
    now += 3_600_000;
    expect(await worker.drain(now)).toBe(0);
    expect(receiver.received).toHaveLength(4);
    expect(receiver.delivered()).toHaveLength(1);
    expect(outbox.count('sent')).toBe(1);

    // Every attempt is the same delivery, signed afresh.
    const ids = new Set(receiver.received.map((r) => r.headers['x-minqing-delivery']));
    expect(ids.size).toBe(1);
    const last = receiver.delivered()[0];
    const body = JSON.stringify(last?.body);
    const ts = String(last?.headers['x-minqing-timestamp']);
    const expected = createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex');
    expect(last?.headers['x-minqing-signature']).toBe(`sha256=${expected}`);
    expect(last?.body).toMatchObject({ kind: 'opened', level: 'red' });
    expect(String(last?.body.title)).toContain('红色');
  });

  it('a channel that keeps failing is reported by /readyz and on the wall', async () => {
    const now = Date.now();
    receiver = await startReceiver(1_000);
    server = await serverWith(
      [
        {
          id: 'broken-robot',
          type: 'dingtalk',
          url: `${receiver.url}?access_token=x`,
          secret: 'SECx',
        },
      ],
      () => now,
      { maxAttempts: 2, baseSeconds: 1, maxSeconds: 1, timeoutSeconds: 5 },
    );
    const healthy = (await (await fetch(`${server.url}/readyz`)).json()) as {
      checks: { notify: { ok: boolean } };
    };
    expect(healthy.checks.notify.ok).toBe(true);
    await postAt(server, now, [redReport(ZAOYUAN)]);
    await server.app.notify.worker.drain(now);
    await server.app.notify.worker.drain(now + 1_000);
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200); // a robot being down does not make this instance unready
    const ready = (await res.json()) as {
      checks: { notify: { ok: boolean; channels: Array<Record<string, unknown>> } };
    };
    expect(ready.checks.notify.ok).toBe(false);
    expect(ready.checks.notify.channels[0]).toMatchObject({
      id: 'broken-robot',
      failing: true,
      dead: 1,
    });
    const wall = connectWall(server.url);
    const snapshot = await waitForEvent(wall, 'snapshot');
    wall.close();
    expect(snapshot.notifyHealth?.[0]).toMatchObject({ id: 'broken-robot', failing: true });
    // DingTalk 加签: timestamp and sign on the URL.
    const url = new URL(`http://x${receiver.received[0]?.url ?? ''}`);
    const timestamp = url.searchParams.get('timestamp') ?? '';
    const sign = createHmac('sha256', 'SECx').update(`${timestamp}\nSECx`).digest('base64');
    expect(url.searchParams.get('sign')).toBe(sign);
    expect(receiver.received[0]?.body).toMatchObject({ msgtype: 'markdown' });
  });

  it('silences suppress notifications but keep the case and the record', async () => {
    const now = Date.parse('2026-11-22T10:00:00+08:00');
    receiver = await startReceiver();
    server = await serverWith([{ id: 'ops', type: 'webhook', url: receiver.url }], () => now);
    const county = await login(server.url, 'county-zhang');
    const created = await api(server.url, county, 'POST', '/api/v1/silences', {
      kind: 'maintenance',
      regionCode: HUILONG,
      endsAt: new Date(now + 3_600_000).toISOString(),
      comment: '回龙镇网格员系统联调，误报较多',
    });
    expect(created.status).toBe(201);
    const leader = connectLeader(server.url, county);
    sockets.push(leader);
    await connected(leader);
    const alarms: string[] = [];
    leader.on('alert:red', (p) => alarms.push(p.alert.regionCode));

    await postAt(server, now, [redReport(ZAOYUAN), redReport(TIECHANG_VILLAGE)]);
    const silenced = onlyCase(server, ZAOYUAN);
    const loud = onlyCase(server, TIECHANG_VILLAGE);
    expect(silenced.silenced).toBe(true);
    expect(loud.silenced).toBe(false);
    const kept = server.app.notify.notices.forCase(silenced.id);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((n) => n.status === 'silenced' && n.silenceId !== null)).toBe(true);
    await server.app.notify.worker.drain(now);
    expect(receiver.delivered()).toHaveLength(1);
    expect(JSON.stringify(receiver.delivered()[0]?.body)).toContain(loud.id);
    await new Promise((r) => setTimeout(r, 100));
    expect(alarms).toEqual([TIECHANG_VILLAGE]);

    const town = await login(server.url, 'town-tiechang');
    const outside = await api(server.url, town, 'POST', '/api/v1/silences', {
      regionCode: HUILONG,
      endsAt: now + 60_000,
      comment: '不是我镇',
    });
    expect(outside.status).toBe(403);
    const backwards = await api(server.url, county, 'POST', '/api/v1/silences', {
      category: 'dispute',
      startsAt: now + 60_000,
      endsAt: now,
      comment: '时间反了',
    });
    expect(backwards.status).toBe(400);
  });

  it('groups cases of one town, one category, one hour into one message', async () => {
    const now = Date.parse('2026-11-22T10:05:00+08:00');
    receiver = await startReceiver();
    server = await serverWith(
      [{ id: 'huilong-wecom', type: 'wecom', url: receiver.url, levels: ['orange', 'red'] }],
      () => now,
    );
    await postAt(server, now, surge(ZAOYUAN, 10));
    await postAt(server, now + 20_000, surge(HONGFENG, 10));
    expect(onlyCase(server, ZAOYUAN).level).toBe('orange');
    expect(onlyCase(server, HONGFENG).level).toBe('orange');
    expect(await server.app.notify.worker.drain(now + 30_000)).toBe(0); // waiting for the group
    expect(await server.app.notify.worker.drain(now + 61_000)).toBe(1);
    expect(receiver.delivered()).toHaveLength(1);
    const content = (receiver.delivered()[0]?.body.markdown as { content: string }).content;
    expect(content).toContain('回龙镇 · 设施建设（2条）');
    expect(content).toContain('枣园村');
    expect(content).toContain('宏丰村');
  });
});
