import type { Category, Region, ReportInput, Source } from '../../contracts/index.js';
import { BUILD_UPS, RED_INCIDENTS, SURNAMES, TEXTS } from './texts.js';

export interface SimulatorOptions {
  regions: readonly Region[];
  /** The same ingest path a real collector uses. */
  submit: (reports: ReportInput[]) => Promise<unknown>;
  now?: () => number;
  random?: () => number;
  /** Average daytime rate. */
  reportsPerMinute?: number;
  /** Mean minutes between incidents (a build-up or a single red report). */
  incidentEveryMinutes?: number;
  log?: (message: string) => void;
}

interface BuildUp {
  village: Region;
  category: Category;
  texts: readonly string[];
  remaining: number;
  perSecond: number;
}

export interface SimulatorState {
  counter: number;
  buildUp: BuildUp | null;
}

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

/** Activity by hour of day in Asia/Shanghai (UTC+8, no DST): quiet nights, busy mornings. */
const RHYTHM = [
  0.1, 0.08, 0.06, 0.06, 0.08, 0.15, 0.4, 0.8, 1.2, 1.4, 1.4, 1.2, 0.8, 0.9, 1.3, 1.4, 1.3, 1.1,
  0.9, 0.8, 0.6, 0.4, 0.25, 0.15,
];

export function rhythmAt(epochMs: number): number {
  const hour = Math.floor(((epochMs + 8 * 3_600_000) % 86_400_000) / 3_600_000);
  return RHYTHM[hour] ?? 1;
}

const SOURCE_WEIGHTS: Array<[Source, number]> = [
  ['hotline', 0.45],
  ['app', 0.3],
  ['grid', 0.25],
];
const CATEGORY_WEIGHTS: Array<[Exclude<Category, 'other'>, number]> = [
  ['livelihood', 0.22],
  ['infrastructure', 0.22],
  ['dispute', 0.13],
  ['industry', 0.11],
  ['leftBehind', 0.1],
  ['agency', 0.09],
  ['security', 0.08],
  ['ceremony', 0.05],
];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

function weighted<T>(items: ReadonlyArray<[T, number]>, random: () => number): T {
  let r = random() * items.reduce((s, [, w]) => s + w, 0);
  for (const [item, w] of items) if ((r -= w) <= 0) return item;
  return (items.at(-1) as [T, number])[0];
}

/** Knuth's Poisson sampler; fine for the small means of one second of traffic. */
function poisson(mean: number, random: () => number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

/** ISO 8601 in Asia/Shanghai with its offset, as a county's systems stamp times. */
export function shanghaiIso(epochMs: number): string {
  return `${new Date(epochMs + 8 * 3_600_000).toISOString().slice(0, 23)}+08:00`;
}

export class TrafficModel {
  private readonly villages: Region[];
  private readonly groupsOf = new Map<string, Region[]>();

  constructor(
    regions: readonly Region[],
    private readonly random: () => number,
  ) {
    this.villages = regions.filter((r) => r.kind === 'village');
    for (const g of regions.filter((r) => r.kind === 'group')) {
      const list = this.groupsOf.get(g.parentCode ?? '') ?? [];
      list.push(g);
      this.groupsOf.set(g.parentCode ?? '', list);
    }
    if (this.villages.length === 0) throw new Error('simulator: the region tree has no villages');
  }

  /** One report; `village` and `category` fix the place and kind (a build-up). */
  report(
    state: SimulatorState,
    now: number,
    text?: string,
    village?: Region,
    category?: Category,
  ): ReportInput {
    const r = this.random;
    const source = weighted(SOURCE_WEIGHTS, r);
    const v = village ?? pick(this.villages, r);
    const groups = this.groupsOf.get(v.code) ?? [];
    const atGroup = groups.length > 0 && (source === 'grid' ? r() < 0.8 : r() < 0.3);
    const group = atGroup ? pick(groups, r) : null;
    const cat = category ?? weighted(CATEGORY_WEIGHTS, r);
    const template = text ?? pick(cat === 'other' ? TEXTS.livelihood : TEXTS[cat], r);
    const surname = pick(SURNAMES, r);
    let body = template
      .replaceAll('{v}', v.name)
      .replaceAll('{g}', group?.name ?? '')
      .replaceAll('{n}', surname);
    const withPhone = r() < 0.1;
    if (withPhone)
      body += `，联系电话1${3 + Math.floor(r() * 7)}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
    state.counter += 1;
    return {
      source,
      externalId: `sim-${source}-${now}-${state.counter}`,
      occurredAt: shanghaiIso(now),
      regionCode: (group ?? v).code,
      ...(category || r() > 0.15 ? { category: cat } : {}),
      text: body,
      ...(source === 'hotline' && r() < 0.5
        ? {
            reporter: {
              name: `${surname}先生`,
              phone: `1${3 + Math.floor(r() * 7)}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`,
            },
          }
        : {}),
    };
  }

  startBuildUp(): BuildUp {
    const kind = pick(BUILD_UPS, this.random);
    const total = 12 + Math.floor(this.random() * 24); // 12–35: orange, sometimes red
    const seconds = (5 + this.random() * 10) * 60;
    return {
      village: pick(this.villages, this.random),
      category: kind.category,
      texts: kind.texts,
      remaining: total,
      perSecond: total / seconds,
    };
  }

  redIncident(state: SimulatorState, now: number): ReportInput {
    return this.report(state, now, pick(RED_INCIDENTS, this.random), undefined, 'dispute');
  }
}

/** One second of traffic: background reports, the running build-up, maybe a new incident. */
export function generateBatch(
  model: TrafficModel,
  state: SimulatorState,
  now: number,
  random: () => number,
  reportsPerMinute: number,
  incidentEveryMinutes: number,
): ReportInput[] {
  const batch: ReportInput[] = [];
  const n = poisson((reportsPerMinute / 60) * rhythmAt(now), random);
  for (let i = 0; i < n; i++) batch.push(model.report(state, now));
  const b = state.buildUp;
  if (b) {
    const k = Math.min(b.remaining, poisson(b.perSecond, random));
    for (let i = 0; i < k; i++)
      batch.push(model.report(state, now, pick(b.texts, random), b.village, b.category));
    b.remaining -= k;
    if (b.remaining <= 0) state.buildUp = null;
  }
  if (random() < 1 / (incidentEveryMinutes * 60)) {
    if (!state.buildUp && random() < 0.7) state.buildUp = model.startBuildUp();
    else batch.push(model.redIncident(state, now));
  }
  return batch;
}

export function createSimulator(opts: SimulatorOptions): {
  start(): void;
  stop(): void;
  tick(): Promise<void>;
} {
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const model = new TrafficModel(opts.regions, random);
  const state: SimulatorState = { counter: 0, buildUp: null };
  let timer: NodeJS.Timeout | null = null;

  const tick = async () => {
    const startedBuildUp = state.buildUp;
    const batch = generateBatch(
      model,
      state,
      now(),
      random,
      opts.reportsPerMinute ?? 20,
      opts.incidentEveryMinutes ?? 20,
    );
    if (!startedBuildUp && state.buildUp)
      opts.log?.(`build-up starts in ${state.buildUp.village.name}`);
    if (batch.length === 0) return;
    try {
      await opts.submit(batch);
    } catch (err) {
      opts.log?.(`submit failed: ${(err as Error).message}`);
    }
  };
  return {
    tick,
    start() {
      if (timer) return;
      timer = setInterval(() => void tick(), 1000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
