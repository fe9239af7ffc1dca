import { v7 as uuidv7 } from 'uuid';
import type { FieldError, IngestResult, Report, ReportInput } from '../../contracts/index.js';
import type { EventBus } from '../events/bus.js';
import type { SentimentMonitor } from '../levels/monitor.js';
import type { RegionTree } from '../regions/tree.js';
import type { ReportStore } from '../store/store.js';
import type { Understanding } from '../understanding/index.js';
import { hashPhone, maskPhone, maskPhonesInText } from './privacy.js';

/** Reports may be stamped a little ahead of our clock (clock skew), not more. */
const MAX_FUTURE_MS = 5 * 60_000;

export interface IngestDeps {
  store: ReportStore;
  regions: RegionTree;
  monitor: SentimentMonitor;
  bus: EventBus;
  clock: () => number;
  phoneSalt: string;
  understanding: Understanding;
}

/**
 * What a collector hands to ingest: the public contract plus what only a collector knows. A draft
 * with `triage` may name the county itself when its address matched nothing deeper: it is kept
 * for a person to place, never dropped.
 */
export type ReportDraft = ReportInput & { triage?: string };

export class IngestRejected extends Error {
  constructor(readonly fields: FieldError[]) {
    super(fields.map((f) => `${f.path}: ${f.message}`).join('; '));
  }
}

/**
 * The one ingest path for HTTP, in-process collectors and the simulator: check what the schema
 * cannot (region exists, time not in the future), store durably, then let the rules see it.
 * A batch is all-or-nothing: one bad item rejects the batch and nothing is stored.
 */
export class IngestService {
  constructor(private readonly deps: IngestDeps) {}

  async ingest(
    inputs: readonly ReportDraft[],
    pathPrefix = (i: number) => `[${i}]`,
  ): Promise<IngestResult> {
    const now = this.deps.clock();
    const errors = inputs.flatMap((input, i) => this.check(input, now, pathPrefix(i)));
    if (errors.length > 0) throw new IngestRejected(errors);
    const reports = inputs.map((input) => this.toReport(input, now));
    const { understanding } = this.deps;
    let result;
    try {
      result = await this.deps.store.append(reports);
    } catch (err) {
      for (const report of reports) understanding.forget(report.id);
      throw err;
    }
    const stored = new Set(result.inserted.map((r) => r.id));
    for (const report of reports) if (!stored.has(report.id)) understanding.forget(report.id);
    for (const report of result.inserted) {
      this.deps.bus.emit('report.accepted', report);
      this.deps.monitor.observe(report);
    }
    return { accepted: result.inserted.length, duplicates: result.duplicates, ids: result.ids };
  }

  private check(input: ReportDraft, now: number, prefix: string): FieldError[] {
    const errors: FieldError[] = [];
    const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
    if (!this.deps.regions.has(input.regionCode)) {
      errors.push({ path: at('regionCode'), message: `unknown region code ${input.regionCode}` });
    } else if (!input.triage && this.deps.regions.get(input.regionCode)?.kind === 'county') {
      errors.push({ path: at('regionCode'), message: 'must be a town, village or group code' });
    }
    if (Date.parse(input.occurredAt) > now + MAX_FUTURE_MS) {
      errors.push({ path: at('occurredAt'), message: 'must not be in the future' });
    }
    return errors;
  }

  private toReport(input: ReportDraft, now: number): Report {
    const text = maskPhonesInText(input.text);
    const analysis = this.deps.understanding.analyze({
      text,
      category: input.category,
      urgent: input.urgent,
    });
    const category = analysis.category;
    const match = this.deps.monitor.classify({ text, category, source: input.source });
    const phone = input.reporter?.phone;
    const report: Report = {
      // Time-ordered ids append to the id index instead of splitting random pages: 2× inserts/s.
      id: uuidv7(),
      source: input.source,
      externalId: input.externalId,
      occurredAt: Date.parse(input.occurredAt),
      receivedAt: now,
      regionCode: input.regionCode,
      category,
      text,
      reporterName: input.reporter?.name ?? null,
      phoneMasked: phone ? maskPhone(phone) : null,
      phoneHash: phone ? hashPhone(phone, this.deps.phoneSalt) : null,
      lat: input.location?.lat ?? null,
      lng: input.location?.lng ?? null,
      address: input.location?.address ?? null,
      level: match?.level ?? 'none',
      ruleId: match?.rule.id ?? null,
      categoryInferred: analysis.categoryInferred,
      urgency: analysis.urgency,
      negativity: analysis.negativity,
      repeatOf: null,
      triage: input.triage ?? null,
    };
    // In input order, so a batch's second copy of a text links to its first.
    report.repeatOf = this.deps.understanding.findRepeat(report);
    this.deps.understanding.remember(report);
    return report;
  }
}
