import type { Response } from 'express';

/**
 * Refusals are answered slowly: a client that was told to wait gets its 429 after up to
 * `holdMs` (never later than the wait itself), so a flooding connection sends one attempt a
 * second instead of thousands, and the event loop stays with ingest. At most `maxHeld`
 * refusals wait at once; beyond that they are answered at once.
 */
export class Tarpit {
  private held = 0;

  constructor(
    private readonly holdMs = 1_000,
    private readonly maxHeld = 1_024,
  ) {}

  get holding(): number {
    return this.held;
  }

  /** Call `send` after min(holdMs, waitMs), or now when too many are held. */
  hold(res: Response, waitMs: number, send: () => void): void {
    const delay = Math.min(this.holdMs, Math.max(0, waitMs));
    if (delay === 0 || this.held >= this.maxHeld) {
      send();
      return;
    }
    this.held += 1;
    const release = () => {
      clearTimeout(timer);
      res.off('close', release);
      this.held -= 1;
    };
    const timer = setTimeout(() => {
      release();
      if (!res.writableEnded && !res.destroyed) send();
    }, delay);
    res.on('close', release);
  }
}
