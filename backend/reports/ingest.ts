import { v7 as uuidv7 } from 'uuid';
import type {
  Category,
  FieldError,
  IngestResult,
  Judgement,
  Level,
  Report,
  ReportDraft,
  Source,
} from '#contracts';
import { IngestRejected } from '#contracts';
import { hashPhone, maskPersonalText, maskPhone } from '../platform/privacy.js';
import type { RegionTree } from '../regions/tree.js';
import type { ReportWriter } from '../store/store.js';
import type { RepeatCandidate } from '../understanding/index.js';

/** Reports may be stamped a little ahead of our clock (clock skew), not more. */
const MAX_FUTURE_MS = 5 * 60_000;

/** What the text of a draft says, beyond what the sender told us: given to ingest, not looked up. */
export interface TextReading {
  category: Category;
  categoryInferred: boolean;
  urgency: number;
  negativity: number;
  /** The colour of this one report, and the rule that raised its region (null when none). */
  level: Level;
  ruleId: string | null;
  judgement: Judgement | null;
}

/** Reads a draft's text (the sender's category and 紧急 are hints it weighs). */
export type ReadText = (draft: {
  text: string;
  source: Source;
  category?: Category;
  urgent?: boolean;
}) => TextReading;

/** 重复诉求: ingest links a new report to an earlier one and keeps the index in step. */
export interface RepeatIndex {
  findRepeat(report: RepeatCandidate): string | null;
  remember(report: RepeatCandidate): void;
  forget(id: string): void;
}

export interface IngestDeps {
  store: ReportWriter;
  regions: RegionTree;
  clock: () => number;
  phoneSalt: string;
  read: ReadText;
  repeats: RepeatIndex;
  /** Called once per newly stored report, in order, after it is durable. */
  publish: (report: Report) => void;
}

/**
 * The one ingest path for HTTP, in-process collectors and the simulator: check what the schema
 * cannot (region exists, time not in the future), turn drafts into reports, store them durably,
 * then publish them. Data goes one way: nothing downstream is called from here but `publish`.
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
    const { repeats } = this.deps;
    let result;
    try {
      result = await this.deps.store.append(reports);
    } catch (err) {
      for (const report of reports) repeats.forget(report.id);
      throw err;
    }
    const stored = new Set(result.inserted.map((r) => r.id));
    for (const report of reports) if (!stored.has(report.id)) repeats.forget(report.id);
    for (const report of result.inserted) this.deps.publish(report);
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
    const text = maskPersonalText(input.text);
    const reading = this.deps.read({
      text,
      source: input.source,
      category: input.category,
      urgent: input.urgent,
    });
    const phone = input.reporter?.phone;
    const report: Report = {
      // Time-ordered ids append to the id index instead of splitting random pages: 2× inserts/s.
      id: uuidv7(),
      source: input.source,
      externalId: input.externalId,
      occurredAt: Date.parse(input.occurredAt),
      receivedAt: now,
      regionCode: input.regionCode,
      category: reading.category,
      text,
      reporterName: input.reporter?.name ? maskPersonalText(input.reporter.name) : null,
      phoneMasked: phone ? maskPhone(phone) : null,
      phoneHash: phone ? hashPhone(phone, this.deps.phoneSalt) : null,
      lat: input.location?.lat ?? null,
      lng: input.location?.lng ?? null,
      address: input.location?.address ? maskPersonalText(input.location.address) : null,
      level: reading.level,
      ruleId: reading.ruleId,
      judgement: reading.judgement,
      correction: null,
      categoryInferred: reading.categoryInferred,
      urgency: reading.urgency,
      negativity: reading.negativity,
      repeatOf: null,
      triage: input.triage ?? null,
    };
    // In input order, so a batch's second copy of a text links to its first.
    report.repeatOf = this.deps.repeats.findRepeat(report);
    this.deps.repeats.remember(report);
    return report;
  }
}
