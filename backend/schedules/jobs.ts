import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../platform/logger.js';

/** Every background job in one table, started and stopped together. */
export interface Job {
  name: string;
  /** node-cron expression; six fields means seconds first. */
  cron: string;
  run: () => void | Promise<void>;
}

/**
 * Who may run a job's tick. One process needs no lock; several nodes sharing a database give a
 * lock that lets exactly one of them run each tick (a lease row, an advisory lock) and skip
 * otherwise. `run` resolves false when another node holds the lock.
 */
export interface JobLock {
  run(name: string, tick: () => Promise<void>): Promise<boolean>;
}

/** The single-process lock: every tick runs here (node-cron already prevents overlap). */
export const localLock: JobLock = {
  run: async (_name, tick) => {
    await tick();
    return true;
  },
};

export function startJobs(
  jobs: readonly Job[],
  log: Logger,
  lock: JobLock = localLock,
): { stop: () => void } {
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.cron,
      async () => {
        try {
          await lock.run(job.name, async () => {
            await job.run();
          });
        } catch (err) {
          log.error(`job ${job.name} failed: ${(err as Error).stack ?? String(err)}`);
        }
      },
      { name: job.name, noOverlap: true },
    ),
  );
  return {
    stop: () => {
      for (const task of tasks) void task.stop();
    },
  };
}
