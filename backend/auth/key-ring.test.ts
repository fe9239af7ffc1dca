import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../platform/logger.js';
import { IngestKeyRing, freshKeysFile, rotated, writeKeysFile } from './key-ring.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function ringWith(now: { t: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'minqing-ring-'));
  dirs.push(dir);
  const file = join(dir, 'ingest-keys.json');
  const first = freshKeysFile();
  const next = rotated(first, 'grid', 2, now.t);
  writeKeysFile(file, next.content);
  const ring = new IngestKeyRing(file, silentLogger, () => now.t);
  return { ring, old: first.grid as string, fresh: next.key };
}

describe('the ingest key ring', () => {
  it('honours a retired key until its grace ends, then refuses it', () => {
    const now = { t: Date.parse('2026-11-22T08:00:00+08:00') };
    const { ring, old, fresh } = ringWith(now);
    expect(ring.keys().get(old)).toBe('grid');
    expect(ring.keys().get(fresh)).toBe('grid');
    now.t += 2 * 3_600_000 - 1;
    expect(ring.keys().get(old)).toBe('grid');
    now.t += 1;
    expect(ring.keys().get(old)).toBeUndefined();
    expect(ring.keys().get(fresh)).toBe('grid');
    ring.close();
  });

  it('drops expired retired keys from the file at the next rotation', () => {
    const t = Date.parse('2026-11-22T08:00:00+08:00');
    const once = rotated(freshKeysFile(), 'app', 1, t);
    expect(once.content.retired).toHaveLength(1);
    const twice = rotated(once.content, 'app', 0, t + 2 * 3_600_000);
    expect(twice.content.retired).toHaveLength(0);
  });
});
