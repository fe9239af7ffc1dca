import { availableParallelism } from 'node:os';

/** What `run` gives back when the queue had no room or the wait ran out. */
export const BUSY = Symbol('login check queue busy');

export type Priority = 'high' | 'low';

export interface VerifyQueueOptions {
  /** Password checks running at once (each takes one libuv thread for ~50 ms). */
  concurrency: number;
  /** Checks waiting at most; a high-priority arrival pushes out the newest low-priority one. */
  maxQueued: number;
  /** A check that waited this long is given up (BUSY). */
  maxWaitMs: number;
  /**
   * With checks waiting, a slot rests this many times as long as its last check took before it
   * takes the next: 1 keeps a flood's hashing to half of each slot's core.
   */
  restRatio: number;
}

/**
 * Half the cores check passwords at most, and under a backlog each of them half the time, so a
 * login flood cannot take the CPU the event loop (and ingest) needs, nor the libuv pool that
 * file and DNS work share. On two cores that is ~10 checks a second: ample for a county.
 */
export function defaultVerifyQueueOptions(): VerifyQueueOptions {
  return {
    concurrency: Math.max(1, Math.min(4, Math.floor(availableParallelism() / 2))),
    maxQueued: 64,
    maxWaitMs: 5_000,
    restRatio: 1,
  };
}

interface Waiting {
  start: () => void;
  giveUp: () => void;
  timer: NodeJS.Timeout;
}

/**
 * A bounded, two-priority semaphore for password checks. Attempts from addresses that have not
 * failed recently go first, so a leader logging in during a flood waits for at most the checks
 * already running.
 */
export class VerifyQueue {
  private active = 0;
  private readonly high: Waiting[] = [];
  private readonly low: Waiting[] = [];

  constructor(private readonly options: VerifyQueueOptions = defaultVerifyQueueOptions()) {}

  get queued(): number {
    return this.high.length + this.low.length;
  }

  get running(): number {
    return this.active;
  }

  /**
   * Run `task` when a slot is free; BUSY if the queue is full, the wait runs out, or `signal`
   * aborts while waiting (the client hung up: its place goes to the next).
   */
  run<T>(
    priority: Priority,
    task: () => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T | typeof BUSY> {
    if (signal?.aborted) return Promise.resolve(BUSY);
    if (this.active < this.options.concurrency) return this.execute(task);
    if (this.queued >= this.options.maxQueued) {
      const pushedOut = priority === 'high' ? this.low.at(-1) : undefined;
      if (!pushedOut) return Promise.resolve(BUSY);
      pushedOut.giveUp();
    }
    return new Promise((resolve, reject) => {
      const line = priority === 'high' ? this.high : this.low;
      const leave = () => {
        clearTimeout(waiting.timer);
        signal?.removeEventListener('abort', giveUp);
        const at = line.indexOf(waiting);
        if (at >= 0) line.splice(at, 1);
      };
      const giveUp = () => {
        leave();
        resolve(BUSY);
      };
      const waiting: Waiting = {
        start: () => {
          leave();
          this.execute(task).then(resolve, reject);
        },
        giveUp,
        timer: setTimeout(giveUp, this.options.maxWaitMs),
      };
      signal?.addEventListener('abort', giveUp, { once: true });
      line.push(waiting);
    });
  }

  private async execute<T>(task: () => Promise<T>): Promise<T> {
    this.active += 1;
    const started = performance.now();
    try {
      return await task();
    } finally {
      const rest = (performance.now() - started) * this.options.restRatio;
      if (this.queued > 0 && rest > 0) setTimeout(() => this.release(), rest);
      else this.release();
    }
  }

  /** A slot is free: it goes to the first waiting check, high priority first. */
  private release(): void {
    this.active -= 1;
    (this.high[0] ?? this.low[0])?.start();
  }
}
