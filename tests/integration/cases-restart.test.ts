import { afterEach, describe, expect, it } from 'vitest';
import {
  ZAOYUAN,
  onlyCase,
  postAt,
  prepareConfig,
  startReceiver,
  surge,
} from '../helpers/cases.js';
import { startServer, type TestServer } from '../helpers/server.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

let server: TestServer | undefined;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;

afterEach(async () => {
  await server?.close();
  await receiver?.close();
  server = undefined;
});

function counts(s: TestServer) {
  return {
    notices: s.app.notify.notices.count(),
    pending: s.app.notify.outbox.count('pending'),
    sent: s.app.notify.outbox.count('sent'),
  };
}

describe('restart in the middle of a countdown', () => {
  it('resumes from the stored deadlines and re-sends nothing', async () => {
    let now = Date.parse('2026-11-22T09:00:00+08:00');
    const clock = () => now;
    receiver = await startReceiver();
    const configDir = prepareConfig([{ id: 'ops', type: 'webhook', url: receiver.url }]);
    server = await startServer({ clock, configDir });
    const dataDir = server.dataDir;
    await postAt(server, now, surge(ZAOYUAN, 10)); // orange: the town must 签收 within 2 h
    const opened = onlyCase(server, ZAOYUAN);
    expect(opened).toMatchObject({ level: 'orange', unit: 'town', status: 'open' });
    await server.app.notify.worker.drain(now + MIN); // after the 60 s grouping wait
    const before = counts(server);
    expect(before.sent).toBe(1);
    expect(receiver.delivered()).toHaveLength(1);

    // An hour into the countdown the process stops; it comes back on the same data.
    now += HOUR;
    await server.stop();
    server = await startServer({ clock, dataDir, configDir });
    // The alert is rebuilt by replay (same id), and finds its case: nothing opens, nothing is told.
    expect(server.app.sentiment.activeAlerts().map((a) => a.id)).toContain(opened.alertId);
    expect(onlyCase(server, ZAOYUAN)).toMatchObject({ id: opened.id, ackDueAt: opened.ackDueAt });
    expect(counts(server)).toEqual(before);
    expect(server.app.cases.sweep.sweep(now)).toEqual({ escalated: 0, supervised: 0, overdue: 0 });
    await server.app.notify.worker.drain(now);
    expect(receiver.received).toHaveLength(1);

    // The countdown runs out as stored: one escalation, told once.
    now = (opened.ackDueAt ?? 0) + 1000;
    expect(server.app.cases.sweep.sweep(now)).toMatchObject({ escalated: 1 });
    expect(server.app.cases.sweep.sweep(now + 1000)).toMatchObject({ escalated: 0 });
    await server.app.notify.worker.drain(now);
    expect(receiver.delivered()).toHaveLength(2);
    expect(receiver.delivered()[1]?.body).toMatchObject({ kind: 'escalated' });
    const afterEscalation = counts(server);

    // And once more: a restart after the escalation repeats none of it.
    await server.stop();
    server = await startServer({ clock, dataDir, configDir });
    expect(server.app.cases.sweep.sweep(now + 2000)).toMatchObject({ escalated: 0 });
    await server.app.notify.worker.drain(now + 2000);
    expect(counts(server)).toEqual(afterEscalation);
    expect(receiver.received).toHaveLength(2);
    expect(onlyCase(server, ZAOYUAN)).toMatchObject({ unit: 'county', escalations: 1 });
  });
});
