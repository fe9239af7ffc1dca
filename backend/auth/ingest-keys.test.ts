import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { phoneHashSalt } from './ingest-keys.js';

const dirs: string[] = [];
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'minqing-salt-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the phone-hash key', () => {
  it('comes from PHONE_HASH_SALT, and nothing is written to DATA_DIR', () => {
    const data = temp();
    const warnings: string[] = [];
    const salt = phoneHashSalt({ PHONE_HASH_SALT: 'k'.repeat(32), DATA_DIR: data }, (l) =>
      warnings.push(l),
    );
    expect(salt).toBe('k'.repeat(32));
    expect(warnings).toEqual([]);
    expect(existsSync(join(data, 'phone-salt.secret'))).toBe(false);
  });

  it('comes from a key file outside DATA_DIR, trimmed', () => {
    const file = join(temp(), 'phone-salt');
    writeFileSync(file, `${'f'.repeat(40)}\n`);
    expect(phoneHashSalt({ PHONE_HASH_SALT_FILE: file, DATA_DIR: temp() }, () => {})).toBe(
      'f'.repeat(40),
    );
  });

  it('names PHONE_HASH_SALT_FILE when the file is missing or too short', () => {
    const dir = temp();
    expect(() =>
      phoneHashSalt({ PHONE_HASH_SALT_FILE: join(dir, 'none'), DATA_DIR: temp() }, () => {}),
    ).toThrow(/^environment: PHONE_HASH_SALT_FILE: cannot read .*ENOENT/);
    writeFileSync(join(dir, 'short'), 'abc\n');
    expect(() =>
      phoneHashSalt({ PHONE_HASH_SALT_FILE: join(dir, 'short'), DATA_DIR: temp() }, () => {}),
    ).toThrow(/PHONE_HASH_SALT_FILE: .* at least 16 characters/);
  });

  it('falls back to DATA_DIR in development, with a warning, and keeps it across starts', () => {
    const data = temp();
    const warnings: string[] = [];
    const first = phoneHashSalt({ DATA_DIR: data }, (l) => warnings.push(l));
    expect(warnings[0]).toMatch(/PHONE_HASH_SALT not set.*development only/);
    expect(readFileSync(join(data, 'phone-salt.secret'), 'utf8').trim()).toBe(first);
    expect(phoneHashSalt({ DATA_DIR: data }, () => {})).toBe(first);
  });
});
