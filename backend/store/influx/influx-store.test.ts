import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailable } from '#contracts';
import { freePort } from '#test-helpers/influxd';
import { storedReport } from '#test-helpers/stored-report';
import type { Logger } from '../../platform/logger.js';
import { InfluxReportStore } from './influx-store.js';

const HOUR = 3_600_000;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function openDown(dir = mkdtempSync(join(tmpdir(), 'influx-down-'))) {
  dirs.push(dir);
  const warnings: string[] = [];
  const log: Logger = {
    debug: () => {},
    info: () => {},
    warn: (m) => void warnings.push(m),
    error: (m) => void warnings.push(m),
  };
  // A port where nothing listens: every request is refused at once.
  const url = `http://127.0.0.1:${await freePort()}`;
  const store = await InfluxReportStore.open({
    config: {
      url,
      database: 'minqing_down',
      retention: { raw: '90d', minute: '730d', hour: 'INF' },
      spoolMax: 1000,
    },
    dataDir: dir,
    log,
  });
  return { store, warnings, dir };
}

let counter = 0;
function report(occurredAt: number, regionCode = '611025101202') {
  counter += 1;
  return storedReport({ id: `d${counter}`, externalId: `x${counter}`, occurredAt, regionCode });
}

describe('InfluxDB down when the store opens', () => {
  it('opens, takes reports at once and says degraded, with the reason', async () => {
    const { store } = await openDown();
    const now = Date.now();
    const result = await store.append([report(now - HOUR), report(now - 2 * HOUR)]);
    expect(result.inserted).toHaveLength(2);
    const status = store.status();
    expect(status).toMatchObject({ state: 'degraded', spooled: 2, schemaReady: false });
    expect(status.lastError).toMatch(/ECONNREFUSED/);
    await store.close();
  });

  it('answers reads the spool holds in full; refuses with 503 what it cannot', async () => {
    const { store } = await openDown();
    const now = Date.now();
    const [a, b, c] = [report(now - HOUR), report(now - 2 * HOUR, '611025102201'), report(now)];
    await store.append([a, b, c].filter((r) => r !== undefined));

    // The replay of a start: oldest first, from the spool.
    expect((await store.since(now - 24 * HOUR)).map((r) => r.id)).toEqual([b?.id, a?.id, c?.id]);
    expect((await store.recent(2)).map((r) => r.id)).toEqual([c?.id, a?.id]);
    expect(await store.get(a?.id ?? '')).toMatchObject({ id: a?.id });
    const counts = await store.counts({ from: now - 24 * HOUR, to: now + 1, by: 'source' });
    expect(counts).toEqual([{ key: 'hotline', count: 3 }]);
    const history = await store.history({
      from: now - 3 * HOUR,
      to: now + 1,
      bucketMs: HOUR,
      by: 'source',
    });
    const hotline = history.series.find((s) => s.key === 'hotline');
    expect(hotline?.counts.reduce((sum, n) => sum + n, 0)).toBe(3);
    expect(store.status().partialRead).toBeNull();

    // Not in the spool: only InfluxDB could say.
    await expect(store.get('unknown')).rejects.toBeInstanceOf(StoreUnavailable);
    await expect(store.total()).rejects.toBeInstanceOf(StoreUnavailable);
    await store.close();
  });

  it('after a restart still down, reads what the spool took before', async () => {
    const first = await openDown();
    const now = Date.now();
    await first.store.append([report(now - HOUR)]);
    await first.store.close();
    const again = await openDown(first.dir);
    expect(again.store.status()).toMatchObject({ state: 'degraded', spooled: 1 });
    expect(await again.store.since(now - 24 * HOUR)).toHaveLength(1);
    await again.store.close();
  });

  it('says when a read could not be answered in full from the spool', async () => {
    const { store } = await openDown();
    const now = Date.now();
    // As if the spool had pruned reports dated up to an hour ago.
    store.spool.db.prepare(`UPDATE marks SET value = ? WHERE name = 'pruned_until'`).run(now);
    await store.close();
    const again = await openDown(dirs.at(-1));
    const since = now - 24 * HOUR;
    expect(await again.store.since(since)).toEqual([]);
    expect(again.store.status().partialRead).toMatchObject({
      what: `reports since ${new Date(since).toISOString()}`,
    });
    expect(again.warnings.join('\n')).toMatch(/no longer holds every report/);
    await expect(again.store.counts({ from: since, to: now, by: 'category' })).rejects.toThrow(
      /InfluxDB is not answering .*holds only reports dated after/,
    );
    await again.store.close();
  });
});
