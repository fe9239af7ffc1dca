import type { Region, ReportInput, Source } from '#contracts';
import { MAX_BATCH } from '#contracts';
import { mobile, pick, poisson, rhythmAt, shanghaiIso, weighted } from './rhythm.js';
import {
  BUILD_UPS,
  RED_INCIDENTS,
  SURNAMES,
  TEXTS,
  fillTemplate,
  type ReportCategory,
} from './texts.js';

export { mulberry32, poisson, rhythmAt, shanghaiHour, shanghaiIso } from './rhythm.js';

export interface SimulatorOptions {
  /** The full tree (config/regions.json). */
  regions: readonly Region[];
  /** The same ingest path a real collector uses. */
  submit: (reports: ReportInput[]) => Promise<unknown>;
  /** Clock in epoch ms. */
  now?: () => number;
  /** PRNG in [0, 1); pass mulberry32(seed) for repeatable traffic. */
  random?: () => number;
  /** Average daytime rate; the daily rhythm scales it. Default 20. */
  reportsPerMinute?: number;
  /** Mean minutes between incidents (a build-up or a single red report). Default 20. */
  incidentEveryMinutes?: number;
  log?: (message: string) => void;
}

/** Many reports of one category in one village, spread evenly over a few minutes. */
export interface BuildUp {
  village: Region;
  category: ReportCategory;
  texts: readonly string[];
  total: number;
  sent: number;
  startedAt: number;
  durationMs: number;
}

export interface SimulatorState {
  counter: number;
  /** At most one build-up at a time. */
  buildUp: BuildUp | null;
}

export function newSimulatorState(): SimulatorState {
  return { counter: 0, buildUp: null };
}

const SOURCE_WEIGHTS: ReadonlyArray<[Source, number]> = [
  ['hotline', 0.45],
  ['app', 0.3],
  ['grid', 0.25],
];
const CATEGORY_WEIGHTS: ReadonlyArray<[ReportCategory, number]> = [
  ['livelihood', 0.22],
  ['infrastructure', 0.21],
  ['dispute', 0.13],
  ['industry', 0.11],
  ['leftBehind', 0.1],
  ['agency', 0.09],
  ['security', 0.08],
  ['ceremony', 0.06],
];
const OMIT_CATEGORY = 0.15;
const PREFIX: Record<Source, readonly string[]> = {
  hotline: ['', '', '来电反映：', '群众来电：'],
  app: ['', '', '随手拍：'],
  grid: ['', '网格员巡查发现：', '入户走访了解到：'],
};

interface ReportSpec {
  village?: Region;
  category?: ReportCategory;
  template?: string;
}

/** Turns the region tree and a PRNG into reports. */
export class TrafficModel {
  private readonly villages: Region[];
  private readonly groupsOf = new Map<string, Region[]>();

  constructor(
    regions: readonly Region[],
    readonly random: () => number,
  ) {
    const villages = regions.filter((r) => r.kind === 'village');
    // Forest farms list 虚拟生活区 as their "villages": real, but rarely where people call from.
    const lived = villages.filter((v) => !v.name.includes('虚拟'));
    this.villages = lived.length > 0 ? lived : villages;
    for (const g of regions) {
      if (g.kind !== 'group' || g.parentCode === null) continue;
      const list = this.groupsOf.get(g.parentCode) ?? [];
      list.push(g);
      this.groupsOf.set(g.parentCode, list);
    }
    if (this.villages.length === 0) throw new Error('simulator: the region tree has no villages');
  }

  /** One report. A spec fixes the village, category and text (a build-up or an incident). */
  report(state: SimulatorState, now: number, spec: ReportSpec = {}): ReportInput {
    const r = this.random;
    const source = weighted(SOURCE_WEIGHTS, r);
    const village = spec.village ?? pick(this.villages, r);
    const groups = this.groupsOf.get(village.code) ?? [];
    const atGroup = groups.length > 0 && r() < (source === 'grid' ? 0.8 : 0.3);
    const group = atGroup ? pick(groups, r) : null;
    const category = spec.category ?? weighted(CATEGORY_WEIGHTS, r);
    const template = spec.template ?? pick(TEXTS[category], r);
    const surname = pick(SURNAMES, r);
    let text = pick(PREFIX[source], r);
    text += fillTemplate(template, {
      village: village.name,
      group: group?.name ?? '',
      name: surname,
    });
    if (source !== 'grid' && r() < 0.12) text += `，联系电话${mobile(r)}`;
    const omitCategory = spec.category === undefined && r() < OMIT_CATEGORY;
    const reporter = this.reporter(source, surname);
    state.counter += 1;
    return {
      source,
      externalId: `sim-${source}-${now}-${state.counter}`,
      occurredAt: shanghaiIso(now),
      regionCode: (group ?? village).code,
      ...(omitCategory ? {} : { category }),
      text,
      ...(reporter ? { reporter } : {}),
    };
  }

  private reporter(source: Source, surname: string): ReportInput['reporter'] {
    const r = this.random;
    if (source === 'hotline' && r() < 0.6) {
      return { name: `${surname}${r() < 0.5 ? '先生' : '女士'}`, phone: mobile(r) };
    }
    if (source === 'app' && r() < 0.3) return { phone: mobile(r) };
    return undefined;
  }

  /** 12–35 reports over 5–15 minutes: orange (10 in 60 min), sometimes red (30). */
  startBuildUp(now: number): BuildUp {
    const kind = pick(BUILD_UPS, this.random);
    return {
      village: pick(this.villages, this.random),
      category: kind.category,
      texts: kind.texts,
      total: 12 + Math.floor(this.random() * 24),
      sent: 0,
      startedAt: now,
      durationMs: Math.round((5 + this.random() * 10) * 60_000),
    };
  }

  /** A single report about a gathering, a blocked road, violence or a threat to life. */
  redIncident(state: SimulatorState, now: number): ReportInput {
    const incident = pick(RED_INCIDENTS, this.random);
    return this.report(state, now, { template: incident.text, category: incident.category });
  }
}

export interface BatchOptions {
  reportsPerMinute: number;
  incidentEveryMinutes: number;
  /** Told when an incident starts or ends. */
  note?: (message: string) => void;
}

/** One second of traffic: background reports, the running build-up, maybe a new incident. */
export function generateBatch(
  model: TrafficModel,
  state: SimulatorState,
  now: number,
  options: BatchOptions,
): ReportInput[] {
  const random = model.random;
  const batch: ReportInput[] = [];
  const n = poisson((options.reportsPerMinute / 60) * rhythmAt(now), random);
  for (let i = 0; i < n; i++) batch.push(model.report(state, now));

  const b = state.buildUp;
  if (b) {
    const progress = Math.min(1, (now - b.startedAt) / b.durationMs);
    const due = Math.min(b.total, Math.ceil(b.total * progress));
    for (; b.sent < due; b.sent++) {
      const template = pick(b.texts, random);
      batch.push(model.report(state, now, { village: b.village, category: b.category, template }));
    }
    if (b.sent >= b.total) {
      state.buildUp = null;
      options.note?.(`build-up in ${b.village.name} done (${b.total} ${b.category} reports)`);
    }
  }

  const every = options.incidentEveryMinutes;
  if (every > 0 && Number.isFinite(every) && random() < 1 / (every * 60)) {
    if (!state.buildUp && random() < 0.6) {
      const started = model.startBuildUp(now);
      state.buildUp = started;
      options.note?.(
        `build-up starts in ${started.village.name}: ${started.total} ${started.category} reports over ${Math.round(started.durationMs / 60_000)} min`,
      );
    } else {
      const report = model.redIncident(state, now);
      batch.push(report);
      const text = report.text.replace(/，联系电话\d+$/, ''); // keep phone numbers out of logs
      options.note?.(`red incident at ${report.regionCode}: ${text}`);
    }
  }
  return batch;
}

/** Submits still running before the next tick gives up on its second of traffic. */
const MAX_IN_FLIGHT = 5;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Traffic for the default county through the real ingest path, one batch a second. */
export function createSimulator(opts: SimulatorOptions): {
  start(): void;
  stop(): void;
  tick(): Promise<void>;
} {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? (() => {});
  const model = new TrafficModel(opts.regions, opts.random ?? Math.random);
  const options: BatchOptions = {
    reportsPerMinute: opts.reportsPerMinute ?? 20,
    incidentEveryMinutes: opts.incidentEveryMinutes ?? 20,
    note: log,
  };
  const state = newSimulatorState();
  let timer: NodeJS.Timeout | null = null;
  let inFlight = 0;

  const tick = async (): Promise<void> => {
    try {
      const batch = generateBatch(model, state, now(), options);
      if (batch.length === 0) return;
      if (inFlight >= MAX_IN_FLIGHT) {
        log(`ingest is slow: ${inFlight} batches pending, ${batch.length} reports dropped`);
        return;
      }
      inFlight++;
      try {
        for (let i = 0; i < batch.length; i += MAX_BATCH) {
          await opts.submit(batch.slice(i, i + MAX_BATCH));
        }
      } finally {
        inFlight--;
      }
    } catch (err) {
      log(`submit failed: ${message(err)}`);
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
      state.buildUp = null;
    },
  };
}
