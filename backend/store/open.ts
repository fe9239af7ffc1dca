import type { Env } from '../config/env.js';
import type { Logger } from '../platform/logger.js';
import { influxConfig } from './influx/config.js';
import { InfluxReportStore } from './influx/influx-store.js';
import { SqliteReportStore } from './sqlite/sqlite-store.js';
import type { ReportStore } from './store.js';

/** The report store `STORE` names: embedded SQLite (default) or InfluxDB behind its local spool. */
export async function openStore(env: Env, log: Logger): Promise<ReportStore> {
  if (env.STORE === 'sqlite') return new SqliteReportStore(env.DATA_DIR);
  const config = influxConfig(env);
  const store = await InfluxReportStore.open({ config, dataDir: env.DATA_DIR, log });
  log.info(`store: InfluxDB ${config.url} database ${config.database} (spool in ${env.DATA_DIR})`);
  return store;
}
