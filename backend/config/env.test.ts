import { describe, expect, it } from 'vitest';
import { loadEnv } from './env.js';

const KEYS = { INGEST_KEYS: 'hotline:0123456789abcdef' };

describe('the phone-hash key in the environment', () => {
  it('refuses production without PHONE_HASH_SALT or PHONE_HASH_SALT_FILE, naming the variable', () => {
    expect(() => loadEnv({ NODE_ENV: 'production', ...KEYS })).toThrow(
      /^environment: PHONE_HASH_SALT: PHONE_HASH_SALT or PHONE_HASH_SALT_FILE is required when NODE_ENV=production/,
    );
  });

  it('takes production with either', () => {
    const salt = 'a-salt-of-32-characters-0123456';
    expect(
      loadEnv({ NODE_ENV: 'production', ...KEYS, PHONE_HASH_SALT: salt }).PHONE_HASH_SALT,
    ).toBe(salt);
    expect(
      loadEnv({ NODE_ENV: 'production', ...KEYS, PHONE_HASH_SALT_FILE: '/etc/minqing/phone-salt' })
        .PHONE_HASH_SALT_FILE,
    ).toBe('/etc/minqing/phone-salt');
  });

  it('refuses a short key, both at once, and a key file inside DATA_DIR', () => {
    expect(() => loadEnv({ PHONE_HASH_SALT: 'short' })).toThrow(
      /PHONE_HASH_SALT: at least 16 characters/,
    );
    expect(() =>
      loadEnv({ PHONE_HASH_SALT: 'x'.repeat(16), PHONE_HASH_SALT_FILE: '/etc/minqing/salt' }),
    ).toThrow(/PHONE_HASH_SALT: set PHONE_HASH_SALT or PHONE_HASH_SALT_FILE, not both/);
    for (const file of ['./data/phone-salt.secret', 'data/keys/salt', './data']) {
      expect(() => loadEnv({ DATA_DIR: './data', PHONE_HASH_SALT_FILE: file })).toThrow(
        /PHONE_HASH_SALT_FILE: .* is inside DATA_DIR/,
      );
    }
    expect(loadEnv({ DATA_DIR: './data', PHONE_HASH_SALT_FILE: './data-keys/salt' })).toBeTruthy();
  });

  it('lets development start without one (the DATA_DIR fallback warns at start)', () => {
    expect(loadEnv({}).PHONE_HASH_SALT).toBeUndefined();
  });
});
