import type { Collector, CollectorDeps } from './collector.js';
import { createGridCollector } from './grid/index.js';
import { createHotlineCollector } from './hotline/index.js';
import { createOpen311Collector } from './open311/index.js';

export type { Collector, CollectorDeps } from './collector.js';

/** The collectors that run inside the backend (the default; each can also post from outside). */
export function createCollectors(deps: CollectorDeps): Collector[] {
  return [createHotlineCollector(deps), createOpen311Collector(deps), createGridCollector(deps)];
}
