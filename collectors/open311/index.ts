import type { Collector, CollectorDeps } from '../collector.js';

/** Placeholder: the open311 collector's routes land here. */
export function createOpen311Collector(_deps: CollectorDeps): Collector {
  return { name: 'open311', routers: [], close: () => undefined };
}
