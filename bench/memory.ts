/**
 * memory: backend RSS with 1 M reports stored and 1,000 wall clients connected, under a light
 * load. Baseline in the same run: RSS of the raw Socket.IO server with the same 1,000 clients.
 * Target ≤ 300 MB.
 */
import { readFileSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { KEYS } from '../tests/helpers/server.js';
import { machine, tempDir } from './lib.js';
import { startBackend, startProcess, type Running } from './processes.js';
import { benchReport } from './reports.js';
import { seedStore } from './seed.js';

const CLIENTS = 1000;
const STORED = Number(process.env.BENCH_STORED ?? 1_000_000);

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function withClients(
  server: Running,
): Promise<{ idleMb: number; connectedMb: number; underLoadMb: number }> {
  const pid = server.child.pid as number;
  await new Promise((r) => setTimeout(r, 1000));
  const idleMb = rssMb(pid);
  const sockets: Socket[] = [];
  for (let i = 0; i < CLIENTS; i += 50) {
    await Promise.all(
      Array.from({ length: 50 }, () => {
        const s = io(`${server.url}/wall`, { transports: ['websocket'], forceNew: true });
        sockets.push(s);
        return new Promise<void>((r) => s.once('connect', () => r()));
      }),
    );
  }
  await new Promise((r) => setTimeout(r, 2000));
  const connectedMb = rssMb(pid);
  for (let i = 0; i < 50; i++) {
    const body = JSON.stringify(
      Array.from({ length: 10 }, (_, j) => benchReport(i * 10 + j, 'mem')),
    );
    await fetch(`${server.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.hotline}` },
      body,
    }).then((r) => r.arrayBuffer());
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 1000));
  const underLoadMb = rssMb(pid);
  for (const s of sockets) s.close();
  return { idleMb, connectedMb, underLoadMb };
}

const raw = await startProcess('bench/raw-socket-server.ts');
const baseline = await withClients(raw);
await raw.stop();

const data = tempDir('minqing-memory-');
await seedStore(data.path, { days: Math.ceil(STORED / 10_000), perDay: 10_000, endAt: Date.now() });
const backend = await startBackend({ DATA_DIR: data.path });
const ours = await withClients(backend);
await backend.stop();
data.remove();

console.log(
  JSON.stringify({
    bench: 'memory',
    unit: `RSS MB, ${STORED} reports stored, ${CLIENTS} clients`,
    machine: machine(),
    baseline,
    backend: ours,
    target: { rssMb: 300 },
    met: ours.underLoadMb <= 300,
  }),
);
process.exit(0);
