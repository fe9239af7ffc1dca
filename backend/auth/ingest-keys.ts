import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Source } from '../../contracts/index.js';
import { SOURCES, Source as SourceSchema } from '../../contracts/index.js';
import { ConfigError } from '../config/errors.js';

/** Key → the one source it may post for. */
export type IngestKeys = ReadonlyMap<string, Source>;

const KeysFile = z.record(SourceSchema, z.string().min(16));

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
 * Development keys: generated once, kept in DATA_DIR so they survive restarts, and printed so a
 * developer can curl straight away.
 */
export function developmentKeys(dataDir: string, print: (line: string) => void): IngestKeys {
  const file = join(dataDir, 'ingest-keys.json');
  let stored: Record<string, string>;
  if (existsSync(file)) {
    const parsed = KeysFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success)
      throw new ConfigError(`${file}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    stored = parsed.data;
  } else {
    stored = Object.fromEntries(SOURCES.map((s) => [s, randomBytes(18).toString('base64url')]));
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  print(`INGEST_KEYS not set; development keys (kept in ${file}):`);
  const keys = new Map<string, Source>();
  for (const source of SOURCES) {
    const key = stored[source];
    if (!key) continue;
    keys.set(key, source);
    print(`  ${source}: ${key}`);
  }
  return keys;
}

/** A per-deployment secret (phone hash salt), generated once and kept in DATA_DIR. */
export function deploymentSecret(dataDir: string, name: string): string {
  const file = join(dataDir, `${name}.secret`);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
