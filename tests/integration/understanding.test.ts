import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '#contracts';
import { post, report, startServer, type TestServer } from '../helpers/server.js';

const VILLAGE = '611025101202'; // 枣园村
const GROUP = '611025101202001';
const OTHER_VILLAGE = '611025102201';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function stored(s: TestServer, id: string): Promise<Report> {
  const found = (await s.store.recent(200)).find((r) => r.id === id);
  if (!found) throw new Error(`report ${id} not stored`);
  return found;
}

async function postOne(s: TestServer, overrides: Record<string, unknown>): Promise<Report> {
  const res = await post(s.url, report({ regionCode: VILLAGE, ...overrides }));
  expect(res.status).toBe(202);
  return stored(s, (res.body.ids as string[])[0] as string);
}

describe('text understanding on the ingest path', () => {
  it('infers the category of a report sent without one, and keeps a given one', async () => {
    server = await startServer();
    const inferred = await postOne(server, {
      category: undefined,
      text: '工地包工头拖欠农民工工资三个月，多次讨要无果，过年回不了家',
    });
    expect(inferred).toMatchObject({ category: 'dispute', categoryInferred: true });
    expect(inferred.negativity).toBeGreaterThan(0.5);
    expect(inferred.urgency).toBeLessThan(0.5);

    const given = await postOne(server, {
      category: 'industry',
      text: '工地包工头拖欠农民工工资三个月',
    });
    expect(given).toMatchObject({ category: 'industry', categoryInferred: false });

    const urgent = await postOne(server, {
      category: undefined,
      text: '组上山体滑坡，有人被埋，急需救援',
    });
    expect(urgent.category).toBe('infrastructure');
    expect(urgent.urgency).toBeGreaterThan(0.9);
    const flagged = await postOne(server, { text: '想咨询一下医保缴费', urgent: true });
    expect(flagged.urgency).toBe(1);
  });

  it('links the same caller in the same village as 重复诉求 of the first report', async () => {
    server = await startServer();
    const reporter = { name: '王', phone: '13912345678' };
    const first = await postOne(server, { reporter, text: '组上停水两天了' });
    const second = await postOne(server, { reporter, regionCode: GROUP, text: '还是没水' });
    const third = await postOne(server, { reporter, text: '第三次打电话了，水还没来' });
    expect(first.repeatOf).toBeNull();
    expect(second.repeatOf).toBe(first.id);
    expect(third.repeatOf).toBe(first.id);
    const elsewhere = await postOne(server, { reporter, regionCode: OTHER_VILLAGE });
    expect(elsewhere.repeatOf).toBeNull();
  });

  it('links the second copy of a text inside one batch, and not a duplicate that was not stored', async () => {
    server = await startServer();
    const text = '村口便民桥的护栏松动了，学生上下学很危险';
    const a = report({ text, regionCode: VILLAGE });
    const res = await post(server.url, [a, report({ text, regionCode: GROUP }), { ...a }]);
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 1 });
    const [idA, idB] = res.body.ids as string[];
    expect((await stored(server, idB as string)).repeatOf).toBe(idA);
  });

  it('counts repeats in the repeatsOnly rule: 3 repeats in a village in 24 h raise blue', async () => {
    server = await startServer();
    const reporter = { phone: '13700001111' };
    const categories = ['infrastructure', 'livelihood', 'agency', 'other'];
    for (const category of categories) {
      const text = `${category}：第几次反映路灯坏了`;
      await post(server.url, report({ reporter, category, text, regionCode: VILLAGE }));
    }
    const village = server.app.sentiment.levelViews().find((l) => l.regionCode === VILLAGE);
    expect(village?.level).toBe('blue');
    expect(village?.explanation).toMatchObject({ ruleId: 'repeat-appeals-village', value: 3 });
  });

  it('rebuilds the repeat index from the store after a restart', async () => {
    server = await startServer();
    const reporter = { phone: '13600002222' };
    const first = await postOne(server, { reporter });
    await server.stop();
    server = await startServer({ dataDir: server.dataDir, configDir: server.configDir });
    const again = await postOne(server, { reporter, text: '又打电话反映一次' });
    expect(again.repeatOf).toBe(first.id);
  });

  it('reloads an edited lexicon from the config dir without a restart', async () => {
    server = await startServer();
    const file = join(server.configDir, 'lexicon.json');
    const lexicon = JSON.parse(readFileSync(file, 'utf8')) as {
      categories: { keywords: Record<string, Record<string, number>> };
    };
    lexicon.categories.keywords.ceremony!['坐夜'] = 6; // a local word for a funeral wake
    writeFileSync(file, JSON.stringify(lexicon, null, 2));
    await expect
      .poll(
        async () => (await postOne(server!, { category: undefined, text: '今晚坐夜' })).category,
        { timeout: 5000, interval: 200 },
      )
      .toBe('ceremony');
  });
});
