import type { Report } from '#contracts';
import { textHasWords } from '#contracts';
import type { ReportSearch, SearchPosition } from './store.js';

/** The search order: newest `occurredAt` first, then the greater id (ids compare as strings). */
export function newestFirst(a: SearchPosition, b: SearchPosition): number {
  return b.occurredAt - a.occurredAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export function positionOf(report: Report): SearchPosition {
  return { occurredAt: report.occurredAt, id: report.id };
}

/** `report` comes after `position` in the search order (it is older). */
export function isAfter(report: Report, position: SearchPosition | undefined): boolean {
  return position === undefined || newestFirst(report, position) > 0;
}

/** Region codes a subtree holds: itself and every code under it. */
function inRegions(code: string, regions: readonly string[]): boolean {
  return regions.some((root) => code.startsWith(root));
}

/**
 * Every filter of a search, in process: what a store did not (or could not safely) ask its
 * database for, checked on what came back.
 */
export function searchMatcher(search: ReportSearch): (report: Report) => boolean {
  const also = new Set(search.alsoIds ?? []);
  const words = search.words ?? [];
  return (report) =>
    inRegions(report.regionCode, search.regions) &&
    (search.from === undefined || report.occurredAt >= search.from) &&
    (search.to === undefined || report.occurredAt < search.to) &&
    (!search.sources || search.sources.includes(report.source)) &&
    (!search.categories || also.has(report.id) || search.categories.includes(report.category)) &&
    (!search.levels || also.has(report.id) || search.levels.includes(report.level)) &&
    isAfter(report, search.after) &&
    textHasWords(report.text, words);
}
