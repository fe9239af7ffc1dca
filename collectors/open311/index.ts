import type { Collector, CollectorDeps } from '../collector.js';
import { LEARN_FROM, loadGazetteer, VillageLocator, type LocatedRequests } from './gazetteer.js';
import { Open311Intake } from './intake.js';
import { Open311Ledger } from './ledger.js';
import { villagePageRouter } from './page.js';
import { RateLimiter, VILLAGE_PAGE_LIMIT, type RateLimit } from './rate-limit.js';
import { open311Router } from './routes.js';
import { RequestStatuses } from './status.js';
import { villageRouter } from './village.js';

export interface Open311Options {
  /** Where report.html was built; the QR page answers 503 while it is missing. */
  wallDir?: string;
  /** Per-IP limit of the QR page's report endpoint. */
  villagePageLimit?: RateLimit;
  /**
   * More located reports to learn villages' points from, besides the app's own requests: the
   * grid workers' located problems (collectors/index.ts), newest first, at most `limit`.
   */
  alsoLocated?: (limit: number) => ReturnType<LocatedRequests>;
}

/**
 * The resident app: Open311 GeoReport v2 under /open311/v2 (key of the `app` source), the village
 * QR page at /r/{villageCode} and its keyless, rate-limited report endpoint. Every request gets a
 * number in open311.db and becomes an `app` report through the one ingest path.
 */
export function createOpen311Collector(
  deps: CollectorDeps,
  options: Open311Options = {},
): Collector {
  const ledger = new Open311Ledger(deps.dataDir);
  const intake = new Open311Intake({
    ingest: deps.port,
    ledger,
    clock: deps.clock,
    log: deps.log,
  });
  const coverage = new RequestStatuses(deps.port);
  const locator = new VillageLocator(
    deps.port.regions,
    loadGazetteer(deps.configDir, deps.port.regions),
    () => [...ledger.located(LEARN_FROM), ...(options.alsoLocated?.(LEARN_FROM) ?? [])],
    deps.clock,
  );
  const limiter = new RateLimiter(options.villagePageLimit ?? VILLAGE_PAGE_LIMIT, deps.clock);
  const recovering = intake.recover().then(
    (n) => {
      if (n > 0)
        deps.log.info(`open311: recovered ${n} request(s) left unconfirmed at the last stop`);
    },
    (err: unknown) => deps.log.error(`open311: recovery failed: ${String(err)}`),
  );
  return {
    name: 'open311',
    routers: [
      open311Router({
        intake,
        ledger,
        coverage,
        regions: deps.port.regions,
        keys: deps.keys,
        clock: deps.clock,
        locate: (lat, lng) => locator.nearest({ lat, lng }),
      }),
      villageRouter({ intake, regions: deps.port.regions, limiter }),
      villagePageRouter({ wallDir: options.wallDir ?? deps.wallDir, regions: deps.port.regions }),
    ],
    close: async () => {
      await recovering;
      ledger.close();
    },
  };
}
