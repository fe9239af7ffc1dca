/**
 * Rotate one source's ingest key without restarting the backend:
 *   npm run keys:rotate -- hotline [--grace-hours 24] [--file path]
 * The new key is printed; the old one stays valid for the grace period (0 revokes it at once).
 * The running backend re-reads the keys file within a second.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { IngestKeysFile, Source } from '#contracts';
import { rotated, writeKeysFile } from '../backend/auth/key-ring.js';
import { ConfigError } from '../backend/config/errors.js';
import { loadJsonFile } from '../backend/config/files.js';

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'grace-hours': { type: 'string', default: '24' },
      file: { type: 'string' },
    },
  });
  const source = Source.safeParse(positionals[0]);
  if (!source.success) {
    throw new ConfigError(`source: give one of hotline, app, grid (got "${positionals[0] ?? ''}")`);
  }
  const grace = Number(values['grace-hours']);
  if (!Number.isFinite(grace) || grace < 0 || grace > 24 * 30) {
    throw new ConfigError('--grace-hours: a number of hours from 0 to 720');
  }
  const file =
    values.file ??
    process.env.INGEST_KEYS_FILE ??
    join(process.env.DATA_DIR ?? './data', 'ingest-keys.json');
  if (!existsSync(file)) throw new ConfigError(`${file}: no keys file (start the backend once)`);
  const next = rotated(loadJsonFile(file, IngestKeysFile), source.data, grace, Date.now());
  writeKeysFile(file, next.content);
  console.log(
    JSON.stringify({
      source: source.data,
      key: next.key,
      file,
      oldKeyValidUntil:
        grace > 0 ? new Date(Date.now() + grace * 3_600_000).toISOString() : 'revoked now',
    }),
  );
}

try {
  main();
} catch (err) {
  console.error(err instanceof ConfigError ? `keys:rotate: ${err.message}` : err);
  process.exit(1);
}
