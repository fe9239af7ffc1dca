import { resolve } from 'node:path';
import { RegionFile } from '#contracts';
import { createSimulator } from '../collectors/simulator/simulator.js';
import { createVisitSimulator } from '../collectors/simulator/visits.js';
import { createApp } from './app.js';
import {
  ensureDevelopmentKeys,
  keysFilePath,
  parseIngestKeys,
  phoneHashSalt,
} from './auth/ingest-keys.js';
import { IngestKeyRing } from './auth/key-ring.js';
import type { IngestKeys } from './auth/ingest-keys.js';
import { loadEnv } from './config/env.js';
import { ConfigError } from './config/errors.js';
import { loadJsonFile } from './config/files.js';
import { createLogger } from './platform/logger.js';
import { RegionTree } from './regions/tree.js';
import { RulesSource } from './sentiment/rules/rules-source.js';
import { openStore } from './store/open.js';

/** Composition root: validate the deployment, build the app from real parts, run it. */
async function main(): Promise<void> {
  const signals = new StartSignals();
  const env = loadEnv();
  const log = createLogger(env.LOG_LEVEL);
  const regionsFile = resolve(env.CONFIG_DIR, 'regions.json');
  const regions = RegionTree.fromFile(loadJsonFile(regionsFile, RegionFile), regionsFile);
  const rules = new RulesSource(resolve(env.CONFIG_DIR, 'rules.json'), log);
  const fixedKeys: IngestKeys = env.INGEST_KEYS
    ? parseIngestKeys(env.INGEST_KEYS)
    : new Map<string, never>();
  const keysFile = keysFilePath(env);
  if (keysFile && !env.INGEST_KEYS && !env.INGEST_KEYS_FILE) {
    ensureDevelopmentKeys(keysFile, (line) => log.info(line));
  }
  const ring = keysFile ? new IngestKeyRing(keysFile, log, Date.now, fixedKeys) : null;
  const phoneSalt = phoneHashSalt(env, (line) => log.warn(line));
  const store = await openStore(env, log);
  if (signals.pending) return signals.stopNow(log, () => store.close());
  const app = await createApp({
    store,
    regions,
    rules,
    keys: ring ? () => ring.keys() : () => fixedKeys,
    phoneSalt,
    log,
    wallDir: resolve(import.meta.dirname, '../dashboard/dist'),
    dataDir: env.DATA_DIR,
    configDir: env.CONFIG_DIR,
    production: env.NODE_ENV === 'production',
    wallToken: env.WALL_TOKEN,
    trustProxy: env.TRUST_PROXY,
    wallLimits: {
      maxPerAddress: env.WALL_MAX_PER_ADDRESS,
      maxConnections: env.WALL_MAX_CONNECTIONS,
    },
  });
  if (signals.pending) return signals.stopNow(log, () => app.close().then(() => store.close()));
  const address = await app.listen(env.PORT, env.HOST);
  log.info(
    `民情气象 listening on http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${address.port} (store: ${store.kind}, data: ${resolve(env.DATA_DIR)})`,
  );

  const simulator = env.SIMULATOR
    ? createSimulator({
        regions: regions.all,
        submit: (reports) => app.ingest.ingest(reports),
        reportsPerMinute: env.SIMULATOR_RATE,
        log: (message) => log.debug(`simulator: ${message}`),
      })
    : null;
  // Grid workers' visits (走访) through the grid collector, so 走访平安村 lives in a demo too.
  const visits = env.SIMULATOR
    ? createVisitSimulator({
        workers: () => app.grid.workers.all(),
        file: (batch) => app.grid.batches.file(batch),
        log: (message) => log.debug(`simulator: ${message}`),
      })
    : null;
  simulator?.start();
  visits?.start();
  if (simulator)
    log.info(`simulator on (${env.SIMULATOR_RATE} reports/min); SIMULATOR=off turns it off`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    // Every accepted report is already on disk; do not let a stuck client hold the exit.
    setTimeout(() => process.exit(1), 5000).unref();
    simulator?.stop();
    visits?.stop();
    ring?.close();
    app
      .close()
      .then(() => store.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          log.error(String(err));
          process.exit(1);
        },
      );
  };
  signals.up(stop);
}

/**
 * SIGINT and SIGTERM from the first moment. Without a handler Node dies at once, and a start can
 * take a while (InfluxDB hung: about 20 s): a signal before the server is up is noted and logged,
 * the start stops at the next point where what it opened can be closed, and a start that stays
 * stuck is ended 5 s later. Either way nothing acknowledged is at risk (the store is durable).
 */
class StartSignals {
  pending: string | null = null;
  private stop: ((signal: string) => void) | null = null;

  constructor() {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => this.received(signal));
    }
  }

  private received(signal: string): void {
    if (this.stop) return this.stop(signal);
    if (this.pending) return;
    this.pending = signal;
    console.error(`${signal} while starting: stopping (at most 5 s)`);
    setTimeout(() => process.exit(1), 5000).unref();
  }

  /** The server is up: signals now run `stop`, at once for one received while starting. */
  up(stop: (signal: string) => void): void {
    this.stop = stop;
    if (this.pending) stop(this.pending);
  }

  /** Close what the start opened and exit (a signal came while starting). */
  stopNow(log: { info: (line: string) => void }, close: () => Promise<void>): void {
    log.info(`${this.pending}: stopped before the server was up`);
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(`配置错误 / configuration error: ${err.message}`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
