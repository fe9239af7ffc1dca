import { v7 as uuidv7 } from 'uuid';
import type { Category, Report, Source } from '#contracts';
import { CATEGORIES, REPORT_DEFAULTS, RegionFile, SOURCES } from '#contracts';
import { loadJsonFile } from '../backend/config/files.js';
import { SqliteReportStore } from '../backend/store/sqlite/sqlite-store.js';
import { mulberry32, rhythmAt } from '../collectors/simulator/rhythm.js';

const TEXTS = [
  '自来水停了两天，村民生活用水困难',
  '通组公路塌方，车辆无法通行',
  '独居老人需要代购药品',
  '宅基地边界发生争执',
  '合作社拖欠货款',
];

export interface SeedOptions {
  days: number;
  perDay: number;
  endAt: number;
  seed?: number;
}

/**
 * A county's history: `days` at `perDay` reports/day ending at `endAt`, following the daily
 * rhythm; seeded, so every run yields the same reports. Oldest first.
 */
export function* seedReports(opts: SeedOptions): Generator<Report> {
  const random = mulberry32(opts.seed ?? 20261122);
  const places = loadJsonFile('config/regions.json', RegionFile).regions.filter(
    (r) => r.kind === 'village' || r.kind === 'group',
  );
  const total = opts.days * opts.perDay;
  const start = opts.endAt - opts.days * 86_400_000;
  const step = (opts.endAt - start) / total;
  for (let i = 0; i < total; i++) {
    // Jitter inside the slot, thinned at night by the rhythm (kept, just moved toward day).
    const t = Math.floor(start + i * step + random() * step * rhythmAt(start + i * step));
    const place = places[Math.floor(random() * places.length)]!;
    yield {
      id: uuidv7({ msecs: t }),
      source: SOURCES[Math.floor(random() * SOURCES.length)] as Source,
      externalId: `seed-${i}`,
      occurredAt: t,
      receivedAt: t,
      regionCode: place.code,
      category: CATEGORIES[Math.floor(random() * 8)] as Category,
      text: TEXTS[i % TEXTS.length]!,
      reporterName: null,
      phoneMasked: null,
      phoneHash: null,
      lat: null,
      lng: null,
      address: null,
      level: 'none',
      ruleId: null,
      ...REPORT_DEFAULTS,
    };
  }
}

/** Fill an embedded store with `seedReports`. */
export async function seedStore(dataDir: string, opts: SeedOptions): Promise<number> {
  const store = new SqliteReportStore(dataDir);
  let batch: Report[] = [];
  let total = 0;
  for (const report of seedReports(opts)) {
    batch.push(report);
    total += 1;
    if (batch.length === 10_000) {
      await store.append(batch);
      batch = [];
    }
  }
  if (batch.length) await store.append(batch);
  await store.close();
  return total;
}
