import type { GridBatchBody, GridWorker } from '#contracts';
import { pick, poisson, shanghaiHour, shanghaiIso } from './rhythm.js';

/** Grid workers go round in daylight, 08:00–18:00 county time. */
const WORKING_HOURS = [8, 18] as const;
const TICK_MS = 10_000;
/** A visit finds something to follow up now and then; most find all quiet (平安). */
const CONCERN_RATE = 0.06;
const CONCERNS = [
  '有村民反映入户路面积水，雨天出行不便',
  '独居老人家中取暖设施老化，需要帮助更换',
  '两户村民因院墙界址有争议，需进一步调解',
  '村民询问今年医保缴费时间和标准',
] as const;
const NOTES = ['走访入户，群众生产生活正常', '入户了解情况，均平安', '走访留守老人，身体状况良好'];

export interface VisitSimulatorOptions {
  /** The workers and their groups (the grid collector's directory). */
  workers: () => readonly GridWorker[];
  /** Files one worker's batch through the grid collector, as the app would. */
  file: (batch: GridBatchBody) => Promise<unknown>;
  /** Visits per worker per working day. */
  visitsPerWorkerPerDay?: number;
  now?: () => number;
  random?: () => number;
  log?: (message: string) => void;
}

/**
 * Grid-worker visits (走访) for the built-in simulator, so the wall's 走访平安村 lives in a demo
 * as it would in a county: filed through the grid collector like the app's own batches.
 */
export function createVisitSimulator(opts: VisitSimulatorOptions): {
  start(): void;
  stop(): void;
  tick(): Promise<void>;
} {
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const perDay = opts.visitsPerWorkerPerDay ?? 2;
  const workingMs = (WORKING_HOURS[1] - WORKING_HOURS[0]) * 3_600_000;
  let timer: NodeJS.Timeout | null = null;
  let serial = 0;

  const visit = (worker: GridWorker, at: number): GridBatchBody => {
    const concerned = random() < CONCERN_RATE;
    return {
      workerId: worker.id,
      deviceId: 'simulator',
      items: [
        {
          kind: 'visit',
          clientId: `sim-${at}-${++serial}`,
          occurredAt: shanghaiIso(at),
          regionCode: pick(worker.groups, random),
          households: 3 + Math.floor(random() * 10),
          quiet: !concerned,
          note: pick(NOTES, random),
          ...(concerned ? { concerns: pick(CONCERNS, random) } : {}),
        },
      ],
    };
  };

  const tick = async (): Promise<void> => {
    const at = now();
    const hour = shanghaiHour(at);
    if (hour < WORKING_HOURS[0] || hour >= WORKING_HOURS[1]) return;
    const workers = opts.workers().filter((w) => w.groups.length > 0);
    const n = poisson((workers.length * perDay * TICK_MS) / workingMs, random);
    for (let i = 0; i < n && workers.length > 0; i++) {
      try {
        await opts.file(visit(pick(workers, random), at));
      } catch (err) {
        opts.log?.(`visit not filed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };

  return {
    tick,
    start() {
      if (timer) return;
      timer = setInterval(() => void tick(), TICK_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
