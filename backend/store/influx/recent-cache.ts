import type { Report } from '#contracts';

/** The wall asks for the newest 50 (a town wall scans 1,000); keep that many at most. */
export const RECENT_CACHE_MAX = 1_000;

function newestFirst(a: Report, b: Report): number {
  return b.occurredAt - a.occurredAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * The newest reports, kept in memory once read: "newest first" over InfluxDB merges every
 * series (seconds on a busy year), and every wall that connects asks for it. Filled by one read,
 * then kept current from what this process appends (the only writer of its database).
 */
export class RecentCache {
  private reports: Report[] | null = null;
  private size = 0;
  /** Per read in flight: reports stored meanwhile, which the read may or may not have seen. */
  private readonly during = new Set<Report[]>();

  /**
   * Around the store read that will `fill` the cache (several walls may connect at once). The
   * read says whether it is the store's newest (`complete`) or only what the spool could show.
   */
  async filling(
    n: number,
    read: () => Promise<{ reports: Report[]; complete: boolean }>,
  ): Promise<Report[]> {
    const during: Report[] = [];
    this.during.add(during);
    let newest: Report[];
    let complete: boolean;
    try {
      ({ reports: newest, complete } = await read());
    } finally {
      this.during.delete(during);
    }
    // Fewer than asked (a young store, cheap to read anyway), or only the spool's part of the
    // store while InfluxDB does not answer: not a complete "newest n" to keep.
    if (complete && newest.length >= n) {
      this.fill(newest, n);
      this.add(during);
    }
    return newest;
  }

  /** The newest `n`, or null when the cache cannot answer (never filled, or `n` too large). */
  get(n: number): Report[] | null {
    if (!this.reports || n > this.size) return null;
    return this.reports.slice(0, n);
  }

  private fill(newest: readonly Report[], n: number): void {
    if (n > RECENT_CACHE_MAX) return;
    this.reports = [...newest];
    this.size = n;
  }

  /** Newly stored reports; an old one (an imported call from last year) sorts where it belongs. */
  add(inserted: readonly Report[]): void {
    for (const buffer of this.during) buffer.push(...inserted);
    if (!this.reports || inserted.length === 0) return;
    const known = new Set(this.reports.map((r) => r.id));
    const fresh = inserted.filter((r) => !known.has(r.id) && known.add(r.id));
    this.reports = [...fresh, ...this.reports].sort(newestFirst).slice(0, this.size);
  }
}
