import type { Region, RegionFile } from '#contracts';
import { REGION_CODE_LENGTH } from '#contracts';
import { ConfigError } from '../config/errors.js';

const PARENT_KIND = { county: null, town: 'county', village: 'town', group: 'village' } as const;

/** The county → town → village → group tree, validated on load, with fast look-ups. */
export class RegionTree {
  readonly county: Region;
  private readonly byCode = new Map<string, Region>();
  private readonly childrenOf = new Map<string, Region[]>();
  private readonly ancestorsOf = new Map<string, readonly Region[]>();

  constructor(
    readonly all: readonly Region[],
    source = 'regions',
  ) {
    for (const region of all) {
      if (this.byCode.has(region.code)) {
        throw new ConfigError(`${source}: regions: duplicate code ${region.code}`);
      }
      if (region.code.length !== REGION_CODE_LENGTH[region.kind]) {
        throw new ConfigError(
          `${source}: regions: ${region.code} has the wrong length for a ${region.kind}`,
        );
      }
      this.byCode.set(region.code, region);
    }
    const counties = all.filter((r) => r.kind === 'county');
    if (counties.length !== 1 || !counties[0]) {
      throw new ConfigError(
        `${source}: regions: exactly one county expected, found ${counties.length}`,
      );
    }
    this.county = counties[0];
    for (const region of all) this.link(region, source);
    for (const region of all) this.ancestorsOf.set(region.code, this.computeAncestors(region));
  }

  static fromFile(file: RegionFile, source: string): RegionTree {
    return new RegionTree(file.regions, source);
  }

  get(code: string): Region | undefined {
    return this.byCode.get(code);
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  children(code: string): readonly Region[] {
    return this.childrenOf.get(code) ?? [];
  }

  /** The region itself and every ancestor up to the county, nearest first. */
  lineage(code: string): readonly Region[] {
    return this.ancestorsOf.get(code) ?? [];
  }

  parent(code: string): Region | undefined {
    const region = this.byCode.get(code);
    return region?.parentCode ? this.byCode.get(region.parentCode) : undefined;
  }

  /** The ancestor (or self) of a given kind, e.g. the town a group belongs to. */
  ancestorOfKind(code: string, kind: Region['kind']): Region | undefined {
    return this.lineage(code).find((r) => r.kind === kind);
  }

  private link(region: Region, source: string): void {
    const expectedParentKind = PARENT_KIND[region.kind];
    if (expectedParentKind === null) {
      if (region.parentCode !== null) {
        throw new ConfigError(
          `${source}: regions: county ${region.code} must have parentCode null`,
        );
      }
      return;
    }
    const parent = region.parentCode ? this.byCode.get(region.parentCode) : undefined;
    if (!parent || parent.kind !== expectedParentKind || !region.code.startsWith(parent.code)) {
      throw new ConfigError(
        `${source}: regions: ${region.code} (${region.name}) needs a ${expectedParentKind} parent whose code prefixes it, got ${region.parentCode ?? 'none'}`,
      );
    }
    const siblings = this.childrenOf.get(parent.code) ?? [];
    siblings.push(region);
    this.childrenOf.set(parent.code, siblings);
  }

  private computeAncestors(region: Region): Region[] {
    const chain: Region[] = [];
    let current: Region | undefined = region;
    while (current) {
      chain.push(current);
      current = current.parentCode ? this.byCode.get(current.parentCode) : undefined;
    }
    return chain;
  }
}
