import type { Env } from '../config/env.js';
import type { Logger } from '../platform/logger.js';
import { influxConfig } from './influx/config.js';
import { InfluxReportStore } from './influx/influx-store.js';
import { SqliteReportStore } from './sqlite/sqlite-store.js';
import type { ReportStore } from './store.js';

/**
 * The report store `STORE` names: embedded SQLite (default) or InfluxDB behind its local spool.
 * InfluxDB being away does not stop the start (a crash during an outage must not become a crash
 * loop): reports are taken into the spool at once and shipped, with the database set up, once
 * InfluxDB answers.
 */
export async function openStore(env: Env, log: Logger): Promise<ReportStore> {
  if (env.STORE === 'sqlite') return new SqliteReportStore(env.DATA_DIR);
  const config = influxConfig(env);
  const store = await InfluxReportStore.open({ config, dataDir: env.DATA_DIR, log });
  log.info(`store: InfluxDB ${config.url} database ${config.database} (spool in ${env.DATA_DIR})`);
  const { lastError, spooled } = store.status();
  if (lastError !== null) {
    log.warn(
      `store: InfluxDB is not answering (${lastError}); starting anyway: reports are kept in the ` +
        `spool (${spooled} waiting) and the database is set up when InfluxDB answers`,
    );
  }
  return store;
}
