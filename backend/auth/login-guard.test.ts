import { describe, expect, it } from 'vitest';
import { DEFAULT_LOGIN_LIMITS, LoginGuard, type Admission, type Attempt } from './login-guard.js';
import { LruMap } from './lru.js';

function guardAt(now: { t: number }, limits = {}) {
  return new LoginGuard({ ...DEFAULT_LOGIN_LIMITS, ...limits }, () => now.t);
}

const leader = (address: string): Attempt => ({
  username: 'county-li',
  userId: 'county-li',
  address,
});

/** Admit and settle at once; the admission (or refusal) comes back. */
function attempt(guard: LoginGuard, who: Attempt, result: 'ok' | 'fail'): Admission {
  const admission = guard.admit(who);
  if (admission.ok) admission.settle(result);
  return admission;
}

describe('the login guard', () => {
  it('gives an address a burst of attempts, then refuses with the wait until the next one', () => {
    const now = { t: 0 };
    const guard = guardAt(now);
    for (let i = 0; i < 10; i++) {
      expect(attempt(guard, { username: `x${i}`, userId: null, address: 'A' }, 'fail').ok).toBe(
        true,
      );
    }
    const refused = guard.admit({ username: 'y', userId: null, address: 'A' });
    expect(refused).toMatchObject({ ok: false, reason: 'address_rate', retryAfterMs: 6_000 });
    now.t += 6_000;
    expect(guard.admit({ username: 'y', userId: null, address: 'A' }).ok).toBe(true);
    expect(guard.admit({ username: 'z', userId: null, address: 'B' }).ok).toBe(true);
  });

  it('gives a successful attempt its token back, so an office behind one address is not refused', () => {
    const guard = guardAt({ t: 0 });
    for (let i = 0; i < 100; i++) {
      expect(attempt(guard, { username: `u${i}`, userId: `u${i}`, address: 'NAT' }, 'ok').ok).toBe(
        true,
      );
    }
  });

  it('refuses an account from the address that failed five times, not from another', () => {
    const now = { t: 0 };
    const guard = guardAt(now);
    for (let i = 0; i < 5; i++) expect(attempt(guard, leader('A'), 'fail').ok).toBe(true);
    const refused = guard.admit(leader('A'));
    expect(refused).toMatchObject({ ok: false, reason: 'account_address' });
    expect(!refused.ok && refused.retryAfterMs).toBe(15 * 60_000);
    const fromB = guard.admit(leader('B'));
    expect(fromB).toMatchObject({ ok: true, suspect: false });
    now.t += 15 * 60_000;
    expect(guard.admit(leader('A')).ok).toBe(true);
  });

  it('under attack from many addresses, throttles the failing ones and lets a clean or known-good one in', () => {
    const now = { t: 0 };
    const guard = guardAt(now);
    // The leader logged in from the office before; later mistyped there once.
    expect(attempt(guard, leader('office'), 'ok').ok).toBe(true);
    expect(attempt(guard, leader('office'), 'fail').ok).toBe(true);
    for (let i = 0; i < 12; i++) attempt(guard, leader(`bot${i}`), 'fail');
    // A bot's second try takes the account's one suspect slot, the next one is refused.
    expect(guard.admit(leader('bot0')).ok).toBe(true);
    expect(guard.admit(leader('bot1'))).toMatchObject({
      ok: false,
      reason: 'account_throttle',
    });
    // The leader on a phone (an address that has not failed) and at the office get in.
    expect(guard.admit(leader('phone'))).toMatchObject({ ok: true, suspect: false });
    expect(guard.admit(leader('office'))).toMatchObject({ ok: true, suspect: false });
    now.t += 10_000;
    expect(guard.admit(leader('bot2')).ok).toBe(true);
  });

  it('counts an address with an attempt in flight as suspect', () => {
    const guard = guardAt({ t: 0 });
    const first = guard.admit(leader('A'));
    expect(first).toMatchObject({ ok: true, suspect: false });
    expect(guard.admit(leader('A'))).toMatchObject({ ok: true, suspect: true });
  });

  it('keeps a real account’s failures through 10,001 guessed usernames from as many addresses', () => {
    const now = { t: 0 };
    const guard = guardAt(now, { maxAddresses: 2_000, maxUnknownPairs: 1_000 });
    for (let i = 0; i < 5; i++) attempt(guard, leader('A'), 'fail');
    for (let i = 0; i <= 10_000; i++) {
      const address = `10.${i >> 8}.${i & 255}.1`;
      expect(attempt(guard, { username: `guess-${i}`, userId: null, address }, 'fail').ok).toBe(
        true,
      );
    }
    // The attacker address itself also sprays names until its bucket is empty.
    for (let i = 0; i < 20; i++)
      attempt(guard, { username: `n${i}`, userId: null, address: 'A' }, 'fail');
    now.t += 60_000;
    expect(guard.admit(leader('A'))).toMatchObject({ ok: false, reason: 'account_address' });
    const sizes = guard.sizes();
    expect(sizes.addresses).toBeLessThanOrEqual(2_000);
    expect(sizes.unknownPairs).toBeLessThanOrEqual(1_000);
    expect(sizes.accounts).toBe(1);
  });

  it('settles an admission once', () => {
    const guard = guardAt({ t: 0 });
    const admission = guard.admit(leader('A'));
    if (!admission.ok) throw new Error('refused');
    for (let i = 0; i < 10; i++) admission.settle('fail');
    expect(guard.admit(leader('A')).ok).toBe(true);
  });
});

describe('the LRU map', () => {
  it('forgets the least recently used entry beyond its size', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1);
    lru.set('c', 3);
    expect(lru.peek('b')).toBeUndefined();
    expect([...lru.entries()].map(([k]) => k)).toEqual(['a', 'c']);
  });
});
