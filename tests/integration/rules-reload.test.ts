import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RulesFile } from '#contracts';
import {
  connectWall,
  post,
  report,
  startServer,
  waitForEvent,
  type TestServer,
  type WallSocket,
} from '../helpers/server.js';

const VILLAGE = '611025102201';

let server: TestServer | undefined;
let wall: WallSocket | undefined;
afterEach(async () => {
  wall?.close();
  await server?.close();
});

function rulesPath(s: TestServer): string {
  return join(s.configDir, 'rules.json');
}

async function readyz(
  s: TestServer,
): Promise<{ checks: { rules: { lastReloadError: string | null } } }> {
  return (await (await fetch(`${s.url}/readyz`)).json()) as {
    checks: { rules: { lastReloadError: string | null } };
  };
}

describe('rules file hot reload', () => {
  it('applies a saved change without a restart and re-evaluates the stored reports', async () => {
    server = await startServer();
    wall = connectWall(server.url);
    await waitForEvent(wall, 'snapshot');
    const reports = Array.from({ length: 6 }, () =>
      report({ regionCode: VILLAGE, category: 'security' }),
    );
    await post(server.url, reports);
    const levels = () =>
      server!.app.sentiment.levelViews().find((l) => l.regionCode === VILLAGE)?.level;
    expect(levels()).toBe('blue');

    const rules = JSON.parse(readFileSync(rulesPath(server), 'utf8')) as RulesFile;
    const surge = rules.windowRules[0]!;
    surge.thresholds = [
      { level: 'orange', raiseAt: 3, clearBelow: 2 },
      { level: 'red', raiseAt: 6, clearBelow: 4 },
    ];
    const red = waitForEvent(
      wall,
      'level:changed',
      (c) => c.regionCode === VILLAGE && c.level === 'red',
      5000,
    );
    writeFileSync(rulesPath(server), JSON.stringify(rules, null, 2));
    const change = await red;
    expect(change.previous).toBe('blue');
    expect(levels()).toBe('red');
  });

  it('refuses an invalid edit, names the field, and keeps the rules in force', async () => {
    server = await startServer();
    const rules = JSON.parse(readFileSync(rulesPath(server), 'utf8')) as RulesFile;
    (rules.windowRules[0] as unknown as { windowMinutes: string }).windowMinutes = 'sixty';
    writeFileSync(rulesPath(server), JSON.stringify(rules, null, 2));
    await expect
      .poll(async () => (await readyz(server!)).checks.rules.lastReloadError, { timeout: 5000 })
      .toMatch(/rules\.json: windowRules\[0\]\.windowMinutes/);
    await post(
      server.url,
      Array.from({ length: 10 }, () => report({ regionCode: VILLAGE, category: 'security' })),
    );
    expect(server.app.sentiment.levelViews().find((l) => l.regionCode === VILLAGE)?.level).toBe(
      'orange',
    );
  });
});
