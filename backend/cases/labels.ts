import type { Alert } from '#contracts';
import { CATEGORIES } from '#contracts';
import type { Category } from '#contracts';
import type { RegionTree } from '../regions/tree.js';

/** A place as people say it: 回龙镇·枣园村·第一组; the county name for the county. */
export function placeName(tree: RegionTree, regionCode: string): string {
  const names = tree
    .lineage(regionCode)
    .filter((r) => r.kind !== 'county')
    .map((r) => r.name)
    .reverse();
  return names.length > 0 ? names.join('·') : (tree.get(regionCode)?.name ?? regionCode);
}

/** A case's title: why its alert stands where it stands now (the reason of its current level). */
export function caseTitle(alert: Pick<Alert, 'explanation'>): string {
  return alert.explanation.reason.slice(0, 120);
}

/** The category of a per-category rule's alert ("rule/category"), else null. */
export function alertCategory(alert: Pick<Alert, 'ruleKey'>): Category | null {
  const suffix = alert.ruleKey.split('/')[1];
  return (CATEGORIES as readonly string[]).includes(suffix ?? '') ? (suffix as Category) : null;
}
