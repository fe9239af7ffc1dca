import type { Level, RegionKind } from '#contracts';

const MINUTES = 24 * 60;

/** Reports on a normal day per region kind: the load at which the index sits ~63% into its band. */
const NORMAL_DAY: Record<RegionKind, number> = { county: 8000, town: 500, village: 50, group: 12 };

/** Each level owns a band of the 0–100 index, so the reading never contradicts the weather. */
const BAND: Record<Level, [number, number]> = {
  none: [0, 39],
  blue: [40, 59],
  orange: [60, 79],
  red: [80, 100],
};

/**
 * How much one report weighs in the index, by its colour: a red report is as heavy as four
 * ordinary ones. Its urgency (0..1) adds up to half a report more. An ordinary day of mostly
 * blue and uncoloured reports weighs about what it counts, so NORMAL_DAY still holds.
 */
const COLOUR_WEIGHT: Record<Level, number> = { none: 0.5, blue: 1, orange: 2, red: 4 };

export function reportWeight(level: Level, urgency: number): number {
  return COLOUR_WEIGHT[level] + 0.5 * Math.min(1, Math.max(0, urgency));
}

/** Per-minute report weights over the last 24 h in a ring, O(1) per report. */
class MinuteRing {
  private readonly slots = new Float64Array(MINUTES);
  private lastMinute = -1;
  total = 0;

  add(minute: number, weight: number): void {
    this.advance(minute);
    if (minute <= this.lastMinute - MINUTES) return;
    this.slots[minute % MINUTES]! += weight;
    this.total += weight;
  }

  advance(minute: number): void {
    if (this.lastMinute < 0) {
      this.lastMinute = minute;
      return;
    }
    if (minute <= this.lastMinute) return;
    const steps = Math.min(minute - this.lastMinute, MINUTES);
    for (let i = 1; i <= steps; i++) {
      const slot = (this.lastMinute + i) % MINUTES;
      this.total = Math.max(0, this.total - this.slots[slot]!);
      this.slots[slot] = 0;
    }
    this.lastMinute = minute;
  }
}

/** 民情指数: the level's band, filled by how heavy the last 24 h were against a normal day. */
export class IndexMeter {
  private readonly rings = new Map<string, MinuteRing>();

  add(regionCode: string, at: number, weight = 1): void {
    let ring = this.rings.get(regionCode);
    if (!ring) {
      ring = new MinuteRing();
      this.rings.set(regionCode, ring);
    }
    ring.add(Math.floor(at / 60_000), weight);
  }

  /** The weighted load of the last 24 h (reports, heavier when red or urgent). */
  count24h(regionCode: string, now: number): number {
    const ring = this.rings.get(regionCode);
    if (!ring) return 0;
    ring.advance(Math.floor(now / 60_000));
    return ring.total;
  }

  index(regionCode: string, kind: RegionKind, level: Level, now: number): number {
    const [lo, hi] = BAND[level];
    const load = this.count24h(regionCode, now) / NORMAL_DAY[kind];
    return Math.round(lo + (hi - lo) * (1 - Math.exp(-load)));
  }

  regionsWithData(): IterableIterator<string> {
    return this.rings.keys();
  }
}
