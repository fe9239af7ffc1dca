import { shallowRef } from 'vue';

/** Grid-worker visits as "all quiet" evidence over the last 24 h (the wall's region). */
export interface GridQuietFigures {
  /** Villages visited in the window where every visit was quiet and no grid problem was filed. */
  quiet: number;
  villages: number;
  unvisited: number;
  /** Visits and households visited in the window. */
  visits: number;
  households: number;
}

/** Null until the first answer, and again after a failed fetch: the wall shows "—", never old figures. */
export const gridQuiet = shallowRef<GridQuietFigures | null>(null);
