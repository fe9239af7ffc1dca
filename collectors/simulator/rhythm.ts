import { countyHour, countyIsoMs } from '#contracts/county-time';

/** Randomness and Beijing time for the simulator, free of the server's time zone. */

/** Seeded PRNG (mulberry32): the same seed gives the same traffic, for tests and benchmarks. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Activity by hour of day in Asia/Shanghai: quiet nights, busy mornings and afternoons. */
const RHYTHM = [
  0.15, 0.12, 0.1, 0.1, 0.12, 0.2, 0.45, 0.8, 1.15, 1.4, 1.4, 1.3, 0.85, 0.95, 1.3, 1.4, 1.4, 1.15,
  0.9, 0.8, 0.7, 0.5, 0.3, 0.2,
];

/** The hour (0–23) in Asia/Shanghai, whatever the server's time zone. */
export function shanghaiHour(epochMs: number): number {
  return countyHour(epochMs);
}

export function rhythmAt(epochMs: number): number {
  return RHYTHM[shanghaiHour(epochMs)] ?? 1;
}

/** ISO 8601 in Asia/Shanghai with its offset, as a county's systems stamp times. */
export function shanghaiIso(epochMs: number): string {
  return countyIsoMs(epochMs);
}

export function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)] ?? items[0];
  if (item === undefined) throw new Error('simulator: pick from an empty list');
  return item;
}

export function weighted<T>(items: ReadonlyArray<[T, number]>, random: () => number): T {
  let r = random() * items.reduce((sum, [, w]) => sum + w, 0);
  for (const [item, w] of items) if ((r -= w) <= 0) return item;
  return pick(items, random)[0];
}

/** Poisson sample: Knuth for the small means of one second, a normal approximation above. */
export function poisson(mean: number, random: () => number): number {
  if (!(mean > 0)) return 0;
  if (mean > 50) {
    const gauss = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

export function mobile(random: () => number): string {
  return `1${pick([...'3456789'], random)}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`;
}
