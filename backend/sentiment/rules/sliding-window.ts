/**
 * Report timestamps (and ids, for evidence) of one region + category, sorted by time, so a window
 * count is one binary search. Late reports are inserted in place; nearly ordered input keeps that
 * cheap.
 */
export class SlidingWindow {
  private times: number[] = [];
  private ids: string[] = [];
  private head = 0;

  add(at: number, id: string): void {
    let i = this.times.length;
    while (i > this.head && (this.times[i - 1] as number) > at) i--;
    if (i === this.times.length) {
      this.times.push(at);
      this.ids.push(id);
    } else {
      this.times.splice(i, 0, at);
      this.ids.splice(i, 0, id);
    }
  }

  /** Number of entries at or after `since`. */
  countSince(since: number): number {
    return this.times.length - this.lowerBound(since);
  }

  /** The newest ids at or after `since`, newest first, at most `limit`. */
  idsSince(since: number, limit: number): string[] {
    const start = Math.max(this.lowerBound(since), this.times.length - limit);
    return this.ids.slice(start).reverse();
  }

  /**
   * The time of the `n`-th oldest entry at or after `since` (n from 1), or undefined: where a
   * window's count reached `n`, in occurrence order.
   */
  nthSince(since: number, n: number): number | undefined {
    if (n < 1) return undefined;
    return this.times[this.lowerBound(since) + n - 1];
  }

  /** The time of the `n`-th newest entry (n from 1), or undefined when fewer are kept. */
  nthNewest(n: number): number | undefined {
    const i = this.times.length - n;
    return n < 1 || i < this.head ? undefined : this.times[i];
  }

  /** Drop entries older than `before`; compacts the arrays once half of them are dead. */
  prune(before: number): void {
    this.head = this.lowerBound(before);
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.ids = this.ids.slice(this.head);
      this.head = 0;
    }
  }

  get size(): number {
    return this.times.length - this.head;
  }

  private lowerBound(t: number): number {
    let lo = this.head;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.times[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
