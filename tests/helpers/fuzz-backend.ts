import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Source } from '#contracts';
import { createApp } from '../../backend/app.js';
import type { IngestKeys } from '../../backend/auth/ingest-keys.js';
import type { Logger } from '../../backend/platform/logger.js';
import { RulesSource } from '../../backend/sentiment/rules/rules-source.js';
import { SqliteReportStore } from '../../backend/store/sqlite/sqlite-store.js';
import { KEYS, REPO, loadRegions } from './server.js';
import { openTestStore } from './stores.js';
import { type FuzzOptions, type FuzzReport, fuzzServer, send } from './fuzz-run.js';

// A backend of its own

export interface FuzzBackend {
  url: string;
  /** Every line the server logged at warn or error. */
  logged: string[];
  close(): Promise<void>;
}

/**
 * The real backend on an ephemeral port (SQLite in a temp dir, the repo's config), trusting a
 * loopback proxy: each generated case names its own client address in X-Forwarded-For.
 */
export async function startFuzzBackend(options: { influxUrl?: string } = {}): Promise<FuzzBackend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'minqing-fuzz-data-'));
  const configDir = mkdtempSync(join(tmpdir(), 'minqing-fuzz-config-'));
  cpSync(join(REPO, 'config'), configDir, { recursive: true });
  // The QR page is served from the built wall; a stand-in when it is not built yet.
  let wallDir = join(REPO, 'dashboard/dist');
  if (!existsSync(join(wallDir, 'report.html'))) {
    wallDir = join(dataDir, 'wall');
    mkdirSync(wallDir);
    for (const page of ['index.html', 'report.html', 'leader.html']) {
      writeFileSync(join(wallDir, page), '<!doctype html><title>fuzz</title>');
    }
  }
  const logged: string[] = [];
  const log: Logger = {
    debug: () => {},
    info: () => {},
    warn: (m) => void logged.push(`WARN ${m}`),
    error: (m) => void logged.push(`ERROR ${m}`),
  };
  const keys: IngestKeys = new Map(Object.entries(KEYS).map(([s, k]) => [k, s as Source]));
  const { store, drop } = options.influxUrl
    ? await openTestStore('influx', dataDir, { influxUrl: options.influxUrl })
    : { store: new SqliteReportStore(dataDir), drop: async () => {} };
  const app = await createApp({
    store,
    regions: loadRegions(),
    rules: new RulesSource(join(configDir, 'rules.json'), log),
    keys: () => keys,
    phoneSalt: 'fuzz-phone-hash-salt-0123456789',
    log,
    schedules: false,
    wallDir,
    dataDir,
    configDir,
    trustProxy: 'loopback',
  });
  const address = await app.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${address.port}`,
    logged,
    close: async () => {
      await app.close();
      await store.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}

/** Logged errors by their message and first frame in our code, most frequent first. */
function faults(logged: readonly string[]): Array<{ error: string; count: number }> {
  const counts = new Map<string, number>();
  for (const line of logged) {
    if (!line.startsWith('ERROR ')) continue;
    const [message = '', ...frames] = line.split('\n');
    const ours = frames.find((f) => f.includes(REPO) && !f.includes('node_modules'));
    const key = `${message.replace(/^ERROR (unhandled error: )?/, '')}${ours ? ` ${ours.trim()}` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([error, count]) => ({ error, count })).sort((a, b) => b.count - a.count);
}

/**
 * Start a backend, fuzz every endpoint with `runs` cases each from `seed`, send each failure
 * again alone to capture what the server logged (its stack), stop. What `npm test` and
 * `npm run proof` call.
 */
export async function fuzzEveryEndpoint(options: FuzzOptions): Promise<FuzzReport> {
  const backend = await startFuzzBackend({ influxUrl: options.influxUrl });
  try {
    const report = await fuzzServer(backend.url, options);
    report.serverErrors = faults(backend.logged);
    for (const failure of report.failures) {
      const cut = failure.bodyLength > (failure.body?.length ?? 0);
      if (cut || failure.pathLength > failure.path.length) continue;
      const before = backend.logged.length;
      await send(
        backend.url,
        {
          method: failure.method,
          path: failure.path,
          headers: failure.headers,
          body: failure.body ?? undefined,
        },
        options.timeoutMs ?? 10_000,
      );
      failure.serverLog = backend.logged.slice(before).join('\n').slice(0, 4000);
    }
    return report;
  } finally {
    await backend.close();
  }
}
