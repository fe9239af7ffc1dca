import { v7 as uuidv7 } from 'uuid';
import type {
  FieldError,
  GridBatchBody,
  GridBatchResult,
  GridItem,
  GridVisitItem,
} from '#contracts';
import type { Logger } from '../../backend/platform/logger.js';
import type { RegionTree } from '../../backend/regions/tree.js';
import type { ReportDraft } from '#contracts';
import type { IngestPort } from '../port.js';
import { maskPhonesInText } from '../../backend/platform/privacy.js';
import type { GridLedger, ProblemRow, VisitRow } from './ledger.js';
import { WorkerDirectory, type BoundWorker } from './workers.js';

/** Same tolerance for clock skew as the ingest path (a phone's clock may run a little fast). */
const MAX_FUTURE_MS = 5 * 60_000;

/** A batch refused as a whole: nothing of it was stored. */
export class GridRejected extends Error {
  constructor(
    readonly status: 400 | 403,
    readonly error: string,
    message: string,
    readonly fields: FieldError[],
  ) {
    super(message);
  }
}

export interface GridBatchDeps {
  ingest: IngestPort;
  regions: RegionTree;
  workers: WorkerDirectory;
  ledger: GridLedger;
  clock: () => number;
  log: Logger;
}

/** One report to file, and the item it came from. */
interface ProblemDraft {
  index: number;
  clientKey: string;
  draft: ReportDraft;
}

const at = (i: number, field: string) => `items[${i}].${field}`;

/** A visit's concerns are filed under their own client key, beside any problem of that id. */
const concernsKey = (clientId: string) => `${clientId}/concerns`;

/**
 * Files one worker's batch: problems through the one ingest path as source `grid`, visits into
 * the grid ledger. Every check runs before anything is stored, so a bad item refuses the batch
 * whole; a replay is answered with the ids stored the first time.
 */
export class GridBatchService {
  /** The last batch in flight per worker: the next one waits for it. */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly deps: GridBatchDeps) {}

  /**
   * One batch per worker at a time. An app that timed out on a slow link often resends while the
   * first request is still being stored; run side by side, the second would not yet see the
   * first in the ledger and would call its items new.
   */
  file(batch: GridBatchBody): Promise<GridBatchResult> {
    const key = batch.workerId;
    const result = (this.inFlight.get(key) ?? Promise.resolve()).then(() => this.fileNow(batch));
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.set(key, settled);
    void settled.then(() => {
      if (this.inFlight.get(key) === settled) this.inFlight.delete(key);
    });
    return result;
  }

  private async fileNow(batch: GridBatchBody): Promise<GridBatchResult> {
    const now = this.deps.clock();
    const bound = this.deps.workers.get(batch.workerId);
    if (!bound) {
      throw new GridRejected(403, 'unknown_worker', `unknown grid worker ${batch.workerId}`, [
        {
          path: 'workerId',
          message: `${batch.workerId} 不是登记的网格员 (not a registered grid worker)`,
        },
      ]);
    }
    this.check(batch.items, bound, now);

    const { worker } = bound;
    const problems = this.problemDrafts(batch.items, worker.id, worker.name);
    const known = this.deps.ledger.knownProblems(
      worker.id,
      problems.map((p) => p.clientKey),
    );
    // Ingest checks its own way too; its paths must point at the item a draft came from.
    const indexOf = problems.map((p) => p.index);
    const ingested =
      problems.length === 0
        ? { accepted: 0, duplicates: 0, ids: [] }
        : await this.deps.ingest.ingest(
            problems.map((p) => p.draft),
            (i) => `items[${indexOf[i] ?? i}]`,
          );

    const reportIdOf = new Map<string, string>();
    const problemRows: ProblemRow[] = problems.map((p, i) => {
      const reportId = ingested.ids[i] as string;
      reportIdOf.set(p.clientKey, reportId);
      return {
        workerId: worker.id,
        clientId: p.clientKey,
        reportId,
        regionCode: p.draft.regionCode,
        occurredAt: Date.parse(p.draft.occurredAt),
        receivedAt: now,
        lat: p.draft.location?.lat ?? null,
        lng: p.draft.location?.lng ?? null,
      };
    });
    const visitItems = batch.items.flatMap((item, index) =>
      item.kind === 'visit' ? [{ item, index }] : [],
    );
    const visitRows = visitItems.map(({ item }) =>
      this.visitRow(item, worker.id, batch.deviceId ?? null, now, reportIdOf),
    );
    // Problems are on disk (ingest fsyncs before it resolves); a crash before this line loses
    // nothing: the app did not get its 202, replays, and ingest answers the problems as duplicates.
    const visitResults = this.deps.ledger.record(problemRows, visitRows);

    return this.answer(batch.items, problems, ingested.ids, known, visitItems, visitResults, {
      accepted: ingested.accepted,
      duplicates: ingested.duplicates,
    });
  }

  /** Everything that can refuse the batch, before anything is stored: 400 first, then 403. */
  private check(items: readonly GridItem[], bound: BoundWorker, now: number): void {
    const invalid: FieldError[] = [];
    const outside: FieldError[] = [];
    const kindOf = new Map<string, { kind: GridItem['kind']; index: number }>();
    items.forEach((item, i) => {
      const region = this.deps.regions.get(item.regionCode);
      if (!region) {
        invalid.push({
          path: at(i, 'regionCode'),
          message: `unknown region code ${item.regionCode}`,
        });
      } else if (!WorkerDirectory.covers(bound, item.regionCode)) {
        outside.push({
          path: at(i, 'regionCode'),
          message: `${item.regionCode} (${region.name}) 不在网格员 ${bound.worker.id} 的网格内 (not in this worker's grid)`,
        });
      }
      if (Date.parse(item.occurredAt) > now + MAX_FUTURE_MS) {
        invalid.push({ path: at(i, 'occurredAt'), message: 'must not be in the future' });
      }
      // The same id twice is a replay inside one queue; as two kinds it is the app's bug.
      const first = kindOf.get(item.clientId);
      if (first && first.kind !== item.kind) {
        invalid.push({
          path: at(i, 'clientId'),
          message: `${item.clientId} is already items[${first.index}], a ${first.kind}`,
        });
      } else if (!first) {
        kindOf.set(item.clientId, { kind: item.kind, index: i });
      }
    });
    if (invalid.length > 0) {
      throw new GridRejected(400, 'invalid_batch', 'the batch has invalid items', invalid);
    }
    if (outside.length > 0) {
      throw new GridRejected(
        403,
        'outside_grid',
        `grid worker ${bound.worker.id} may only file for their own groups and villages`,
        outside,
      );
    }
  }

  private problemDrafts(
    items: readonly GridItem[],
    workerId: string,
    workerName: string,
  ): ProblemDraft[] {
    // The worker is the reporter; their phone stays in the directory, never in a report.
    const reporter = { name: workerName };
    return items.flatMap((item, index): ProblemDraft[] => {
      const base = {
        source: 'grid' as const,
        occurredAt: item.occurredAt,
        regionCode: item.regionCode,
        reporter,
      };
      if (item.kind === 'problem') {
        const clientKey = item.clientId;
        return [
          {
            index,
            clientKey,
            draft: {
              ...base,
              externalId: `${workerId}:${clientKey}`,
              text: item.text,
              category: item.category,
              location: item.location,
              urgent: item.urgent,
            },
          },
        ];
      }
      if (item.quiet || !item.concerns) return [];
      const clientKey = concernsKey(item.clientId);
      return [
        {
          index,
          clientKey,
          draft: {
            ...base,
            externalId: `${workerId}:${clientKey}`,
            text: item.concerns,
            category: item.category,
          },
        },
      ];
    });
  }

  private visitRow(
    item: GridVisitItem,
    workerId: string,
    deviceId: string | null,
    now: number,
    reportIdOf: ReadonlyMap<string, string>,
  ): VisitRow {
    const village = this.deps.regions.ancestorOfKind(item.regionCode, 'village');
    return {
      id: uuidv7(),
      workerId,
      clientId: item.clientId,
      deviceId,
      regionCode: item.regionCode,
      villageCode: village?.code ?? item.regionCode,
      occurredAt: Date.parse(item.occurredAt),
      receivedAt: now,
      households: item.households ?? null,
      quiet: item.quiet,
      note: item.note ? maskPhonesInText(item.note) : null,
      concerns: item.concerns ? maskPhonesInText(item.concerns) : null,
      problemId: reportIdOf.get(concernsKey(item.clientId)) ?? null,
    };
  }

  private answer(
    items: readonly GridItem[],
    problems: readonly ProblemDraft[],
    ids: readonly string[],
    known: ReadonlyMap<string, string>,
    visitItems: ReadonlyArray<{ index: number }>,
    visitResults: ReadonlyArray<{ id: string; problemId: string | null; duplicate: boolean }>,
    ingested: { accepted: number; duplicates: number },
  ): GridBatchResult {
    const out: GridBatchResult['items'] = items.map((item) => ({
      clientId: item.clientId,
      kind: item.kind,
      id: '',
      duplicate: false,
    }));
    // Ingest counts what it stored but not which: a problem is new unless the ledger knew it or
    // it came earlier in this batch.
    const seen = new Set<string>();
    let flaggedNew = 0;
    problems.forEach((p, i) => {
      const duplicate = known.has(p.clientKey) || seen.has(p.clientKey);
      seen.add(p.clientKey);
      if (!duplicate) flaggedNew += 1;
      const entry = out[p.index];
      if (!entry) return;
      if (entry.kind === 'problem') Object.assign(entry, { id: ids[i], duplicate });
      else entry.problemId = ids[i];
    });
    if (flaggedNew !== ingested.accepted) {
      // Only when grid.db lost rows the report store has (restored from an older backup).
      this.deps.log.warn(
        `grid: ledger and report store disagree: ${flaggedNew} problems look new, ${ingested.accepted} stored`,
      );
    }
    visitItems.forEach(({ index }, i) => {
      const entry = out[index];
      const result = visitResults[i];
      if (!entry || !result) return;
      entry.id = result.id;
      entry.duplicate = result.duplicate;
      if (result.problemId) entry.problemId = result.problemId;
    });
    const visitsNew = visitResults.filter((v) => !v.duplicate).length;
    return {
      accepted: { problems: ingested.accepted, visits: visitsNew },
      duplicates: { problems: ingested.duplicates, visits: visitResults.length - visitsNew },
      items: out,
    };
  }
}
