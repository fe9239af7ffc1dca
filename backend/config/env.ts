import { isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';
import { INFLUX_ENV, influxEnvProblems } from '../store/influx/config.js';
import { ConfigError, formatIssues } from './errors.js';

const OnOff = z
  .enum(['on', 'off', 'true', 'false', '1', '0'])
  .transform((v) => v === 'on' || v === 'true' || v === '1');

/** Every environment variable the backend reads, validated once at boot. */
export const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  CONFIG_DIR: z.string().min(1).default('./config'),
  /** `hotline:KEY,app:KEY,grid:KEY`; required in production. */
  INGEST_KEYS: z.string().optional(),
  /** A watched keys file (contracts/ingest-keys.ts): keys rotate without a restart. */
  INGEST_KEYS_FILE: z.string().min(1).optional(),
  SIMULATOR: OnOff.default(true),
  SIMULATOR_RATE: z.coerce.number().positive().max(10_000).default(8),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /**
   * Behind a reverse proxy: which proxies to believe about the client's address (express's
   * `trust proxy`: a hop count like `1`, or `loopback`, `10.0.0.0/8`…). Per-address limits (the
   * village QR page) need it, or every resident shares the proxy's address.
   */
  TRUST_PROXY: z
    .string()
    .min(1)
    .transform((v) => (/^\d+$/.test(v) ? Number(v) : v))
    .optional(),
  /**
   * The key of the salted phone hashes (repeat callers), ≥ 16 characters, or a file holding it
   * outside DATA_DIR: a copy of the data must not carry the key with the hashes. Production
   * needs one of the two; development falls back to DATA_DIR/phone-salt.secret with a warning.
   */
  PHONE_HASH_SALT: z.string().min(16, 'at least 16 characters').optional(),
  PHONE_HASH_SALT_FILE: z.string().min(1).optional(),
  /** Read-only token the wall page and its socket must present (`/?token=…`); open without it. */
  WALL_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  /** Concurrent /wall sockets one client address may hold (behind TRUST_PROXY, the forwarded one). */
  WALL_MAX_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  /** Concurrent /wall sockets in all. */
  WALL_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(2000),
  /** STORE (sqlite | influx) and the INFLUX_* settings (README "## InfluxDB"). */
  ...INFLUX_ENV,
});
export type Env = z.infer<typeof Env>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = Env.safeParse(source);
  if (!result.success) {
    throw new ConfigError(`environment: ${formatIssues(result.error.issues)}`);
  }
  const { NODE_ENV, INGEST_KEYS, INGEST_KEYS_FILE } = result.data;
  if (NODE_ENV === 'production' && !INGEST_KEYS && !INGEST_KEYS_FILE) {
    throw new ConfigError(
      'environment: INGEST_KEYS: INGEST_KEYS or INGEST_KEYS_FILE is required when NODE_ENV=production',
    );
  }
  const salt = phoneSaltProblem(result.data);
  if (salt) throw new ConfigError(`environment: ${salt}`);
  const influx = influxEnvProblems(result.data);
  if (influx.length > 0) throw new ConfigError(`environment: ${influx.join('; ')}`);
  return result.data;
}

/** Where the phone-hash key may come from (README "Personal data (个人信息保护法)"). */
function phoneSaltProblem(env: Env): string | null {
  const { PHONE_HASH_SALT, PHONE_HASH_SALT_FILE, DATA_DIR, NODE_ENV } = env;
  if (PHONE_HASH_SALT && PHONE_HASH_SALT_FILE) {
    return 'PHONE_HASH_SALT: set PHONE_HASH_SALT or PHONE_HASH_SALT_FILE, not both';
  }
  if (PHONE_HASH_SALT_FILE) {
    const inside = relative(resolve(DATA_DIR), resolve(PHONE_HASH_SALT_FILE));
    if (!inside.startsWith('..') && !isAbsolute(inside)) {
      return `PHONE_HASH_SALT_FILE: ${PHONE_HASH_SALT_FILE} is inside DATA_DIR (${DATA_DIR}); keep the key outside it, so a copy of the data does not carry the key with the hashes`;
    }
  }
  if (NODE_ENV === 'production' && !PHONE_HASH_SALT && !PHONE_HASH_SALT_FILE) {
    return 'PHONE_HASH_SALT: PHONE_HASH_SALT or PHONE_HASH_SALT_FILE is required when NODE_ENV=production (a key of at least 16 characters kept outside DATA_DIR, e.g. from `openssl rand -hex 32`)';
  }
  return null;
}
