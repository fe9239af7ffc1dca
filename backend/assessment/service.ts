import type {
  Assessment,
  AssessmentFigures,
  AssessmentQuery,
  AssessmentRow,
  Region,
  User,
} from '#contracts';
import { ActionError } from '../http/answer.js';
import type { RegionTree } from '../regions/tree.js';
import { inScope, scopeOf } from '../users/directory.js';
import type { OverdueTally, PlaceTally } from '../orders/assessment-tallies.js';
import { resolvePeriod } from './period.js';

export type { PlaceTally };

/** What 考核 needs from the work orders (the orders module gives it; see orders/module.ts). */
export interface TallySource {
  /** Orders opened in [from, to) within `root`'s subtree, per place. */
  opened(from: number, to: number, root: string): PlaceTally[];
  /** Open orders marked 超时 now within `root`'s subtree, per place. */
  overdue(root: string): OverdueTally[];
}

/** How long the wall's figures are kept before they are counted again. */
const WALL_CACHE_MS = 30_000;

export interface AssessmentDeps {
  tallies: TallySource;
  regions: RegionTree;
  clock: () => number;
}

type Sum = Omit<PlaceTally, 'code'> & { overdue: number };

const zero = (): Sum => ({
  orders: 0,
  closed: 0,
  signDue: 0,
  signLate: 0,
  answerDue: 0,
  answerLate: 0,
  visited: 0,
  satisfied: 0,
  basic: 0,
  unsatisfied: 0,
  reopened: 0,
  overdue: 0,
});

function add(into: Sum, t: Partial<Sum>): void {
  for (const key of Object.keys(into) as (keyof Sum)[]) into[key] += t[key] ?? 0;
}

const rate = (n: number, of: number): number | null => (of === 0 ? null : n / of);

function figures(s: Sum): AssessmentFigures {
  const signOnTime = s.signDue - s.signLate;
  const answerOnTime = s.answerDue - s.answerLate;
  return {
    orders: s.orders,
    closed: s.closed,
    closureRate: rate(s.closed, s.orders),
    signDue: s.signDue,
    signOnTime,
    signOnTimeRate: rate(signOnTime, s.signDue),
    answerDue: s.answerDue,
    answerOnTime,
    answerOnTimeRate: rate(answerOnTime, s.answerDue),
    visited: s.visited,
    satisfied: s.satisfied,
    basic: s.basic,
    unsatisfied: s.unsatisfied,
    satisfactionRate: rate(s.satisfied + s.basic, s.visited),
    reopened: s.reopened,
    reopenRate: rate(s.reopened, s.orders),
    overdueNow: s.overdue,
  };
}

/**
 * 考核: per town and per village, how the work orders of a period went, each order counted where
 * it happened. A user sees what their scope covers: the county all of it, a town leader their
 * town and its villages, a village its own.
 */
export class AssessmentService {
  constructor(private readonly deps: AssessmentDeps) {}

  assess(user: User, q: AssessmentQuery): Assessment {
    return this.figuresOf(this.root(user, q.regionCode ?? user.regionCode), q);
  }

  /**
   * The wall's 考核: this month, the county's or one town's, without a user (the wall shows
   * counts and places, never people). Kept for WALL_CACHE_MS: a room of walls polls it.
   */
  wall(regionCode?: string): Assessment | null {
    const tree = this.deps.regions;
    const region = regionCode ? tree.get(regionCode) : tree.county;
    if (!region || (region.kind !== 'county' && region.kind !== 'town')) return null;
    const now = this.deps.clock();
    const hit = this.wallCache.get(region.code);
    if (hit && now - hit.at < WALL_CACHE_MS && now >= hit.at) return hit.figures;
    const figures = this.figuresOf(region, {});
    this.wallCache.set(region.code, { at: now, figures });
    return figures;
  }

  private readonly wallCache = new Map<string, { at: number; figures: Assessment }>();

  private figuresOf(root: Region, q: Omit<AssessmentQuery, 'regionCode'>): Assessment {
    const { regions: tree, tallies } = this.deps;
    const now = this.deps.clock();
    const period = resolvePeriod(q, now);

    // Every place's figures, then each town and village takes the places in its lineage.
    const places = new Map<string, Sum>();
    const at = (code: string) => {
      let s = places.get(code);
      if (!s) places.set(code, (s = zero()));
      return s;
    };
    for (const t of tallies.opened(period.fromAt, period.toAt, root.code)) add(at(t.code), t);
    for (const o of tallies.overdue(root.code)) add(at(o.code), { overdue: o.overdue });

    const total = zero();
    const byRegion = new Map<string, Sum>();
    for (const [code, s] of places) {
      add(total, s);
      for (const kind of ['town', 'village'] as const) {
        const owner = this.ancestor(code, kind);
        if (!owner) continue;
        const into = byRegion.get(owner) ?? zero();
        add(into, s);
        byRegion.set(owner, into);
      }
    }

    const row = (region: Region, s: Sum): AssessmentRow => ({
      regionCode: region.code,
      kind: region.kind,
      name: region.name,
      place: this.place(region.code),
      townCode: tree.ancestorOfKind(region.code, 'town')?.code ?? null,
      ...figures(s),
    });
    const towns = this.below(root, 'town');
    const villages = towns.length
      ? towns.flatMap((town) => this.below(town, 'village'))
      : this.below(root, 'village');
    return {
      from: period.from,
      to: period.to,
      fromAt: period.fromAt,
      toAt: period.toAt,
      generatedAt: now,
      regionCode: root.code,
      total: row(root, total),
      towns: towns.map((r) => row(r, byRegion.get(r.code) ?? zero())),
      villages: villages.map((r) => row(r, byRegion.get(r.code) ?? zero())),
    };
  }

  /** The region asked for, if the user may see it. */
  private root(user: User, code: string): Region {
    const region = this.deps.regions.get(code);
    if (!region) {
      throw new ActionError(400, 'invalid_query', `没有区划 ${code} / unknown region`, [
        { path: 'regionCode', message: `unknown region ${code}` },
      ]);
    }
    const county = this.deps.regions.county.code;
    if (!inScope(user, code) && !scopeOf(user).includes(county)) {
      throw new ActionError(
        403,
        'out_of_scope',
        '所选区域不在您的管辖范围内 / region outside your scope',
      );
    }
    return region;
  }

  /** The regions of a kind at or under `region`, in the tree's order. */
  private below(region: Region, kind: 'town' | 'village'): Region[] {
    if (region.kind === kind) return [region];
    if (kind === 'village' && region.kind !== 'town') return [];
    if (kind === 'town' && region.kind !== 'county') return [];
    return this.deps.regions
      .children(region.code)
      .filter((r) => r.kind === kind)
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  /**
   * The town or village a place lies in: by the region tree, or by the code's prefix for a
   * place the tree no longer knows.
   */
  private ancestor(code: string, kind: 'town' | 'village'): string | null {
    const tree = this.deps.regions;
    const known = tree.ancestorOfKind(code, kind);
    if (known) return known.code;
    const length = kind === 'town' ? 9 : 12;
    const prefix = code.length >= length ? tree.get(code.slice(0, length)) : undefined;
    return prefix?.kind === kind ? prefix.code : null;
  }

  /** 回龙镇·枣园村 (the county's own name for the county). */
  private place(code: string): string {
    const names = this.deps.regions
      .lineage(code)
      .map((r) => r.name)
      .reverse();
    return names.length > 1 ? names.slice(1).join('·') : (names[0] ?? code);
  }
}
