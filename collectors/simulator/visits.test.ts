import { describe, expect, it } from 'vitest';
import type { GridBatchBody, GridWorker } from '#contracts';
import { GridBatchBody as GridBatchSchema } from '#contracts';
import { mulberry32 } from './rhythm.js';
import { createVisitSimulator } from './visits.js';

const WORKERS: GridWorker[] = [
  { id: 'W611025101202', name: '张卫东', groups: ['611025101202001', '611025101202002'] },
  { id: 'W611025101210', name: '李秀梅', groups: ['611025101210001'] },
];

describe('the visit simulator', () => {
  it('files valid visit batches for a worker’s own groups in working hours', async () => {
    const filed: GridBatchBody[] = [];
    const sim = createVisitSimulator({
      workers: () => WORKERS,
      file: async (batch) => void filed.push(batch),
      visitsPerWorkerPerDay: 2000,
      now: () => Date.parse('2026-11-22T10:00:00+08:00'),
      random: mulberry32(7),
    });
    for (let i = 0; i < 5; i++) await sim.tick();
    expect(filed.length).toBeGreaterThan(0);
    for (const batch of filed) {
      expect(GridBatchSchema.safeParse(batch).success).toBe(true);
      const worker = WORKERS.find((w) => w.id === batch.workerId);
      for (const item of batch.items) expect(worker?.groups).toContain(item.regionCode);
    }
  });

  it('files nothing at night', async () => {
    const filed: GridBatchBody[] = [];
    const sim = createVisitSimulator({
      workers: () => WORKERS,
      file: async (batch) => void filed.push(batch),
      visitsPerWorkerPerDay: 2000,
      now: () => Date.parse('2026-11-22T23:00:00+08:00'),
      random: mulberry32(7),
    });
    for (let i = 0; i < 5; i++) await sim.tick();
    expect(filed).toEqual([]);
  });
});
