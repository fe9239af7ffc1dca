import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storedReport } from '#test-helpers/stored-report';
import type { ReportSearch } from '../store.js';
import { searchSql } from './search-sql.js';
import { SqliteReportStore } from './sqlite-store.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function storeWith(n: number): Promise<{ store: SqliteReportStore; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'search-test-'));
  dirs.push(dir);
  const store = new SqliteReportStore(dir);
  const t0 = Date.parse('2026-11-22T09:30:00+08:00');
  await store.append(
    Array.from({ length: n }, (_, i) =>
      storedReport({
        id: `id-${String(i).padStart(4, '0')}`,
        // Three reports per millisecond: ties are ordered by id.
        occurredAt: t0 + Math.floor(i / 3),
        regionCode: i % 2 ? '611025101202' : '611025102201001',
        text: i % 5 ? '自来水停了' : 'WiFi 没有信号',
        level: i % 7 ? 'blue' : 'red',
      }),
    ),
  );
  return { store, dir };
}

function plan(dir: string, query: ReportSearch): string {
  const db = new Database(join(dir, 'minqing.db'), { readonly: true });
  try {
    const { sql, params } = searchSql(query);
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>;
    return rows.map((r) => r.detail).join('\n');
  } finally {
    db.close();
  }
}

describe('SQLite report search', () => {
  it('walks the (occurred_at, id) index from the cursor without sorting, for a county or town', async () => {
    const { store, dir } = await storeWith(30);
    const wide: ReportSearch = {
      regions: ['611025101'],
      from: 0,
      after: { occurredAt: Date.now(), id: 'x' },
      levels: ['red'],
      alsoIds: ['id-0001'],
      words: ['wifi'],
      limit: 10,
    };
    const shown = plan(dir, wide);
    expect(shown).toMatch(
      /SEARCH reports USING INDEX reports_time_id \(.*\(occurred_at,id\)<\(\?,\?\)\)/,
    );
    expect(shown).not.toMatch(/TEMP B-TREE/);
    // Only villages or groups: their ranges of the region index, then a top-N sort.
    expect(plan(dir, { regions: ['611025101202', '611025102201001'], limit: 10 })).toMatch(
      /USING INDEX reports_region_time \(region_code>\? AND region_code<\?\)/,
    );
    await store.close();
  });

  it('pages in (occurredAt, id) order, newest first, through ties, on both plans', async () => {
    const { store } = await storeWith(30);
    for (const regions of [['611025'], ['611025101202', '611025102201']]) {
      const all = await store.search({ regions, limit: 100 });
      expect(all.next).toBeNull();
      const expected = [...all.reports].sort(
        (a, b) => b.occurredAt - a.occurredAt || (a.id < b.id ? 1 : -1),
      );
      expect(all.reports.map((r) => r.id)).toEqual(expected.map((r) => r.id));
      const paged: string[] = [];
      let after: ReportSearch['after'];
      for (;;) {
        const page = await store.search({ regions, after, limit: 4 });
        paged.push(...page.reports.map((r) => r.id));
        if (!page.next) break;
        after = page.next;
      }
      expect(paged).toEqual(expected.map((r) => r.id));
    }
    await store.close();
  });

  it('matches words as substrings with ASCII letters folded, and lets corrected ids through', async () => {
    const { store } = await storeWith(30);
    const wifi = await store.search({ regions: ['611025'], words: ['WIFI', '信号'], limit: 100 });
    expect(wifi.reports).toHaveLength(6);
    const red = await store.search({ regions: ['611025'], levels: ['red'], limit: 100 });
    const also = await store.search({
      regions: ['611025'],
      levels: ['red'],
      alsoIds: ['id-0001'],
      limit: 100,
    });
    expect(also.reports.map((r) => r.id).sort()).toEqual(
      [...red.reports.map((r) => r.id), 'id-0001'].sort(),
    );
    expect((await store.search({ regions: [], limit: 10 })).reports).toEqual([]);
    await store.close();
  });
});
