export interface RateLimit {
  /** Requests one client may make at once. */
  burst: number;
  /** One more request allowed every this many ms. */
  refillMs: number;
}

/** Ten at once, then one every 20 s: a family reporting together, not a script. */
export const VILLAGE_PAGE_LIMIT: RateLimit = { burst: 10, refillMs: 20_000 };

/** Buckets are forgotten once full again; past this many clients, full ones are swept. */
const SWEEP_AT = 10_000;

/**
 * A token bucket per client (the page has no key, so the client is its IP address). In memory:
 * a restart forgives everyone, which is fine for a limit meant to stop floods.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: () => number,
  ) {}

  /** Take one token; when none is left, how many seconds until one is. */
  take(client: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.clock();
    if (this.buckets.size >= SWEEP_AT) this.sweep(now);
    const bucket = this.buckets.get(client) ?? { tokens: this.limit.burst, at: now };
    const refilled = Math.min(
      this.limit.burst,
      bucket.tokens + (now - bucket.at) / this.limit.refillMs,
    );
    if (refilled < 1) {
      this.buckets.set(client, { tokens: refilled, at: now });
      return {
        ok: false,
        retryAfterSeconds: Math.ceil(((1 - refilled) * this.limit.refillMs) / 1000),
      };
    }
    this.buckets.set(client, { tokens: refilled - 1, at: now });
    return { ok: true };
  }

  private sweep(now: number): void {
    for (const [client, b] of this.buckets) {
      if (b.tokens + (now - b.at) / this.limit.refillMs >= this.limit.burst) {
        this.buckets.delete(client);
      }
    }
  }
}
