import type { Collector, CollectorDeps } from '../collector.js';
import { loadCategoryMap } from './config.js';
import { hotlineRouter } from './webhook.js';

/**
 * The 12345 hotline collector: the webhook call-centre systems push work orders to. Historical
 * orders come in through the same webhook from `npm run import:hotline` (import-cli.ts).
 */
export function createHotlineCollector(deps: CollectorDeps): Collector {
  const context = { regions: deps.port.regions, categories: loadCategoryMap(deps.configDir) };
  const router = hotlineRouter({ ingest: deps.port, keys: deps.keys, context });
  return { name: 'hotline', routers: [router], close: () => undefined };
}
