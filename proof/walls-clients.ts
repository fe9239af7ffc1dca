/**
 * Walls that stay, as their own process: `clients` real Socket.IO clients open a /wall socket
 * each, take their snapshot and keep listening, counting the reports they are sent. Prints
 * `ready` once every wall has its snapshot, then (on SIGINT) one JSON line with the tally.
 * Config: PROOF_CONFIG (WallsConfig as JSON).
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '#contracts';
import { WALL_NAMESPACE } from '#contracts';

export interface WallsConfig {
  url: string;
  clients: number;
}

export interface WallsTally {
  clients: number;
  connected: number;
  /** Reports received (in reports:new packets), all walls together. */
  reports: number;
  disconnects: number;
}

const config = JSON.parse(process.env.PROOF_CONFIG ?? '{}') as WallsConfig;
const sockets: Array<Socket<ServerToClientEvents, ClientToServerEvents>> = [];
const tally: WallsTally = { clients: config.clients, connected: 0, reports: 0, disconnects: 0 };

for (let i = 0; i < config.clients; i += 50) {
  await Promise.all(
    Array.from({ length: Math.min(50, config.clients - i) }, () => {
      const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(
        `${config.url}${WALL_NAMESPACE}`,
        { transports: ['websocket'], forceNew: true },
      );
      sockets.push(s);
      s.on('reports:new', (reports) => void (tally.reports += reports.length));
      s.on('disconnect', () => void tally.disconnects++);
      return new Promise<void>((r) =>
        s.once('snapshot', (_snapshot, received) => {
          received();
          tally.connected++;
          r();
        }),
      );
    }),
  );
}
console.log('ready');
// Stay until told to finish, also with no walls (nothing else would keep the process alive).
const alive = setInterval(() => undefined, 60_000);
process.once('SIGINT', () => {
  clearInterval(alive);
  for (const s of sockets) s.close();
  console.log(JSON.stringify(tally));
  process.exit(0);
});
