import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, unwatchFile, watchFile, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IngestKeysFile, Source } from '#contracts';
import { IngestKeysFile as IngestKeysFileSchema, SOURCES } from '#contracts';
import { loadJsonFile } from '../config/files.js';
import type { Logger } from '../platform/logger.js';

/** Ingest key → the source it may post for. */
export type IngestKeys = ReadonlyMap<string, Source>;

/** How often the keys file is checked for a rotation (stat only). */
const POLL_MS = 1000;

export function newKey(): string {
  return randomBytes(18).toString('base64url');
}

/** Write atomically (temp file + rename) so the server never reads half a file. */
export function writeKeysFile(file: string, content: IngestKeysFile): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** The keys a file grants now: current keys, and retired keys still within their grace. */
function grants(file: IngestKeysFile, now: number): { keys: Map<string, Source>; next: number } {
  const keys = new Map<string, Source>();
  let next = Infinity;
  for (const retired of file.retired) {
    const until = Date.parse(retired.until);
    if (until <= now) continue;
    keys.set(retired.key, retired.source);
    next = Math.min(next, until);
  }
  for (const source of SOURCES) {
    const key = file[source];
    if (key) keys.set(key, source);
  }
  return { keys, next };
}

/**
 * The ingest keys, read from a file that is watched: a rotated or revoked key takes effect within
 * a second, without a restart. Keys from INGEST_KEYS (environment) are always valid on top; they
 * change only with a restart. An invalid edit is refused with the file and field named, and the
 * previous keys stay in force.
 */
export class IngestKeyRing {
  private content: IngestKeysFile;
  private current: Map<string, Source> = new Map();
  private nextExpiry = Infinity;
  lastError: string | null = null;

  constructor(
    readonly file: string,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
    private readonly fixed: IngestKeys = new Map(),
  ) {
    this.content = loadJsonFile(file, IngestKeysFileSchema);
    this.recompute();
    watchFile(file, { interval: POLL_MS, persistent: false }, () => this.reload());
  }

  /** Key → source, as of now. */
  keys(): IngestKeys {
    if (this.clock() >= this.nextExpiry) this.recompute();
    return this.current;
  }

  reload(): void {
    if (!existsSync(this.file)) return;
    try {
      const next = loadJsonFile(this.file, IngestKeysFileSchema);
      if (JSON.stringify(next) === JSON.stringify(this.content)) return;
      this.content = next;
      this.lastError = null;
      this.recompute();
      this.log.info(`ingest keys reloaded from ${this.file}`);
    } catch (err) {
      this.lastError = (err as Error).message;
      this.log.error(`ingest keys not reloaded, previous keys stay in force: ${this.lastError}`);
    }
  }

  close(): void {
    unwatchFile(this.file);
  }

  private recompute(): void {
    const { keys, next } = grants(this.content, this.clock());
    for (const [key, source] of this.fixed) keys.set(key, source);
    this.current = keys;
    this.nextExpiry = next;
  }
}

/** The keys file with a fresh key for `source`; the old key stays valid for `graceHours`. */
export function rotated(
  content: IngestKeysFile,
  source: Source,
  graceHours: number,
  now: number,
): { content: IngestKeysFile; key: string } {
  const key = newKey();
  const old = content[source];
  const until = new Date(now + graceHours * 3_600_000).toISOString();
  const retired = content.retired.filter((r) => Date.parse(r.until) > now);
  if (old && graceHours > 0) retired.push({ source, key: old, until });
  return { content: { ...content, [source]: key, retired }, key };
}

/** The first keys file: one fresh key per source. */
export function freshKeysFile(): IngestKeysFile {
  return {
    $comment:
      'Ingest keys, one per source. Rotate with: npm run keys:rotate -- <source> [--grace-hours N]',
    ...Object.fromEntries(SOURCES.map((s) => [s, newKey()])),
    retired: [],
  };
}
