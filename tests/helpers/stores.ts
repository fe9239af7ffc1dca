import { createHash } from 'node:crypto';
import { inject } from 'vitest';
import { silentLogger } from '../../backend/platform/logger.js';
import type { InfluxConfig } from '../../backend/store/influx/config.js';
import { InfluxReportStore } from '../../backend/store/influx/influx-store.js';
import { dropDatabase } from '../../backend/store/influx/setup.js';
import { SqliteReportStore } from '../../backend/store/sqlite/sqlite-store.js';
import type { ReportStore } from '../../backend/store/store.js';

export type StoreKind = 'sqlite' | 'influx';
/** The stores the shared integration suites run against. */
export const STORES: readonly StoreKind[] = ['sqlite', 'influx'];

/**
 * The database a data dir's store uses: derived from the dir, so a test restarting a server on
 * the same data dir finds the same reports.
 */
export function influxDatabase(dataDir: string): string {
  return `minqing_${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
}

export function influxTestConfig(url: string, database: string, spoolMax = 200_000): InfluxConfig {
  return {
    url,
    database,
    retention: { raw: '90d', minute: '730d', hour: 'INF' },
    spoolMax,
  };
}

export interface TestStore {
  store: ReportStore;
  /** Forget the store's data outside the data dir (the InfluxDB database). */
  drop(): Promise<void>;
}

/** SQLite in the data dir, or InfluxDB (the run's influxd unless `influxUrl`) with its spool there. */
export async function openTestStore(
  kind: StoreKind,
  dataDir: string,
  options: { influxUrl?: string; spoolMax?: number } = {},
): Promise<TestStore> {
  if (kind === 'sqlite') return { store: new SqliteReportStore(dataDir), drop: async () => {} };
  const url = options.influxUrl ?? inject('influxUrl');
  const config = influxTestConfig(url, influxDatabase(dataDir), options.spoolMax);
  const store = await InfluxReportStore.open({ config, dataDir, log: silentLogger });
  return { store, drop: () => dropDatabase(store.conn).catch(() => undefined) };
}
