import { describe, expect, it } from 'vitest';
import type { ReportView } from '#contracts';
import { ReportBatch } from './report-batch.js';

const view = (id: string) => ({ id }) as unknown as ReportView;
const ids = (batches: ReportView[][]) => batches.map((b) => b.map((r) => r.id));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ReportBatch', () => {
  it('sends what was added within the window as one batch, oldest first', async () => {
    const sent: ReportView[][] = [];
    const batch = new ReportBatch((b) => sent.push(b), 30);
    batch.add(view('a'));
    batch.add(view('b'));
    expect(sent).toEqual([]);
    await sleep(60);
    batch.add(view('c'));
    await sleep(60);
    expect(ids(sent)).toEqual([['a', 'b'], ['c']]);
  });

  it('sends at once on flush, then nothing more for that window; an empty flush sends nothing', async () => {
    const sent: ReportView[][] = [];
    const batch = new ReportBatch((b) => sent.push(b), 30);
    batch.flush();
    batch.add(view('a'));
    batch.flush();
    expect(ids(sent)).toEqual([['a']]);
    await sleep(60);
    expect(ids(sent)).toEqual([['a']]);
    batch.add(view('b'));
    batch.close();
    expect(ids(sent)).toEqual([['a'], ['b']]);
  });

  it('sends a full batch at once, so a bulk import goes out in packets of a bounded size', () => {
    const sent: ReportView[][] = [];
    const batch = new ReportBatch((b) => sent.push(b), 1_000, 2);
    for (const id of ['a', 'b', 'c', 'd', 'e']) batch.add(view(id));
    expect(ids(sent)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    batch.close();
    expect(ids(sent).at(-1)).toEqual(['e']);
  });
});
