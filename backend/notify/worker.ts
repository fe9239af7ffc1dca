import type { ChannelHealth, RetryPolicy } from '#contracts';
import type { Logger } from '../platform/logger.js';
import { CHANNEL_DRIVERS } from './channels/registry.js';
import type { ResolvedChannel } from './channels/types.js';
import type { OutboxItem, OutboxRepository } from './outbox.js';

export interface WorkerDeps {
  outbox: OutboxRepository;
  channels: ReadonlyMap<string, ResolvedChannel>;
  retry: RetryPolicy;
  log: Logger;
  /** Called when a channel starts or stops failing permanently. */
  onHealth?: (health: ChannelHealth[]) => void;
}

/** Exponential backoff: base, 2×base, 4×base … capped at max. */
export function backoffMs(attempt: number, retry: RetryPolicy): number {
  return Math.min(retry.baseSeconds * 2 ** (attempt - 1), retry.maxSeconds) * 1000;
}

/**
 * Sends what is due, one drain at a time. Delivery is at least once: a message whose answer was
 * lost is sent again, with the same X-Minqing-Delivery id for receivers that can drop repeats.
 */
export class OutboxWorker {
  private running: Promise<number> | null = null;
  private failing = '';
  private stopped = false;

  constructor(private readonly deps: WorkerDeps) {}

  /** Send every due message; returns how many were delivered. Overlapping calls share one run. */
  drain(now: number): Promise<number> {
    if (this.stopped) return Promise.resolve(0);
    this.running ??= this.run(now).finally(() => (this.running = null));
    return this.running;
  }

  /** Stop draining and wait for a send in flight, so its outcome is stored before the db closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }

  health(): ChannelHealth[] {
    return this.deps.outbox.health([...this.deps.channels.values()]);
  }

  private async run(now: number): Promise<number> {
    let delivered = 0;
    for (const item of this.deps.outbox.due(now, 50)) {
      if (await this.attempt(item, now)) delivered++;
    }
    this.reportHealth();
    return delivered;
  }

  private async attempt(item: OutboxItem, now: number): Promise<boolean> {
    const channel = this.deps.channels.get(item.channelId);
    const attempt = item.attempts + 1;
    if (!channel) {
      this.deps.outbox.markFailed(
        item.id,
        `channel ${item.channelId} is not configured`,
        null,
        now,
      );
      return false;
    }
    const driver = CHANNEL_DRIVERS[channel.type];
    const request = driver.build(channel, item.message, { id: item.id, now: Date.now() });
    let problem: string | null;
    try {
      const res = await fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(this.deps.retry.timeoutSeconds * 1000),
      });
      problem = driver.check(res.status, await res.text());
    } catch (err) {
      problem = (err as Error).message;
    }
    if (problem === null) {
      this.deps.outbox.markSent(item.id, now);
      return true;
    }
    const next =
      attempt >= this.deps.retry.maxAttempts ? null : now + backoffMs(attempt, this.deps.retry);
    this.deps.outbox.markFailed(item.id, problem, next, now);
    const what = next === null ? 'gave up' : `retry at ${new Date(next).toISOString()}`;
    this.deps.log.warn(`notify ${item.channelId}: attempt ${attempt} failed (${problem}); ${what}`);
    return false;
  }

  private reportHealth(): void {
    const health = this.health();
    const failing = health
      .filter((h) => h.failing)
      .map((h) => h.id)
      .join(',');
    if (failing === this.failing) return;
    this.failing = failing;
    if (failing) this.deps.log.error(`notify: channel(s) failing permanently: ${failing}`);
    this.deps.onHealth?.(health);
  }
}
