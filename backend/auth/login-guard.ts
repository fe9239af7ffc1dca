import { LruMap } from './lru.js';

/**
 * How hard login is to abuse. Attempts are limited per client address (a token bucket), per
 * account and address (a failure counter), and, for an account under attack, per account for
 * addresses that have failed recently. A right password from an address that has not failed
 * (or where this account has logged in before) is never refused for failures made from other
 * addresses; only the password check queue's capacity (503) can turn it away.
 */
export interface LoginLimits {
  /** Attempts one address may make in a burst… */
  addressBurst: number;
  /** …and one more every this many ms. A successful login gives its attempt back. */
  addressRefillMs: number;
  /** Failures for one account from one address within the window before that pair is refused. */
  pairFailures: number;
  /** How long a failure counts. */
  failureWindowMs: number;
  /** Failures of one account from any address within the window that put it under attack. */
  accountUnderAttack: number;
  /**
   * Under attack, the account takes one attempt per this many ms from addresses that have
   * failed recently and are not known-good for it (all such addresses share it).
   */
  accountSuspectRefillMs: number;
  /** A successful login makes its address known-good for the account for this long. */
  knownGoodMs: number;
  /** Addresses remembered (LRU; ~150 bytes each). */
  maxAddresses: number;
  /** (account, address) failure counters per account (LRU). */
  maxPairsPerAccount: number;
  /** (username, address) failure counters for usernames that are nobody's (LRU, apart). */
  maxUnknownPairs: number;
  /** Known-good addresses per account (LRU). */
  maxKnownGoodPerAccount: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  addressBurst: 10,
  addressRefillMs: 6_000,
  pairFailures: 5,
  failureWindowMs: 15 * 60_000,
  accountUnderAttack: 10,
  accountSuspectRefillMs: 10_000,
  knownGoodMs: 30 * 24 * 3_600_000,
  maxAddresses: 50_000,
  maxPairsPerAccount: 1_000,
  maxUnknownPairs: 20_000,
  maxKnownGoodPerAccount: 32,
};

export type LimitReason = 'address_rate' | 'account_address' | 'account_throttle';

/** How an admitted attempt ended: `none` when its password was never checked (queue full). */
export type Settlement = 'ok' | 'fail' | 'none';

export type Admission =
  | { ok: false; reason: LimitReason; retryAfterMs: number }
  | {
      ok: true;
      /** Comes from an address that failed recently or has another attempt in flight. */
      suspect: boolean;
      settle(result: Settlement): void;
    };

export interface Attempt {
  /** The username tried; null when the body had none. */
  username: string | null;
  /** The account it names, when it names one. */
  userId: string | null;
  /** `addressKey` of the client. */
  address: string;
}

/** A count that starts at its first event and is forgotten `windowMs` later. */
interface Window {
  count: number;
  start: number;
}

interface AddressState {
  tokens: number;
  refilledAt: number;
  failures: Window;
  inFlight: number;
}

interface AccountState {
  failures: Window;
  suspectTokens: number;
  suspectRefilledAt: number;
  pairs: LruMap<string, Window>;
  knownGood: LruMap<string, number>;
}

/**
 * The login limiter's state, in bounded tables: addresses in an LRU, accounts only for users
 * that exist (so guessed usernames cannot evict or reset a real account's state; their own
 * counters live in a separate LRU).
 */
export class LoginGuard {
  private readonly addresses: LruMap<string, AddressState>;
  private readonly accounts = new Map<string, AccountState>();
  private readonly unknownPairs: LruMap<string, Window>;

  constructor(
    readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {
    this.addresses = new LruMap(limits.maxAddresses);
    this.unknownPairs = new LruMap(limits.maxUnknownPairs);
  }

  /** Decide before the password is checked; an admitted attempt must be settled once. */
  admit(attempt: Attempt): Admission {
    const now = this.clock();
    const { limits } = this;
    const address = this.address(attempt.address, now);
    if (address.tokens < 1) {
      return {
        ok: false,
        reason: 'address_rate',
        retryAfterMs: Math.ceil((1 - address.tokens) * limits.addressRefillMs),
      };
    }
    const account = attempt.userId ? this.account(attempt.userId, now) : null;
    const pair = this.pair(attempt, account, now, false);
    if (pair && live(pair, now, limits) >= limits.pairFailures) {
      return {
        ok: false,
        reason: 'account_address',
        retryAfterMs: pair.start + limits.failureWindowMs - now,
      };
    }
    const suspect = live(address.failures, now, limits) > 0 || address.inFlight > 0;
    const knownGood = account ? this.isKnownGood(account, attempt.address, now) : false;
    if (
      account &&
      suspect &&
      !knownGood &&
      live(account.failures, now, limits) >= limits.accountUnderAttack
    ) {
      if (account.suspectTokens < 1) {
        return {
          ok: false,
          reason: 'account_throttle',
          retryAfterMs: Math.ceil((1 - account.suspectTokens) * limits.accountSuspectRefillMs),
        };
      }
      account.suspectTokens -= 1;
    }
    address.tokens -= 1;
    address.inFlight += 1;
    let settled = false;
    return {
      ok: true,
      suspect: suspect && !knownGood,
      settle: (result) => {
        if (settled) return;
        settled = true;
        this.settle(attempt, address, result);
      },
    };
  }

  /** Tables' sizes, for tests and /readyz-style reporting. */
  sizes(): { addresses: number; accounts: number; unknownPairs: number } {
    return {
      addresses: this.addresses.size,
      accounts: this.accounts.size,
      unknownPairs: this.unknownPairs.size,
    };
  }

  /** Remember a past successful login (from the audit, at start). */
  rememberGood(userId: string, address: string, at: number): void {
    const account = this.account(userId, this.clock());
    if ((account.knownGood.peek(address) ?? 0) < at) account.knownGood.set(address, at);
  }

  private settle(attempt: Attempt, address: AddressState, result: Settlement): void {
    const now = this.clock();
    const { limits } = this;
    address.inFlight = Math.max(0, address.inFlight - 1);
    const account = attempt.userId ? this.account(attempt.userId, now) : null;
    if (result === 'ok') {
      address.tokens = Math.min(limits.addressBurst, address.tokens + 1);
      if (account) {
        account.pairs.delete(attempt.address);
        account.knownGood.set(attempt.address, now);
      }
      return;
    }
    if (result !== 'fail') return;
    bump(address.failures, now, limits);
    if (account) bump(account.failures, now, limits);
    const pair = this.pair(attempt, account, now, true);
    if (pair) bump(pair, now, limits);
  }

  private address(key: string, now: number): AddressState {
    const { limits } = this;
    let state = this.addresses.get(key);
    if (!state) {
      state = {
        tokens: limits.addressBurst,
        refilledAt: now,
        failures: { count: 0, start: now },
        inFlight: 0,
      };
      this.addresses.set(key, state);
      return state;
    }
    const elapsed = Math.max(0, now - state.refilledAt);
    state.tokens = Math.min(limits.addressBurst, state.tokens + elapsed / limits.addressRefillMs);
    state.refilledAt = now;
    return state;
  }

  private account(userId: string, now: number): AccountState {
    const { limits } = this;
    let state = this.accounts.get(userId);
    if (!state) {
      state = {
        failures: { count: 0, start: now },
        suspectTokens: 1,
        suspectRefilledAt: now,
        pairs: new LruMap(limits.maxPairsPerAccount),
        knownGood: new LruMap(limits.maxKnownGoodPerAccount),
      };
      this.accounts.set(userId, state);
      return state;
    }
    const elapsed = Math.max(0, now - state.suspectRefilledAt);
    state.suspectTokens = Math.min(
      1,
      state.suspectTokens + elapsed / limits.accountSuspectRefillMs,
    );
    state.suspectRefilledAt = now;
    return state;
  }

  /** The failure counter of (account or guessed username, address); created when `create`. */
  private pair(
    attempt: Attempt,
    account: AccountState | null,
    now: number,
    create: boolean,
  ): Window | undefined {
    const fresh = (): Window => ({ count: 0, start: now });
    if (account) {
      let pair = account.pairs.get(attempt.address);
      if (!pair && create) account.pairs.set(attempt.address, (pair = fresh()));
      return pair;
    }
    if (attempt.username === null) return undefined;
    const key = `${attempt.username}\u0000${attempt.address}`;
    let pair = this.unknownPairs.get(key);
    if (!pair && create) this.unknownPairs.set(key, (pair = fresh()));
    return pair;
  }

  private isKnownGood(account: AccountState, address: string, now: number): boolean {
    const at = account.knownGood.peek(address);
    return at !== undefined && now - at < this.limits.knownGoodMs;
  }
}

/** The window's count as of now (0 once it has run out). */
function live(window: Window, now: number, limits: LoginLimits): number {
  return now - window.start < limits.failureWindowMs ? window.count : 0;
}

function bump(window: Window, now: number, limits: LoginLimits): void {
  if (now - window.start >= limits.failureWindowMs) {
    window.count = 0;
    window.start = now;
  }
  window.count += 1;
}
