import { createHash, createHmac } from 'node:crypto';
import type { OrderChanged } from '#contracts';
import type { Logger } from '../../backend/platform/logger.js';
import { answerBody, callbackEvent, type CallCentreOrders } from './answer.js';
import type { CallbackSetup } from './config.js';
import type { Delivery, HotlineLedger } from './ledger.js';

/** Headers of a callback; the README tells the call centre how to check them. */
export const CALLBACK_HEADERS = {
  signature: 'x-minqing-signature',
  timestamp: 'x-minqing-timestamp',
  delivery: 'x-minqing-delivery',
  idempotency: 'idempotency-key',
  event: 'x-minqing-event',
} as const;

/** setTimeout's longest wait; a later due time is looked at again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Deliveries sent per look at the outbox (one at a time, in order). */
const BATCH = 20;

/**
 * `sha256=<hex>`: HMAC-SHA256 with the shared secret over `<timestamp>.<raw body>`, the timestamp
 * being the X-Minqing-Timestamp header (Unix milliseconds). Signing the timestamp with the body
 * is what lets a receiver refuse an old message sent again (a replay).
 */
export function signCallback(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface CallbackDeps {
  ledger: HotlineLedger;
  orders: CallCentreOrders;
  setup: CallbackSetup;
  log: Logger;
  /** Wall time: retries wait for the receiver in real time, whatever clock the app runs on. */
  now?: () => number;
  fetch?: typeof fetch;
}

/**
 * Answers back to the call centre. A step it wants (答复, 办结, 重新办理) on an order that
 * holds one of its numbers becomes a row in hotline.db first (in the event handler, right after
 * the step committed), then a signed POST; a failed POST is tried again with doubling waits until
 * the receiver answers 2xx or the attempts run out. Rows outlive a restart, which sends what is
 * still due. Delivery is at least once: Idempotency-Key (= X-Minqing-Delivery) is the same on
 * every attempt of one delivery, so the call centre can drop a repeat.
 */
export class CallbackOutbox {
  private readonly now: () => number;
  private readonly fetch: typeof fetch;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: CallbackDeps) {
    this.now = deps.now ?? Date.now;
    this.fetch = deps.fetch ?? fetch;
  }

  /** An order step: queue one delivery per call-centre number the order answers. */
  onOrderChanged(change: OrderChanged): void {
    const event = callbackEvent(change);
    if (!event || !this.deps.setup.config.events.includes(event)) return;
    const { order } = change;
    const numbers = this.deps.orders.numbersOf(order);
    if (numbers.length === 0) return;
    const now = this.now();
    let queued = false;
    for (const workOrderNumber of numbers) {
      const id = createHash('sha256')
        .update(`${workOrderNumber}|${order.id}|${event}|${order.updatedAt}`)
        .digest('hex')
        .slice(0, 32);
      const body = JSON.stringify(answerBody(workOrderNumber, order));
      if (this.deps.ledger.enqueue({ id, workOrderNumber, event, body }, now)) queued = true;
    }
    if (queued) this.kick();
  }

  /** Send what is due now, then wait for the next due time. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run()
      .catch((err: unknown) => this.deps.log.error(`hotline callback: ${String(err)}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        } else {
          this.schedule();
        }
      });
  }

  /** Stop sending and wait for a POST in flight, so its outcome is stored before the file closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private async run(): Promise<void> {
    for (;;) {
      const due = this.deps.ledger.due(this.now(), BATCH);
      if (due.length === 0) return;
      for (const delivery of due) {
        if (this.stopped) return;
        await this.attempt(delivery);
      }
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const next = this.deps.ledger.nextDueAt();
    if (next === null) return;
    const wait = Math.min(Math.max(0, next - this.now()), MAX_TIMER_MS);
    this.timer = setTimeout(() => this.kick(), wait);
    this.timer.unref();
  }

  private async attempt(d: Delivery): Promise<void> {
    const { config, secret } = this.deps.setup;
    const timestamp = String(this.now());
    let problem: string | null;
    try {
      const res = await this.fetch(config.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'minqing-hotline-callback/1',
          [CALLBACK_HEADERS.event]: `hotline.${d.event}`,
          [CALLBACK_HEADERS.delivery]: d.id,
          [CALLBACK_HEADERS.idempotency]: d.id,
          [CALLBACK_HEADERS.timestamp]: timestamp,
          [CALLBACK_HEADERS.signature]: signCallback(secret, timestamp, d.body),
        },
        body: d.body,
        // A callback URL that redirects is a mistake to see in the log, not to follow blindly.
        redirect: 'manual',
        signal: AbortSignal.timeout(config.retry.timeoutSeconds * 1000),
      });
      const text = await res.text();
      problem = res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}: ${text}`;
    } catch (err) {
      problem = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
    }
    const now = this.now();
    if (problem === null) {
      this.deps.ledger.markSent(d.id, now);
      return;
    }
    const attempt = d.attempts + 1;
    const { attempts, backoff } = config.retry;
    const wait = Math.min(backoff.baseSeconds * 2 ** (attempt - 1), backoff.maxSeconds) * 1000;
    const next = attempt >= attempts ? null : now + wait;
    this.deps.ledger.markFailed(d.id, problem.slice(0, 500), next, now);
    const what = `${d.event} of ${d.workOrderNumber}, attempt ${attempt}/${attempts}`;
    if (next === null) {
      this.deps.log.error(`hotline callback: gave up on ${what}: ${problem.slice(0, 200)}`);
    } else {
      this.deps.log.warn(
        `hotline callback: ${what} failed (${problem.slice(0, 200)}); retry in ${Math.round(wait / 1000)} s`,
      );
    }
  }
}
