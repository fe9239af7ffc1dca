import type { Collector, CollectorDeps } from '../collector.js';

/** Placeholder: the hotline collector's routes land here. */
export function createHotlineCollector(_deps: CollectorDeps): Collector {
  return { name: 'hotline', routers: [], close: () => undefined };
}
