import { z } from 'zod';
import { Source } from './report.js';

export const INGEST_KEY_MIN_LENGTH = 16;
const Key = z
  .string()
  .min(INGEST_KEY_MIN_LENGTH, `must be at least ${INGEST_KEY_MIN_LENGTH} characters`)
  .regex(/^\S+$/, 'must not contain spaces');

/** A key replaced by rotation, still accepted until `until` so senders can switch over. */
export const RetiredKey = z.strictObject({
  source: Source,
  key: Key,
  until: z.iso.datetime({ offset: true, message: 'must be ISO 8601 with offset' }),
});
export type RetiredKey = z.infer<typeof RetiredKey>;

/**
 * The ingest keys file (DATA_DIR/ingest-keys.json, or INGEST_KEYS_FILE): the current key of each
 * source at the top level, retired keys with their grace period below. Re-read on change, so a
 * rotation needs no restart.
 */
export const IngestKeysFile = z.strictObject({
  $comment: z.string().optional(),
  hotline: Key.optional(),
  app: Key.optional(),
  grid: Key.optional(),
  retired: z.array(RetiredKey).default([]),
});
export type IngestKeysFile = z.infer<typeof IngestKeysFile>;
