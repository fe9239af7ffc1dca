import type { Alert, RegionLevel, Report, RulesFile } from '#contracts';
import { AlertBook } from './alerts/alert-book.js';
import type { EventBus } from '../events/bus.js';
import type { RegionTree } from '../regions/tree.js';
import type { ReportReader } from '../store/store.js';
import { RuleEngine } from './rules/engine.js';
import type { RuleSignal } from './rules/signal.js';
import { IndexMeter, reportWeight } from './levels/index-meter.js';
import { LevelBook } from './levels/level-book.js';

export interface SentimentDeps {
  regions: RegionTree;
  rules: RulesFile;
  bus: EventBus;
  clock: () => number;
}

/** How far back the store is replayed to rebuild state: the 24 h of the 民情指数. */
export const REPLAY_WINDOW_MS = 24 * 60 * 60_000;

/** When the engine took a report in: when it arrived (never after `now`). */
const arrivalOf = (report: Report, now: number) => Math.min(report.receivedAt, now);

/**
 * The order reports reached the engine: by arrival, and within one arrival (a batch) in the order
 * ingest published them, which is the order of their time-ordered (UUIDv7) ids.
 */
function byArrival(now: number) {
  return (a: Report, b: Report) =>
    arrivalOf(a, now) - arrivalOf(b, now) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The sentiment engine: subscribes to published reports and runs rules → levels → alerts and the
 * 民情指数, then says what changed on the bus. It never calls back into ingest. All state is in
 * memory and rebuilt by replaying the store's last 24 h (`warmUp`), so a restart (or a rules
 * reload) lands on the same levels and alerts.
 *
 * The replay goes the way the reports came: in arrival order, each counted at its own occurrence
 * time, with time between arrivals followed to the moment (see RuleEngine). So it retraces what
 * the live engine did: the same alerts under the same ids whatever order the reports arrived in,
 * yesterday's surges raised and cleared yesterday, and a backfill of old reports, which raised
 * nothing when it arrived, raises nothing on a replay either.
 */
export class SentimentEngine {
  private engine: RuleEngine;
  private levels: LevelBook;
  private alerts = new AlertBook();
  private meter = new IndexMeter();
  private muted = false;
  /** Nothing observed or built yet: the first build restores state, it has nothing to announce. */
  private fresh = true;
  private dirtyIndex = new Set<string>();
  private lastIndex = new Map<string, number>();

  constructor(private readonly deps: SentimentDeps) {
    this.engine = new RuleEngine(deps.rules, deps.regions);
    this.levels = new LevelBook(deps.regions, deps.rules.childrenRules, deps.clock());
  }

  get rules(): RulesFile {
    return this.engine.rules;
  }

  /** The per-report rule (the county's override by words) that matches, or null. */
  classify(report: { text: string; category: string; source: string }) {
    return this.engine.classify(report);
  }

  /**
   * Listen to published reports; a corrected report (a dispatcher changed its colour or
   * category) re-reads the last 24 h through `reader`, so every level and alert it touched is
   * what it would have been. Returns the unsubscribe.
   */
  subscribe(bus: EventBus, reader: ReportReader, onError: (err: unknown) => void): () => void {
    const onReport = (report: Report) => this.observe(report);
    const onCorrected = () => {
      this.warmUp(reader).catch(onError);
    };
    bus.on('report.accepted', onReport);
    bus.on('report.corrected', onCorrected);
    return () => {
      bus.off('report.accepted', onReport);
      bus.off('report.corrected', onCorrected);
    };
  }

  /** The one way state is (re)built: replay the store's last 24 h under `rules`. */
  async warmUp(reader: ReportReader, now = this.deps.clock(), rules = this.rules): Promise<void> {
    this.rebuild(await reader.since(now - REPLAY_WINDOW_MS), rules, now);
  }

  /**
   * A published report, taken in as of its arrival (`receivedAt`, never after `now`): the moment
   * a replay puts it at too, so both follow time to the same point before counting it.
   */
  observe(report: Report, now = this.deps.clock()): void {
    this.fresh = false;
    const arrived = arrivalOf(report, now);
    const weight = reportWeight(report.level, report.urgency);
    for (const region of this.deps.regions.lineage(report.regionCode)) {
      this.meter.add(region.code, Math.min(report.occurredAt, arrived), weight);
      this.dirtyIndex.add(region.code);
    }
    this.route(this.engine.observe(report, arrived));
  }

  tick(now = this.deps.clock()): void {
    this.route(this.engine.tick(now));
    for (const code of this.meter.regionsWithData()) this.dirtyIndex.add(code);
    this.flushIndex(now);
  }

  /** Emit the 民情指数 of regions whose reading moved since the last flush. */
  flushIndex(now = this.deps.clock()): void {
    const indices: Record<string, number> = {};
    let any = false;
    for (const code of this.dirtyIndex) {
      const value = this.indexOf(code, now);
      if (this.lastIndex.get(code) === value) continue;
      this.lastIndex.set(code, value);
      indices[code] = value;
      any = true;
    }
    this.dirtyIndex.clear();
    if (any && !this.muted) this.deps.bus.emit('index.updated', { at: now, indices });
  }

  /**
   * Replace all state by replaying reports in the order they arrived, each at its arrival time,
   * then tell subscribers what is now different (nothing on the first build: that restores).
   */
  rebuild(reports: readonly Report[], rules: RulesFile, now = this.deps.clock()): void {
    const first = this.fresh;
    const before = new Map(this.levelViews(now).map((l) => [l.regionCode, l.level]));
    const alertsBefore = new Map(this.alerts.list().map((a) => [a.id, a]));
    this.engine = new RuleEngine(rules, this.deps.regions);
    this.levels = new LevelBook(this.deps.regions, rules.childrenRules, now);
    this.alerts = new AlertBook();
    this.meter = new IndexMeter();
    this.muted = true;
    try {
      for (const report of [...reports].sort(byArrival(now))) this.observe(report, now);
      this.tick(now);
    } finally {
      this.muted = false;
      this.fresh = false;
    }
    if (!first) this.announceDifferences(before, alertsBefore, now);
  }

  levelViews(now = this.deps.clock()): RegionLevel[] {
    return this.deps.regions.all.flatMap(
      (r) => this.levels.view(r.code, this.indexOf(r.code, now)) ?? [],
    );
  }

  activeAlerts(): Alert[] {
    return this.alerts.list();
  }

  private indexOf(code: string, now: number): number {
    const region = this.deps.regions.get(code);
    if (!region) return 0;
    return this.meter.index(code, region.kind, this.levels.level(code), now);
  }

  /**
   * Signals in time order; what one of them sets off (a children rule on a parent) is routed
   * before the next, so a batch of due signals lands as they would one by one.
   */
  private route(signals: RuleSignal[]): void {
    const queue = [...signals];
    while (queue.length > 0) {
      const signal = queue.shift() as RuleSignal;
      const alert = this.alerts.apply(signal);
      if (alert && !this.muted) this.deps.bus.emit(`alert.${alert.type}`, alert.alert);
      const outcome = this.levels.apply(signal);
      queue.unshift(...outcome.derived);
      for (const change of outcome.changes) {
        const index = this.indexOf(change.regionCode, change.at);
        this.lastIndex.set(change.regionCode, index);
        if (!this.muted) this.deps.bus.emit('level.changed', { ...change, index });
      }
    }
  }

  /**
   * After a rebuild (rules reload, correction), tell subscribers what is now different. Alerts are
   * compared by id, which the replay reproduces: an alert that was active before keeps its id and
   * is not raised again; only one the new rules (or the corrected report) make active is raised,
   * one they end is cleared, one whose level moved is updated.
   */
  private announceDifferences(
    before: Map<string, string>,
    alertsBefore: Map<string, Alert>,
    now: number,
  ): void {
    for (const view of this.levelViews(now)) {
      const previous = before.get(view.regionCode);
      if (previous === undefined || previous === view.level) continue;
      this.deps.bus.emit('level.changed', {
        regionCode: view.regionCode,
        level: view.level,
        previous: previous as RegionLevel['level'],
        weather: view.weather,
        index: view.index,
        ruleId: view.explanation?.ruleId ?? null,
        reason: view.explanation?.reason ?? '规则更新后恢复平稳',
        explanation: view.explanation,
        at: now,
      });
    }
    const after = new Set(this.alerts.list().map((a) => a.id));
    for (const alert of this.alerts.list()) {
      const previous = alertsBefore.get(alert.id);
      if (!previous) this.deps.bus.emit('alert.raised', alert);
      else if (previous.level !== alert.level) this.deps.bus.emit('alert.updated', alert);
    }
    for (const [id, alert] of alertsBefore) {
      if (after.has(id)) continue;
      this.deps.bus.emit('alert.cleared', {
        ...alert,
        status: 'cleared',
        clearedAt: now,
        updatedAt: now,
        clearReason: '规则更新后不再成立',
      });
    }
  }
}
