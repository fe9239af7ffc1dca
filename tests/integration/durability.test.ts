import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteReportStore } from '../../backend/store/sqlite/sqlite-store.js';
import { spawnBackend, waitForExit } from '../helpers/process.js';
import { KEYS, post, report } from '../helpers/server.js';

const dataDir = mkdtempSync(join(tmpdir(), 'minqing-kill9-'));
const INGEST_KEYS = `hotline:${KEYS.hotline},app:${KEYS.app},grid:${KEYS.grid}`;

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('nothing acknowledged is lost', () => {
  it('every report answered 202 is in the store after kill -9 mid-load', async () => {
    const backend = await spawnBackend({ DATA_DIR: dataDir, INGEST_KEYS });
    const acknowledged: string[] = [];
    let stop = false;
    // Four concurrent posters keep the server busy while it is killed.
    const posters = Array.from({ length: 4 }, async () => {
      while (!stop) {
        try {
          const res = await post(backend.url, [report(), report(), report()]);
          if (res.status === 202) acknowledged.push(...(res.body.ids as string[]));
        } catch {
          return; // connection refused or reset: the server is gone
        }
      }
    });
    while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 5));
    backend.child.kill('SIGKILL');
    await waitForExit(backend.child);
    stop = true;
    await Promise.all(posters);

    const store = new SqliteReportStore(dataDir);
    const stored = new Set((await store.since(0)).map((r) => r.id));
    await store.close();
    const missing = acknowledged.filter((id) => !stored.has(id));
    expect(missing).toEqual([]);

    // The restarted backend serves the same reports.
    const again = await spawnBackend({ DATA_DIR: dataDir, INGEST_KEYS });
    const res = await fetch(`${again.url}/readyz`);
    expect(res.status).toBe(200);
    again.child.kill('SIGTERM');
    await waitForExit(again.child);
  }, 60_000);

  it('refuses to start with a clear message naming a bad environment variable', async () => {
    await expect(spawnBackend({ DATA_DIR: dataDir, PORT: 'abc' })).rejects.toThrow(/PORT/);
    await expect(
      spawnBackend({ DATA_DIR: dataDir, INGEST_KEYS: 'fax:0123456789abcdef01' }),
    ).rejects.toThrow(/INGEST_KEYS: "fax"/);
  });
});
