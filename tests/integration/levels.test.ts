import { afterEach, describe, expect, it } from 'vitest';
import type { LevelChanged, WallSnapshot } from '#contracts';
import {
  connectWall,
  post,
  report,
  startServer,
  waitForEvent,
  type TestServer,
  type WallSocket,
} from '../helpers/server.js';
import { STORES } from '../helpers/stores.js';

const TOWN = '611025101'; // 回龙镇
const VILLAGE = '611025101202'; // 枣园村
const GROUP = '611025101202001';

async function openWall(s: TestServer): Promise<WallSocket> {
  const socket = connectWall(s.url);
  await waitForEvent(socket, 'snapshot');
  return socket;
}

function collect(socket: WallSocket): LevelChanged[] {
  const changes: LevelChanged[] = [];
  socket.on('level:changed', (c) => changes.push(c));
  return changes;
}

function sameCategory(n: number, regionCode = VILLAGE, category = 'infrastructure') {
  return Array.from({ length: n }, (_, i) =>
    report({
      regionCode: i % 2 ? regionCode : `${regionCode}00${(i % 3) + 1}`.slice(0, 15),
      category,
      text: `通组公路塌方第${i}次反映，车辆无法通行`,
    }),
  );
}

describe.each(STORES)('%s store', (store) => {
  let server: TestServer | undefined;
  let wall: WallSocket | undefined;

  afterEach(async () => {
    wall?.close();
    await server?.close();
    server = undefined;
  });

  describe('levels', () => {
    it('30 same-category reports raise the village to red and its town to at least orange within 1 s', async () => {
      server = await startServer({ store });
      wall = await openWall(server);
      const villageRed = waitForEvent(
        wall,
        'level:changed',
        (c) => c.regionCode === VILLAGE && c.level === 'red',
        1000,
      );
      const townUp = waitForEvent(
        wall,
        'level:changed',
        (c) => c.regionCode === TOWN && (c.level === 'orange' || c.level === 'red'),
        1000,
      );
      const alert = waitForEvent(wall, 'alert:raised', (a) => a.regionCode === VILLAGE, 1000);
      const res = await post(server.url, sameCategory(30));
      expect(res.status).toBe(202);
      const red = await villageRed;
      await townUp;
      expect(red.weather).toBe('storm');
      expect(red.ruleId).toBe('village-category-surge');
      expect(red.explanation).toMatchObject({ windowMinutes: 60, value: 30, threshold: 30 });
      expect(red.explanation?.evidence.length).toBeGreaterThan(0);
      expect(red.index).toBeGreaterThanOrEqual(80);
      expect((await alert).explanation.ruleId).toBe('village-category-surge');
    });

    it('one alert per region and rule: rising from orange to red updates it', async () => {
      server = await startServer({ store });
      wall = await openWall(server);
      const raised: string[] = [];
      wall.on('alert:raised', (a) => raised.push(`${a.regionCode}|${a.ruleKey}`));
      await post(server.url, sameCategory(10));
      // Listen before posting: the update may arrive before the POST's answer does.
      const updated = waitForEvent(wall, 'alert:updated', (a) => a.level === 'red', 1000);
      await post(server.url, sameCategory(25));
      await updated;
      const res = await fetch(`${server.url}/api/v1/alerts`);
      const { alerts } = (await res.json()) as {
        alerts: Array<{ regionCode: string; level: string; ruleId: string }>;
      };
      // The second batch repeats the first one's texts: 重复诉求 raise their own (blue) alert.
      const surge = alerts.filter(
        (a) => a.regionCode === VILLAGE && a.ruleId === 'village-category-surge',
      );
      expect(surge).toHaveLength(1);
      expect(surge[0]?.level).toBe('red');
      expect(new Set(raised).size).toBe(raised.length);
    });

    it('a single mass-gathering report raises red on its region at once', async () => {
      server = await startServer({ store });
      wall = await openWall(server);
      const red = waitForEvent(
        wall,
        'level:changed',
        (c) => c.regionCode === GROUP && c.level === 'red',
        1000,
      );
      const county = waitForEvent(
        wall,
        'level:changed',
        (c) => c.regionCode === '611025' && c.level === 'red',
        1000,
      );
      await post(
        server.url,
        report({
          regionCode: GROUP,
          category: 'dispute',
          text: '三十多名村民聚集在镇政府门口讨要工程款',
        }),
      );
      const change = await red;
      expect(change.ruleId).toBe('judged-red');
      expect(change.reason).toContain('研判为红色');
      await county;
    });

    it('a town goes orange by its own rule when 3 of its villages are orange', async () => {
      server = await startServer({ store });
      wall = await openWall(server);
      const villages = server.regions
        .children(TOWN)
        .slice(0, 3)
        .map((v) => v.code);
      const changes = collect(wall);
      for (const v of villages) await post(server.url, sameCategory(12, v, 'livelihood'));
      await new Promise((r) => setTimeout(r, 200));
      const levels = (await (
        await fetch(`${server.url}/api/v1/levels?regionCode=${TOWN}`)
      ).json()) as {
        levels: Array<{
          regionCode: string;
          level: string;
          explanation: { ruleId: string } | null;
        }>;
      };
      const town = levels.levels.find((l) => l.regionCode === TOWN);
      expect(town?.level).toBe('orange');
      expect(town?.explanation?.ruleId).toBe('town-villages-orange');
      expect(changes.some((c) => c.regionCode === TOWN && c.level === 'orange')).toBe(true);
    });

    it('levels clear only after the count stays below the clear threshold (hysteresis)', async () => {
      let now = Date.now();
      server = await startServer({ store, clock: () => now });
      wall = await openWall(server);
      await post(server.url, sameCategory(12));
      expect(levelOf(server, VILLAGE)).toBe('orange');
      now += 61 * 60_000; // the window has slid past every report
      server.app.sentiment.tick(now);
      expect(levelOf(server, VILLAGE)).toBe('orange'); // below clearBelow, but not for long enough
      const cleared = waitForEvent(wall, 'alert:cleared', (a) => a.regionCode === VILLAGE, 1000);
      now += 15 * 60_000;
      server.app.sentiment.tick(now);
      expect(levelOf(server, VILLAGE)).toBe('none');
      expect((await cleared).clearReason).toContain('已解除');
    });

    it('a restart rebuilds the same levels and alerts from the store', async () => {
      server = await startServer({ store });
      await post(server.url, sameCategory(30));
      await post(server.url, report({ regionCode: '611025102201', text: '有人持刀威胁村干部' }));
      const before = server.app.sentiment.levelViews().map((l) => [l.regionCode, l.level]);
      const alertsBefore = server.app.sentiment
        .activeAlerts()
        .map((a) => a.id)
        .sort();
      await server.stop();
      const again = await startServer({
        store,
        dataDir: server.dataDir,
        configDir: server.configDir,
      });
      server = again;
      expect(again.app.sentiment.levelViews().map((l) => [l.regionCode, l.level])).toEqual(before);
      expect(
        again.app.sentiment
          .activeAlerts()
          .map((a) => a.id)
          .sort(),
      ).toEqual(alertsBefore);
      expect(before.filter(([, l]) => l !== 'none').length).toBeGreaterThan(4);
      wall = await openWall(again);
      const snapshot = await new Promise<WallSnapshot>((resolve, reject) =>
        wall?.emit('snapshot:get', (r) =>
          'data' in r ? resolve(r.data) : reject(new Error(r.error)),
        ),
      );
      expect(snapshot.levels.find((l) => l.regionCode === VILLAGE)?.level).toBe('red');
    });
  });
});

function levelOf(s: TestServer, code: string): string | undefined {
  return s.app.sentiment.levelViews().find((l) => l.regionCode === code)?.level;
}
