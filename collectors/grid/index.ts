import type { Collector, CollectorDeps } from '../collector.js';

/** Placeholder: the grid collector's routes land here. */
export function createGridCollector(_deps: CollectorDeps): Collector {
  return { name: 'grid', routers: [], close: () => undefined };
}
