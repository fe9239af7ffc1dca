import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBackend, waitForExit, type BackendProcess } from '../helpers/process.js';
import { REPO, post, report } from '../helpers/server.js';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'minqing-keys-'));
const keysFile = join(dataDir, 'ingest-keys.json');
let backend: BackendProcess;

const fileKeys = () => JSON.parse(readFileSync(keysFile, 'utf8')) as Record<string, string>;

async function rotate(source: string, graceHours: number): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'scripts/keys-rotate.ts', source, '--grace-hours', String(graceHours)],
    { cwd: REPO, env: { ...process.env, DATA_DIR: dataDir } },
  );
  return (JSON.parse(stdout) as { key: string }).key;
}

/** The server re-reads the file within a second or so: poll until the key answers `status`. */
async function untilStatus(key: string, status: number): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await post(backend.url, report(), { key });
    if (res.status === status || Date.now() > deadline) return res.status;
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  // No INGEST_KEYS: development keys are generated into DATA_DIR/ingest-keys.json and watched.
  backend = await spawnBackend({ DATA_DIR: dataDir });
}, 60_000);
afterAll(async () => {
  backend?.child.kill('SIGTERM');
  if (backend) await waitForExit(backend.child);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('ingest keys rotate without a restart', () => {
  it('prints the generated development keys and accepts them', async () => {
    const keys = fileKeys();
    expect(backend.output()).toContain(keys.hotline);
    expect((await post(backend.url, report(), { key: keys.hotline })).status).toBe(202);
  });

  it('keeps the old key during its grace period and accepts the new one at once', async () => {
    const old = fileKeys().hotline as string;
    const fresh = await rotate('hotline', 24);
    expect(fresh).not.toBe(old);
    expect(await untilStatus(fresh, 202)).toBe(202);
    expect((await post(backend.url, report(), { key: old })).status).toBe(202);
  });

  it('revokes the old key with --grace-hours 0', async () => {
    const old = fileKeys().hotline as string;
    const fresh = await rotate('hotline', 0);
    expect(await untilStatus(old, 401)).toBe(401);
    expect((await post(backend.url, report(), { key: fresh })).status).toBe(202);
  });

  it('a rotated key still posts only for its own source', async () => {
    const appKey = await rotate('app', 0);
    expect(await untilStatus(appKey, 403)).toBe(403);
    const res = await post(backend.url, report({ source: 'hotline' }), { key: appKey });
    expect(res.body.message).toContain('"app"');
  });

  it('an invalid edit of the keys file is refused and the keys in force stay', async () => {
    const keys = fileKeys();
    writeFileSync(keysFile, JSON.stringify({ ...keys, hotline: 'short' }));
    const deadline = Date.now() + 10_000;
    while (!backend.output().includes('ingest keys not reloaded') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(backend.output()).toMatch(/ingest-keys\.json: hotline: must be at least 16/);
    expect((await post(backend.url, report(), { key: keys.hotline })).status).toBe(202);
  });
});
