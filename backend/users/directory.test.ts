import { hash } from '@node-rs/bcrypt';
import { describe, expect, it } from 'vitest';
import type { UserRecord } from '#contracts';
import { UserDirectory } from './directory.js';

async function record(id: string, password: string, prefix = '$2b$'): Promise<UserRecord> {
  const passwordHash = (await hash(password, 10)).replace(/^\$2[aby]\$/, prefix);
  return {
    id,
    username: id,
    name: id,
    role: 'county',
    regionCode: '611025',
    leads: [],
    phone: null,
    passwordHash,
    demo: false,
  };
}

describe('the user directory', () => {
  it('checks $2a$, $2b$ and $2y$ hashes and refuses a wrong password or an unknown name', async () => {
    const users = new UserDirectory([
      await record('county-a', 'right-one', '$2a$'),
      await record('county-b', 'right-two', '$2b$'),
      await record('county-y', 'right-three', '$2y$'),
    ]);
    expect((await users.login('county-a', 'right-one')).ok).toBe(true);
    expect((await users.login('county-b', 'right-two')).ok).toBe(true);
    expect((await users.login('county-y', 'right-three')).ok).toBe(true);
    expect(await users.login('county-a', 'right-two')).toEqual({ ok: false, reason: 'invalid' });
    expect(await users.login('nobody', 'right-one')).toEqual({ ok: false, reason: 'invalid' });
    expect(users.idOf('county-b')).toBe('county-b');
    expect(users.idOf('nobody')).toBeNull();
  });

  it('checks passwords off the event loop', async () => {
    const users = new UserDirectory([await record('county-a', 'right-one')]);
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    const started = performance.now();
    await Promise.all(Array.from({ length: 4 }, () => users.login('county-a', 'wrong')));
    const elapsed = performance.now() - started;
    clearInterval(timer);
    // Four ~50 ms checks: a timer on the event loop kept firing all along.
    expect(elapsed).toBeGreaterThan(40);
    expect(ticks).toBeGreaterThan(elapsed / 10);
  });

  it('refuses a demo user in production, with the right password', async () => {
    const demo = { ...(await record('county-demo', 'minqing-demo')), demo: true };
    const users = new UserDirectory([demo], true);
    expect(await users.login('county-demo', 'minqing-demo')).toEqual({
      ok: false,
      reason: 'demo_in_production',
    });
  });
});
