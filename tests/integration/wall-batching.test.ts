import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectWall,
  post,
  report,
  startServer,
  waitForEvent,
  type TestServer,
} from '../helpers/server.js';

const VILLAGE = '611025101202'; // 枣园村

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

describe('new reports reach the wall gathered, and before what they move', () => {
  it('sends 30 reports accepted together in a few packets, each once, before the levels they raise', async () => {
    const wall = connectWall(server.url);
    await waitForEvent(wall, 'snapshot');
    const arrivals: string[] = [];
    const heard: string[] = [];
    wall.on('reports:new', (reports) => {
      arrivals.push(`reports:${reports.length}`);
      heard.push(...reports.map((r) => r.text));
    });
    wall.on('level:changed', (c) => arrivals.push(`level:${c.regionCode}`));
    const texts = Array.from({ length: 30 }, (_, i) => `通组公路塌方第${i}次反映，车辆无法通行`);
    const villageRed = waitForEvent(
      wall,
      'level:changed',
      (c) => c.regionCode === VILLAGE && c.level === 'red',
    );
    const res = await post(
      server.url,
      texts.map((text) => report({ regionCode: VILLAGE, category: 'infrastructure', text })),
    );
    expect(res.status).toBe(202);
    await villageRed;
    // A few packets, not 30: the batch goes out whole unless a level change is due first (then
    // what came before it goes first). Every report once, in the order they were sent.
    const packets = arrivals.filter((a) => a.startsWith('reports:'));
    expect(packets.length).toBeGreaterThan(0);
    expect(packets.length).toBeLessThanOrEqual(5);
    expect(heard).toEqual(texts);
    // The wall hears of the reports before the levels they raise: a level change never opens
    // the stream, and red (at the 30th report) comes after the last of them.
    expect(arrivals[0]).toMatch(/^reports:/);
    const red = arrivals.lastIndexOf(`level:${VILLAGE}`);
    expect(arrivals.lastIndexOf(packets.at(-1) as string)).toBeLessThan(red);
    wall.close();
  });
});
