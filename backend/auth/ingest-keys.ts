import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Source } from '#contracts';
import { IngestKeysFile, SOURCES, Source as SourceSchema } from '#contracts';
import { ConfigError } from '../config/errors.js';
import { loadJsonFile } from '../config/files.js';
import { freshKeysFile, writeKeysFile } from './key-ring.js';

/** Key → the one source it may post for. */
import type { IngestKeys } from './key-ring.js';

export type { IngestKeys };

/** Parse `hotline:KEY,app:KEY,grid:KEY`. */
export function parseIngestKeys(spec: string): IngestKeys {
  const keys = new Map<string, Source>();
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, key] = [part.slice(0, part.indexOf(':')), part.slice(part.indexOf(':') + 1)];
    const source = SourceSchema.safeParse(name);
    if (part.indexOf(':') < 1 || !source.success) {
      throw new ConfigError(
        `environment: INGEST_KEYS: "${name || part}" is not one of ${SOURCES.join(', ')}`,
      );
    }
    if (key.length < 16) {
      throw new ConfigError(
        `environment: INGEST_KEYS: the ${name} key must be at least 16 characters`,
      );
    }
    keys.set(key, source.data);
  }
  if (keys.size === 0) throw new ConfigError('environment: INGEST_KEYS: no keys given');
  return keys;
}

/**
 * Where the watched keys file is: INGEST_KEYS_FILE, else DATA_DIR/ingest-keys.json unless the
 * keys come from INGEST_KEYS alone.
 */
export function keysFilePath(env: {
  INGEST_KEYS?: string;
  INGEST_KEYS_FILE?: string;
  DATA_DIR: string;
}): string | null {
  if (env.INGEST_KEYS_FILE) return env.INGEST_KEYS_FILE;
  return env.INGEST_KEYS ? null : join(env.DATA_DIR, 'ingest-keys.json');
}

/**
 * Development keys: generated once into the keys file, so they survive restarts, and printed so a
 * developer can curl straight away.
 */
export function ensureDevelopmentKeys(file: string, print: (line: string) => void): void {
  if (!existsSync(file)) writeKeysFile(file, freshKeysFile());
  const content = loadJsonFile(file, IngestKeysFile);
  print(`INGEST_KEYS not set; development keys (kept in ${file}):`);
  for (const source of SOURCES) if (content[source]) print(`  ${source}: ${content[source]}`);
}

/** A per-deployment secret (the session secret), generated once and kept in DATA_DIR. */
export function deploymentSecret(dataDir: string, name: string): string {
  const file = join(dataDir, `${name}.secret`);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * The key of the salted phone hashes: PHONE_HASH_SALT, else the file PHONE_HASH_SALT_FILE (outside
 * DATA_DIR; `loadEnv` checked where it is), else, in development only, DATA_DIR/phone-salt.secret
 * with a warning: there it sits beside the hashes it protects. Production never gets here without
 * one of the two (`loadEnv` refuses to start).
 */
export function phoneHashSalt(
  env: { PHONE_HASH_SALT?: string; PHONE_HASH_SALT_FILE?: string; DATA_DIR: string },
  warn: (line: string) => void,
): string {
  if (env.PHONE_HASH_SALT) return env.PHONE_HASH_SALT;
  if (env.PHONE_HASH_SALT_FILE) {
    let salt: string;
    try {
      salt = readFileSync(env.PHONE_HASH_SALT_FILE, 'utf8').trim();
    } catch (err) {
      throw new ConfigError(
        `environment: PHONE_HASH_SALT_FILE: cannot read ${env.PHONE_HASH_SALT_FILE} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      );
    }
    if (salt.length < 16) {
      throw new ConfigError(
        `environment: PHONE_HASH_SALT_FILE: ${env.PHONE_HASH_SALT_FILE} must hold a key of at least 16 characters`,
      );
    }
    return salt;
  }
  warn(
    `PHONE_HASH_SALT not set: the phone-hash key is kept in ${join(env.DATA_DIR, 'phone-salt.secret')}, beside the hashes it protects (development only; set PHONE_HASH_SALT or PHONE_HASH_SALT_FILE, outside DATA_DIR, as production requires)`,
  );
  return deploymentSecret(env.DATA_DIR, 'phone-salt');
}
