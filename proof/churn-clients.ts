/**
 * Wall churn, as its own process: `clients` real Socket.IO clients open a /wall socket each from
 * one of `addresses` (all of 127/8 reaches a server on 127.0.0.1), wait for the snapshot, hold it
 * for a while, close, pause and do it again until the time is up. A greedy client opens `greedy`
 * sockets from one more address and keeps them. Prints `ready` once every client has tried once,
 * then one JSON line with its tally. Config: PROOF_CONFIG (ChurnConfig as JSON).
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '#contracts';
import { WALL_NAMESPACE } from '#contracts';
import { seeded, sleep, summarize } from './lib.js';

export interface ChurnConfig {
  url: string;
  clients: number;
  durationMs: number;
  /** Local addresses to connect from; client i uses `addresses[i % length]`. */
  addresses: string[];
  holdMs: [number, number];
  pauseMs: [number, number];
  seed: number;
  /** Town walls: this share of the clients names one of `towns` in its handshake. */
  townShare?: number;
  towns?: string[];
  /** One address opening this many sockets and keeping them. */
  greedy?: { address: string; sockets: number };
}

export interface ChurnTally {
  clients: number;
  attempts: number;
  connected: number;
  snapshots: number;
  /** connect_error messages and how often each came. */
  refused: Record<string, number>;
  /** Cycles that ended without a snapshot for another reason. */
  failed: Record<string, number>;
  /** From the socket's creation to its snapshot, ms. */
  snapshotMs: ReturnType<typeof summarize>;
  greedy: { sockets: number; admitted: number; refused: Record<string, number> } | null;
}

type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const config = JSON.parse(process.env.PROOF_CONFIG ?? '{}') as ChurnConfig;
const random = seeded(config.seed);
const between = ([lo, hi]: [number, number]) => lo + random() * (hi - lo);
let deadline = performance.now() + config.durationMs;
// SIGINT: finish the visits under way and print the tally (the scenario is done measuring).
process.on('SIGINT', () => (deadline = 0));
const tally = { attempts: 0, connected: 0, snapshots: 0 };
const refused: Record<string, number> = {};
const failed: Record<string, number> = {};
const snapshotMs: number[] = [];
const count = (into: Record<string, number>, key: string) => (into[key] = (into[key] ?? 0) + 1);

function open(localAddress: string, town: string | undefined): WallSocket {
  return io(`${config.url}${WALL_NAMESPACE}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: town ? { region: town } : {},
    // engine.io-client hands this to `ws` in Node (not in its typed options).
    ...({ localAddress } as object),
  });
}

/** One visit: connect, wait for the snapshot (or the refusal), hold, close. */
async function visit(localAddress: string, town: string | undefined): Promise<void> {
  tally.attempts++;
  const started = performance.now();
  const socket = open(localAddress, town);
  socket.once('connect', () => tally.connected++);
  const outcome = await new Promise<string>((resolve) => {
    const timer = setTimeout(() => resolve('no snapshot within 20 s'), 20_000);
    socket.once('snapshot', (_snapshot, received) => {
      received();
      clearTimeout(timer);
      snapshotMs.push(performance.now() - started);
      resolve('snapshot');
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      count(refused, err.message);
      resolve('refused');
    });
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(`disconnect: ${reason}`);
    });
  });
  if (outcome === 'snapshot') {
    tally.snapshots++;
    await sleep(between(config.holdMs));
  } else if (outcome !== 'refused') {
    count(failed, outcome);
  }
  socket.close();
}

async function client(i: number, tried: () => void): Promise<void> {
  const address = config.addresses[i % config.addresses.length] as string;
  const towns = config.towns ?? [];
  const town = random() < (config.townShare ?? 0) ? towns[i % towns.length] : undefined;
  // Staggered over the first hold, so the first wave is not one burst of every client.
  await sleep(random() * config.holdMs[1]);
  let first = true;
  while (performance.now() < deadline) {
    await visit(address, town);
    if (first) tried();
    first = false;
    await sleep(between(config.pauseMs));
  }
  if (first) tried();
}

async function greedy(spec: {
  address: string;
  sockets: number;
}): Promise<{ held: WallSocket[]; admitted: number; refused: Record<string, number> }> {
  const held: WallSocket[] = [];
  const why: Record<string, number> = {};
  let admitted = 0;
  for (let i = 0; i < spec.sockets; i++) {
    const socket = open(spec.address, undefined);
    socket.on('snapshot', (_s, received) => received());
    const ok = await new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(true));
      socket.once('connect_error', (err) => {
        count(why, err.message);
        resolve(false);
      });
    });
    if (ok) {
      admitted++;
      held.push(socket);
    } else {
      socket.close();
    }
  }
  return { held, admitted, refused: why };
}

let waiting = config.clients;
let announce: () => void = () => undefined;
const allTried = new Promise<void>((r) => (announce = r));
const tried = () => {
  if (--waiting === 0) announce();
};
if (waiting === 0) announce();
const greedyRun = config.greedy ? await greedy(config.greedy) : null;
const clients = Array.from({ length: config.clients }, (_, i) => client(i, tried));
await allTried;
console.log('ready');
await Promise.all(clients);
for (const socket of greedyRun?.held ?? []) socket.close();

const out: ChurnTally = {
  clients: config.clients,
  ...tally,
  refused,
  failed,
  snapshotMs: summarize(snapshotMs),
  greedy: greedyRun
    ? {
        sockets: config.greedy?.sockets ?? 0,
        admitted: greedyRun.admitted,
        refused: greedyRun.refused,
      }
    : null,
};
console.log(JSON.stringify(out));
process.exit(0);
