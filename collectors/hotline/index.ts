import type { Collector, CollectorDeps } from '../collector.js';
import { CallCentreOrders } from './answer.js';
import { CallbackOutbox } from './callback.js';
import { loadHotlineSetup } from './config.js';
import { HotlineLedger } from './ledger.js';
import { answerRouter } from './pull.js';
import { hotlineRouter } from './webhook.js';

/**
 * The 12345 hotline collector: the webhook call-centre systems push work orders to, and the
 * answer going back (a signed callback when `callback` is configured in hotline.json, and a pull
 * endpoint). Historical orders come in through the same webhook from `npm run import:hotline`.
 */
export function createHotlineCollector(deps: CollectorDeps): Collector {
  const setup = loadHotlineSetup(deps.configDir);
  const ledger = new HotlineLedger(deps.dataDir);
  const orders = new CallCentreOrders(ledger, deps.port);
  const context = { regions: deps.port.regions, categories: setup.categories };
  const routers = [
    hotlineRouter({ ingest: deps.port, keys: deps.keys, context, ledger, clock: deps.clock }),
    answerRouter({ keys: deps.keys, orders }),
  ];
  const outbox = setup.callback
    ? new CallbackOutbox({ ledger, orders, setup: setup.callback, log: deps.log })
    : null;
  const unsubscribe = outbox
    ? deps.port.onOrderChanged((change) => {
        try {
          outbox.onOrderChanged(change);
        } catch (err) {
          deps.log.error(`hotline callback: not queued: ${(err as Error).stack ?? String(err)}`);
        }
      })
    : () => undefined;
  // What a previous run left unsent goes out now.
  outbox?.kick();
  return {
    name: 'hotline',
    routers,
    close: async () => {
      unsubscribe();
      await outbox?.stop();
      ledger.close();
    },
  };
}
