/**
 * wall: headless Chromium on the built wall while the server takes 100 reports/s: first full
 * render, JS bytes gzipped, JS heap (after a forced GC) at 1 minute and at the end of the run.
 * BENCH_WALL_MINUTES sets the length (default 3; the wall issue asks for a 10-minute run).
 * Targets: first render ≤ 2 s, JS ≤ 600 KB gzipped, heap flat (end ≤ 1-minute heap + 10%).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../tests/helpers/browser.js';
import { KEYS } from '../tests/helpers/server.js';
import { machine } from './lib.js';
import { startBackend } from './processes.js';
import { benchReport } from './reports.js';

const MINUTES = Number(process.env.BENCH_WALL_MINUTES ?? 3);
const assets = join(import.meta.dirname, '../dashboard/dist/assets');
const jsGzipBytes = readdirSync(assets)
  .filter((f) => f.endsWith('.js'))
  .reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f))).length, 0);

const backend = await startBackend();
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
const cdp = await page.context().newCDPSession(page);

const t0 = performance.now();
await page.goto(backend.url);
await page.waitForSelector('.wall[data-ready="true"] .town-tile');
const firstRenderMs = Math.round(performance.now() - t0);

let i = 0;
const load = setInterval(() => {
  const body = JSON.stringify(Array.from({ length: 10 }, () => benchReport(i++, 'wall')));
  void fetch(`${backend.url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.hotline}` },
    body,
  }).then(
    (r) => r.arrayBuffer(),
    () => undefined,
  );
}, 100);

async function heapMb(): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return Math.round((usedSize / 1024 / 1024) * 10) / 10;
}

const samples: Array<{ minute: number; heapMb: number }> = [];
for (let m = 1; m <= MINUTES; m++) {
  await new Promise((r) => setTimeout(r, 60_000));
  samples.push({ minute: m, heapMb: await heapMb() });
}
clearInterval(load);
const rows = await page.locator('.ticker-row').count();
await browser.close();
await backend.stop();

const first = samples[0]?.heapMb ?? 0;
const last = samples.at(-1)?.heapMb ?? 0;
console.log(
  JSON.stringify({
    bench: 'wall',
    unit: 'ms, bytes, MB',
    machine: machine(),
    reportsPosted: i,
    firstRenderMs,
    jsGzipBytes,
    heap: samples,
    tickerRows: rows,
    target: { firstRenderMs: 2000, jsGzipBytes: 600 * 1024, heapGrowth: '≤ 10% after minute 1' },
    met: firstRenderMs <= 2000 && jsGzipBytes <= 600 * 1024 && last <= first * 1.1,
  }),
);
process.exit(0);
