import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '#contracts';
import { ReportPage } from '#contracts';
import { storedReport } from '#test-helpers/stored-report';
import { SessionTokens } from '../../backend/auth/session.js';
import { reportSearchRouter } from '../../backend/reports/search-routes.js';
import { isAfter, newestFirst, positionOf, searchMatcher } from '../../backend/store/search.js';
import type { ReportSearch, SearchBatch } from '../../backend/store/store.js';
import { UserDirectory } from '../../backend/users/directory.js';

/**
 * The route's side of a store that bounds its work (STORE=influx stops after a budget of rows):
 * batches shorter than asked, with a position to go on from, even none at all. Real HTTP, a
 * store that answers like that on purpose.
 */

const HASH = `$2b$10$${'a'.repeat(53)}`;
let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

/** Looks at `step` reports per call (every third call one), answers those that match. */
function boundedStore(reports: readonly Report[], step: number) {
  const sorted = [...reports].sort(newestFirst);
  let calls = 0;
  return {
    calls: () => calls,
    async search(query: ReportSearch): Promise<SearchBatch> {
      calls++;
      const matches = searchMatcher({ ...query, after: undefined });
      const rest = sorted.filter((r) => isAfter(r, query.after));
      const looked: Report[] = [];
      const reports: Report[] = [];
      for (const report of rest) {
        if (looked.length === (calls % 3 === 0 ? 1 : step) || reports.length === query.limit) break;
        looked.push(report);
        if (matches(report)) reports.push(report);
      }
      const last = looked.at(-1);
      return { reports, next: last && rest.length > looked.length ? positionOf(last) : null };
    },
  };
}

async function serve(store: ReturnType<typeof boundedStore>) {
  const tokens = new SessionTokens('test-secret', Date.now);
  const users = new UserDirectory([
    {
      id: 'county-zhang',
      username: 'county-zhang',
      name: '张',
      role: 'county',
      regionCode: '611025',
      leads: [],
      phone: null,
      passwordHash: HASH,
      demo: true,
    },
  ]);
  const app = express();
  app.use(
    reportSearchRouter({
      auth: { tokens, users },
      store,
      corrections: { apply: (r) => r, correctedIds: () => [] },
      regions: { has: () => true },
    }),
  );
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server?.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const token = tokens.issue('county-zhang').token;
  return async (query: string) => {
    const res = await fetch(`${url}/api/v1/reports?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    return ReportPage.parse(await res.json());
  };
}

describe('pages over a store that stops early', () => {
  it('go on from where the store stopped: every match once, in order, null at the end', async () => {
    const t0 = Date.parse('2026-11-22T09:30:00+08:00');
    const reports = Array.from({ length: 40 }, (_, i) =>
      storedReport({
        id: `id-${String(i).padStart(3, '0')}`,
        occurredAt: t0 + Math.floor(i / 4) * 1000,
        source: i % 3 ? 'hotline' : 'grid',
      }),
    );
    const store = boundedStore(reports, 3);
    const get = await serve(store);
    const expected = reports
      .filter((r) => r.source === 'grid')
      .sort(newestFirst)
      .map((r) => r.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let shortPages = 0;
    for (let pages = 0; pages < 100; pages++) {
      const page = await get(
        `source=grid&limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...page.items.map((r) => r.id));
      if (page.nextCursor && page.items.length < 4) shortPages++;
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(seen).toEqual(expected);
    // The route asked the store several times per page, and answered short rather than forever.
    expect(store.calls()).toBeGreaterThan(seen.length / 4);
    expect(shortPages).toBeGreaterThan(0);
  });
});
