import { HttpError, InfluxDB, type Point, type WriteApi } from '@influxdata/influxdb-client';
import type { InfluxConfig } from './config.js';
import {
  InfluxQueryError,
  statementResults,
  type Params,
  type StatementResult,
} from './influxql.js';
import { RP } from './schema.js';

/** A write or query slower than this counts as failed (a hung server must not hang the spool). */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The v1-compatible HTTP API through `@influxdata/influxdb-client`: line protocol from its `Point`
 * and its `WriteApi` (path pointed at `/write`), InfluxQL through its transport to `/query`.
 * InfluxDB 1.x serves these natively, 2.x and 3.x through their v1 compatibility API.
 *
 * The client's own retry buffer is off: it lives in memory, so the durable spool retries instead.
 */
export class InfluxConnection {
  readonly database: string;
  private readonly influx: InfluxDB;
  private readonly writeApi: WriteApi;

  constructor(config: Pick<InfluxConfig, 'url' | 'database' | 'token' | 'username' | 'password'>) {
    this.database = config.database;
    const basic =
      config.username && config.password
        ? Buffer.from(`${config.username}:${config.password}`).toString('base64')
        : null;
    this.influx = new InfluxDB({
      url: config.url,
      token: config.token,
      timeout: REQUEST_TIMEOUT_MS,
      headers: basic ? { Authorization: `Basic ${basic}` } : undefined,
    });
    this.writeApi = this.influx.getWriteApi('', config.database, 'ns', {
      maxRetries: 0,
      // Nothing flushes on its own: the drainer sends one batch and awaits its answer.
      flushInterval: 0,
      batchSize: 1_000_000,
      maxBatchBytes: 256 * 1024 * 1024,
      // Uncompressed: gzip costs more CPU than it saves on a LAN (bench/influx-write.ts).
      gzipThreshold: Number.MAX_SAFE_INTEGER,
      // Failures are the drainer's to report (as the store's state), not the client's to log:
      // answering with the rejection skips the client's console logging and retry buffer.
      writeFailed: (error) => Promise.reject(error),
    });
    // Nanoseconds: see pointTime in schema.ts (whole-millisecond times plus a sub-ms sequence slot).
    this.writeApi.path = `/write?db=${encodeURIComponent(config.database)}&rp=${RP.raw}&precision=ns`;
  }

  /** Write the points as one request; resolves on InfluxDB's 204, rejects otherwise. */
  async write(points: readonly Point[]): Promise<void> {
    this.writeApi.writePoints(points);
    await this.writeApi.flush();
  }

  /**
   * Run InfluxQL (`;`-separated statements) with bound parameters; times come back in epoch ms.
   * `database: false` for statements that name their database themselves (CREATE DATABASE).
   */
  async query(q: string, params: Params = {}, database = true): Promise<StatementResult[]> {
    const query = new URLSearchParams({ epoch: 'ms' });
    if (database) query.set('db', this.database);
    const body = new URLSearchParams({ q });
    if (Object.keys(params).length > 0) body.set('params', JSON.stringify(params));
    const answer: unknown = await this.influx.transport.request(
      `/query?${query.toString()}`,
      body.toString(),
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
      },
    );
    return statementResults(answer);
  }

  async ping(): Promise<boolean> {
    try {
      await this.influx.transport.request('/ping', '', { method: 'GET' });
      return true;
    } catch {
      return false;
    }
  }

  /** Drop anything the write API holds (nothing, between batches); the spool keeps the rest. */
  close(): void {
    this.writeApi.dispose();
  }
}

/** A rejection InfluxDB will give again for the same lines (bad data), not an outage. */
export function isRejection(err: unknown): err is HttpError {
  return err instanceof HttpError && err.statusCode === 400 && !isMissingDatabase(err);
}

/**
 * The database or its raw retention policy is gone (dropped, or a new server): set the schema up
 * again rather than take the refusal as bad data.
 */
export function isMissingDatabase(err: unknown): boolean {
  const text = err instanceof HttpError ? `${err.body ?? ''} ${err.message}` : String(err);
  return /database not found|retention policy not found/i.test(text);
}

/**
 * InfluxDB did not serve the request: refused or reset connections, timeouts, 5xx, a proxy's
 * 404 or a wrong password. Not: InfluxDB answered and refused the statement itself (400, or an
 * error in the answer), which asking the spool instead would only hide.
 */
export function isOutage(err: unknown): boolean {
  if (err instanceof InfluxQueryError) return false;
  return !(err instanceof HttpError && err.statusCode === 400);
}

/** The request body was over InfluxDB's limit (`max-body-size`): send smaller batches. */
export function isTooLarge(err: unknown): boolean {
  return err instanceof HttpError && err.statusCode === 413;
}

export function describeError(err: unknown): string {
  if (err instanceof HttpError) return `HTTP ${err.statusCode}: ${err.body || err.message}`;
  return err instanceof Error ? err.message : String(err);
}
