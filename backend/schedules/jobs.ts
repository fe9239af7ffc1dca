import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../logger.js';

/** Every background job in one table, started and stopped together. */
export interface Job {
  name: string;
  /** node-cron expression; six fields means seconds first. */
  cron: string;
  run: () => void | Promise<void>;
}

export function startJobs(jobs: readonly Job[], log: Logger): { stop: () => void } {
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.cron,
      async () => {
        try {
          await job.run();
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
