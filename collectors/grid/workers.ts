import { existsSync, statSync } from 'node:fs';
import type { GridWorker, GridWorkersFile } from '#contracts';
import { GridWorkersFile as GridWorkersFileSchema } from '#contracts';
import { ConfigError } from '../../backend/config/errors.js';
import { loadJsonFile } from '../../backend/config/files.js';
import type { Logger } from '../../backend/platform/logger.js';
import type { RegionTree } from '../../backend/regions/tree.js';

/** A worker and the places they may file for: their groups and the villages of those groups. */
export interface BoundWorker {
  worker: GridWorker;
  groups: ReadonlySet<string>;
  villages: ReadonlySet<string>;
}

/** Validate a workers file against the region tree; errors name the file and the field path. */
export function bindWorkers(
  file: GridWorkersFile,
  regions: RegionTree,
  source: string,
): Map<string, BoundWorker> {
  const byId = new Map<string, BoundWorker>();
  file.workers.forEach((worker, i) => {
    if (byId.has(worker.id)) {
      throw new ConfigError(`${source}: workers[${i}].id: duplicate worker id ${worker.id}`);
    }
    const villages = new Set<string>();
    worker.groups.forEach((code, j) => {
      const region = regions.get(code);
      if (region?.kind !== 'group' || !region.parentCode) {
        throw new ConfigError(
          `${source}: workers[${i}].groups[${j}]: ${code} is ${region ? `a ${region.kind}, not a group` : 'not a region'} in regions.json`,
        );
      }
      villages.add(region.parentCode);
    });
    byId.set(worker.id, { worker, groups: new Set(worker.groups), villages });
  });
  return byId;
}

/**
 * config/grid-workers.json, validated at start and re-read when it changes (a cheap stat per
 * request, so the town office edits the list without a restart). An invalid edit is refused with
 * the file and field named and the previous list stays in force, as with the rules file.
 */
export class WorkerDirectory {
  private workers = new Map<string, BoundWorker>();
  private stamp: string | null = null;
  lastError: string | null = null;

  constructor(
    readonly file: string | null,
    private readonly regions: RegionTree,
    private readonly log: Logger,
  ) {
    if (!file || !existsSync(file)) {
      // A deployment without grid workers yet: every batch is refused as an unknown worker.
      log.warn(`grid: ${file ?? 'grid-workers.json'} not found; no grid worker may file`);
      return;
    }
    this.stamp = stampOf(file);
    this.workers = bindWorkers(loadJsonFile(file, GridWorkersFileSchema), regions, file);
  }

  get(id: string): BoundWorker | undefined {
    this.refresh();
    return this.workers.get(id);
  }

  /** Every worker, with the groups they cover. */
  all(): GridWorker[] {
    this.refresh();
    return [...this.workers.values()].map((w) => w.worker);
  }

  /** Workers covering any group of this village. */
  ofVillage(villageCode: string): GridWorker[] {
    this.refresh();
    return [...this.workers.values()]
      .filter((w) => w.villages.has(villageCode))
      .map((w) => w.worker);
  }

  /** May this worker file for this region? Their own groups, or a village of one of them. */
  static covers(bound: BoundWorker, regionCode: string): boolean {
    return bound.groups.has(regionCode) || bound.villages.has(regionCode);
  }

  private refresh(): void {
    if (!this.file) return;
    const stamp = stampOf(this.file);
    // A deleted file keeps the last list: losing every binding on a botched save is worse.
    if (stamp === null || stamp === this.stamp) return;
    this.stamp = stamp;
    try {
      this.workers = bindWorkers(
        loadJsonFile(this.file, GridWorkersFileSchema),
        this.regions,
        this.file,
      );
      this.lastError = null;
      this.log.info(`grid: workers reloaded from ${this.file} (${this.workers.size})`);
    } catch (err) {
      this.lastError = (err as Error).message;
      this.log.error(`grid: workers not reloaded, previous list stays: ${this.lastError}`);
    }
  }
}

function stampOf(file: string): string | null {
  try {
    const s = statSync(file);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch {
    return null;
  }
}
