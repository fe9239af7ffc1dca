import type { Collector, CollectorDeps } from './collector.js';
import { createGridCollector, type GridCollector } from './grid/index.js';
import { createHotlineCollector } from './hotline/index.js';
import { createOpen311Collector } from './open311/index.js';

export type { Collector, CollectorDeps } from './collector.js';
export type { GridCollector } from './grid/index.js';

/** The collectors that run inside the backend (the default; each can also post from outside). */
export function createCollectors(deps: CollectorDeps): { all: Collector[]; grid: GridCollector } {
  const grid = createGridCollector(deps);
  // Grid workers file from where the problem is: their points teach the app's locator too.
  const open311 = createOpen311Collector(deps, { alsoLocated: grid.located });
  return { all: [createHotlineCollector(deps), open311, grid], grid };
}
