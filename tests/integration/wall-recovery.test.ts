import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WALL_NAMESPACE } from '#contracts';
import {
  connectWall,
  post,
  report,
  startServer,
  waitForEvent,
  waitForReport,
  type TestServer,
  type WallSocket,
} from '../helpers/server.js';

const VILLAGE = '611025101202';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

/** What Socket.IO's connection-state recovery keeps to replay (not part of its typed API). */
function bufferedEvents(): string[] {
  const adapter = server.app.io.of(WALL_NAMESPACE).adapter as unknown as {
    packets?: Array<{ data: unknown[] }>;
  };
  return (adapter.packets ?? []).map((p) => String(p.data[0]));
}

describe('wall connection-state recovery', () => {
  it('does not keep a copy of each wall’s snapshot in the recovery buffer', async () => {
    const walls = Array.from({ length: 5 }, () => connectWall(server.url));
    const snapshots = await Promise.all(walls.map((w) => waitForEvent(w, 'snapshot')));
    expect(snapshots.every((s) => s.regions.length > 0)).toBe(true);
    // A broadcast is buffered (so a wall that drops for a moment gets it later); snapshots are not.
    const heard = waitForReport(walls[0]!);
    await post(server.url, [report({ regionCode: VILLAGE })]);
    await heard;
    const buffered = bufferedEvents();
    expect(buffered).toContain('reports:new');
    expect(buffered).not.toContain('snapshot');
    for (const w of walls) w.close();
  });

  it('replays what a wall missed during a short drop, without a new snapshot', async () => {
    const wall: WallSocket = io(`${server.url}${WALL_NAMESPACE}`, {
      transports: ['websocket'],
      reconnectionDelay: 50,
      reconnectionDelayMax: 100,
    });
    let snapshots = 0;
    wall.on('snapshot', (_s, received) => {
      snapshots++;
      received();
    });
    await waitForEvent(wall, 'snapshot');
    // Something must reach the wall first: recovery resumes after the last packet it received.
    const first = waitForReport(wall);
    await post(server.url, [report({ regionCode: VILLAGE })]);
    await first;

    // The network drops, and stays down until the report below is stored: no wall is connected
    // then, only the dropped wall's session waits for it.
    wall.io.reconnection(false);
    const dropped = new Promise((r) => wall.once('disconnect', r));
    wall.io.engine.close();
    await dropped;
    await vi.waitFor(() => expect(server.app.io.of(WALL_NAMESPACE).sockets.size).toBe(0));
    const missed = report({ regionCode: VILLAGE, text: '断线期间的一条诉求' });
    await post(server.url, [missed]);
    const replay = waitForReport(wall, (r) => r.text === missed.text);
    wall.connect();
    const replayed = await replay;
    expect(replayed.regionCode).toBe(VILLAGE);
    expect(wall.recovered).toBe(true);
    expect(snapshots).toBe(1);
    wall.close();
  });
});
