import { z } from 'zod';

/**
 * InfluxQL durations as retention policies take them (`90d`, `2w`, `26h30m`), or `INF` for
 * forever. InfluxDB refuses a retention policy shorter than one hour.
 */
const DURATION = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/;

export function parseDuration(text: string): number | null {
  if (text === 'INF') return Number.POSITIVE_INFINITY;
  const m = DURATION.exec(text);
  if (!m || text === '') return null;
  const [w, d, h, min] = [m[1], m[2], m[3], m[4]].map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
  ];
  return (((w * 7 + d) * 24 + h) * 60 + min) * 60_000;
}

const Retention = z.string().refine((v) => {
  const ms = parseDuration(v);
  return ms !== null && ms >= 3_600_000;
}, 'must be an InfluxQL duration of at least 1h (e.g. 90d, 2w, 720h) or INF');

/** Database names go into URLs and InfluxQL identifiers: keep them plain. */
const DatabaseName = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (at most 64)');

/** The environment variables of the InfluxDB adapter (see README "## InfluxDB"). */
export const INFLUX_ENV = {
  /** `sqlite` (embedded, default) or `influx`. */
  STORE: z.enum(['sqlite', 'influx']).default('sqlite'),
  INFLUX_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  INFLUX_DB: DatabaseName.optional(),
  /** InfluxDB 2.x/3.x token, or 1.x `user:password` on 1.8+. */
  INFLUX_TOKEN: z.string().min(1).optional(),
  INFLUX_USER: z.string().min(1).optional(),
  INFLUX_PASSWORD: z.string().min(1).optional(),
  INFLUX_RAW_RETENTION: Retention.default('90d'),
  INFLUX_MINUTE_RETENTION: Retention.default('730d'),
  INFLUX_HOUR_RETENTION: Retention.default('INF'),
  INFLUX_DAY_RETENTION: Retention.default('INF'),
  /** Reports the local spool holds while InfluxDB is away; beyond it ingest answers 503. */
  INFLUX_SPOOL_MAX: z.coerce.number().int().min(100).max(10_000_000).default(200_000),
};

type InfluxEnvShape = z.output<z.ZodObject<typeof INFLUX_ENV>>;

export interface InfluxConfig {
  url: string;
  database: string;
  token?: string;
  username?: string;
  password?: string;
  /** `day` (the daily rollup) is kept forever when not given. */
  retention: { raw: string; minute: string; hour: string; day?: string };
  spoolMax: number;
}

/**
 * The checks one variable alone cannot make: what `STORE=influx` requires. Returns the problems as
 * `VARIABLE: message`, the way the rest of the environment reports them.
 */
export function influxEnvProblems(env: InfluxEnvShape): string[] {
  const problems: string[] = [];
  if (env.STORE !== 'influx') return problems;
  if (!env.INFLUX_URL) problems.push('INFLUX_URL: required when STORE=influx');
  if (!env.INFLUX_DB) problems.push('INFLUX_DB: required when STORE=influx');
  if (env.INFLUX_USER && !env.INFLUX_PASSWORD)
    problems.push('INFLUX_PASSWORD: required with INFLUX_USER');
  if (env.INFLUX_PASSWORD && !env.INFLUX_USER)
    problems.push('INFLUX_USER: required with INFLUX_PASSWORD');
  if (env.INFLUX_TOKEN && env.INFLUX_USER)
    problems.push('INFLUX_TOKEN: use either a token or INFLUX_USER/INFLUX_PASSWORD, not both');
  return problems;
}

/** The adapter's configuration from a validated environment (STORE=influx). */
export function influxConfig(env: InfluxEnvShape): InfluxConfig {
  if (!env.INFLUX_URL || !env.INFLUX_DB) throw new Error('INFLUX_URL and INFLUX_DB are required');
  return {
    url: env.INFLUX_URL,
    database: env.INFLUX_DB,
    token: env.INFLUX_TOKEN,
    username: env.INFLUX_USER,
    password: env.INFLUX_PASSWORD,
    retention: {
      raw: env.INFLUX_RAW_RETENTION,
      minute: env.INFLUX_MINUTE_RETENTION,
      hour: env.INFLUX_HOUR_RETENTION,
      day: env.INFLUX_DAY_RETENTION,
    },
    spoolMax: env.INFLUX_SPOOL_MAX,
  };
}
