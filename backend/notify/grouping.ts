import type { RegionTree } from '../regions/tree.js';

/** Groups notifications of one town, one category (or rule) and one clock hour. */
export function groupKey(
  tree: RegionTree,
  c: { regionCode: string; category: string | null; ruleId: string; openedAt: number },
): string {
  const town = tree.ancestorOfKind(c.regionCode, 'town')?.code ?? c.regionCode;
  return `${town}|${c.category ?? c.ruleId}|${Math.floor(c.openedAt / 3_600_000)}`;
}
