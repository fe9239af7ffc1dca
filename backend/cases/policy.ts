import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Level, LevelPolicy, PolicyFile, Unit } from '#contracts';
import { DEFAULT_POLICY, PolicyFile as PolicyFileSchema, UNITS } from '#contracts';
import { loadJsonFile } from '../config/files.js';
import type { RegionTree } from '../regions/tree.js';

export type RaisedLevel = Exclude<Level, 'none'>;

const MINUTE = 60_000;

/** The response policy: who handles each level, and each unit's time limits. */
export class ResponsePolicy {
  private readonly byUnit: Map<Unit, LevelPolicy>;

  constructor(readonly file: PolicyFile = DEFAULT_POLICY) {
    this.byUnit = new Map(Object.values(file.levels).map((p) => [p.unit, p]));
  }

  /** config/policy.json when present, else DOMAIN.md's defaults. */
  static load(configDir: string | undefined): ResponsePolicy {
    const path = configDir ? join(configDir, 'policy.json') : null;
    if (!path || !existsSync(path)) return new ResponsePolicy();
    return new ResponsePolicy(loadJsonFile(path, PolicyFileSchema));
  }

  forLevel(level: RaisedLevel): LevelPolicy {
    return this.file.levels[level];
  }

  /** The lowest level a category's work orders go to (none: the colour decides alone). */
  categoryUnit(category: string): Unit | null {
    return (this.file.categoryUnits as Partial<Record<string, Unit>>)[category] ?? null;
  }

  forUnit(unit: Unit): LevelPolicy {
    const policy = this.byUnit.get(unit);
    if (!policy) throw new Error(`no level is handled by ${unit}`);
    return policy;
  }

  ackMs(unit: Unit): number {
    return this.forUnit(unit).acknowledgeMinutes * MINUTE;
  }

  resolveMs(unit: Unit): number {
    return this.forUnit(unit).resolveMinutes * MINUTE;
  }

  graceMs(unit: Unit): number {
    return this.forUnit(unit).superviseGraceMinutes * MINUTE;
  }
}

/** The unit one level up (village → town → county), or null at the county. */
export function unitAbove(unit: Unit): Unit | null {
  return UNITS[UNITS.indexOf(unit) + 1] ?? null;
}

export function unitRank(unit: Unit): number {
  return UNITS.indexOf(unit);
}

const KIND_RANK = { group: -1, village: 0, town: 1, county: 2 } as const;

/**
 * The unit that handles a case in `regionCode` at `unit` level, and that unit's region. A region
 * above the wanted unit (a town alert for a village-level policy) is handled by the region itself.
 */
export function assignUnit(
  tree: RegionTree,
  regionCode: string,
  unit: Unit,
): { unit: Unit; unitCode: string } {
  const region = tree.get(regionCode);
  if (!region) return { unit: 'county', unitCode: tree.county.code };
  if (region.kind !== 'group' && KIND_RANK[region.kind] >= unitRank(unit)) {
    return KIND_RANK[region.kind] === unitRank(unit)
      ? { unit, unitCode: region.code }
      : { unit: region.kind, unitCode: region.code };
  }
  const owner = tree.ancestorOfKind(regionCode, unit);
  return owner ? { unit, unitCode: owner.code } : { unit: 'county', unitCode: tree.county.code };
}
