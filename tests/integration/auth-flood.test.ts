import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginAuditEntry } from '#contracts';
import { DEMO_PASSWORD, api, login } from '../helpers/cases.js';
import { post, report, startServer, type TestServer } from '../helpers/server.js';

/**
 * The attacker, in its own process (so its loops do not share the server's event loop), each
 * connection sending its next wrong password as soon as the last was answered. `flood`: 32
 * connections from 8 loopback addresses at real accounts and guessed usernames until the time is
 * up, printing `ready` once under way. `spray`: `names` guessed usernames (nobody-N), each
 * tried once, over the connections and addresses given. Prints its tally (status → count) at the end.
 */
const ATTACKER = `
import http from 'node:http';
const cfg = JSON.parse(process.env.ATTACK);
const until = Date.now() + (cfg.durationMs ?? Infinity);
const tally = {};
let sent = 0;
const agentFor = (localAddress) =>
  new http.Agent({ keepAlive: true, maxSockets: Infinity, localAddress });
function once(agent, username, password) {
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port: cfg.port, path: '/api/v1/auth/login', method: 'POST', agent,
        headers: { 'content-type': 'application/json', 'user-agent': cfg.userAgent } },
      (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); },
    );
    req.on('error', () => resolve(0));
    req.end(JSON.stringify({ username, password }));
  }).then((status) => {
    tally[status] = (tally[status] ?? 0) + 1;
    if (++sent === cfg.concurrency) console.log('ready');
  });
}
async function flood(lane, agents) {
  const agent = agents[lane % agents.length];
  for (let n = 0; Date.now() < until; n++) {
    const username = cfg.targets[n % (cfg.targets.length + 1)] ?? 'guess-' + lane + '-' + n;
    await once(agent, username, 'wrong-' + n);
  }
}
async function spray(lane, agents) {
  const agent = agents[lane % agents.length];
  for (let n = lane; n < cfg.names; n += cfg.concurrency) await once(agent, 'nobody-' + n, 'wrong');
}
const agents = cfg.addresses.map(agentFor);
await Promise.all(
  Array.from({ length: cfg.concurrency }, (_, lane) =>
    cfg.plan === 'flood' ? flood(lane, agents) : spray(lane, agents),
  ),
);
for (const agent of agents) agent.destroy();
console.log(JSON.stringify(tally));
`;

interface Attack {
  ready: Promise<void>;
  done: Promise<Record<string, number>>;
}

function attack(config: Record<string, unknown>): Attack {
  const child = spawn(process.execPath, ['--input-type=module', '-e', ATTACKER], {
    env: { ...process.env, ATTACK: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  let last = '';
  const ready = new Promise<void>((resolve) => {
    lines.on('line', (line) => {
      if (line === 'ready') resolve();
      last = line;
    });
  });
  const done = new Promise<Record<string, number>>((resolve, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`attacker exited with ${code}`));
      else resolve(JSON.parse(last) as Record<string, number>);
    });
  });
  return { ready, done };
}

const total = (tally: Record<string, number>) => Object.values(tally).reduce((a, b) => a + b, 0);

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: Record<string, unknown>;
}

/** POST a login from a chosen loopback address (all of 127/8 reaches the server). */
function loginFrom(
  url: string,
  localAddress: string,
  username: string,
  password: string,
): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: hostname,
        port,
        path: '/api/v1/auth/login',
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'content-type': 'application/json', 'user-agent': 'auth-flood-test' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'],
            body: JSON.parse(text) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ username, password }));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

let server: TestServer;
let villages: string[] = [];
let posted = 0;
/** What the flood and the username spray were answered, for the audit's count. */
let floodTally: Record<string, number> = {};
let sprayed = 0;

/**
 * Latencies (ms) of `n` reports posted one after another, each to another village, with a pause
 * between them so the sample spans a couple of seconds of the flood, not one moment of it.
 */
async function ingestLatencies(n: number, pauseMs = 10): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const regionCode = villages[posted++ % villages.length] as string;
    const started = performance.now();
    const res = await post(server.url, report({ regionCode }));
    out.push(performance.now() - started);
    expect(res.status).toBe(202);
    await new Promise((r) => setTimeout(r, pauseMs));
  }
  return out;
}

beforeAll(async () => {
  server = await startServer();
  villages = server.regions
    .children('611025')
    .flatMap((town) => server.regions.children(town.code))
    .map((village) => village.code);
});
afterAll(async () => {
  await server?.close();
});

describe('a login flood', () => {
  it('does not stall intake, and a leader logs in from another address during it', async () => {
    // Idle is measured before and after the flood (the same test, the same server), so load
    // from outside the test that comes and goes counts on both sides.
    await ingestLatencies(20); // warm up
    const before = await ingestLatencies(100);

    const flood = attack({
      plan: 'flood',
      port: Number(new URL(server.url).port),
      durationMs: 6_000,
      concurrency: 32,
      addresses: Array.from({ length: 8 }, (_, i) => `127.0.0.${11 + i}`),
      targets: ['county-zhang', 'county-li', 'town-huilong'],
      userAgent: 'flood/1.0',
    });
    await flood.ready;
    await new Promise((r) => setTimeout(r, 300));
    const during = median(await ingestLatencies(150));
    const started = performance.now();
    const leader = await loginFrom(server.url, '127.0.0.2', 'county-zhang', DEMO_PASSWORD);
    const leaderMs = performance.now() - started;
    const tally = await flood.done;
    floodTally = tally;
    const after = await ingestLatencies(100);
    const idle = median([...before, ...after]);

    console.log(
      `ingest p50 idle ${idle.toFixed(2)} ms (before ${median(before).toFixed(2)}, after ` +
        `${median(after).toFixed(2)}), during flood ${during.toFixed(2)} ms; leader login ` +
        `${leaderMs.toFixed(0)} ms; flood answers ${JSON.stringify(tally)}`,
    );
    expect(leader.status).toBe(200);
    expect(during).toBeLessThanOrEqual(2 * idle);
    expect(tally['401']).toBeGreaterThan(0);
    expect(tally['200']).toBeUndefined();
  });

  it(
    'does not clear a real account’s failures with 10,001 guessed usernames',
    { timeout: 120_000 },
    async () => {
      const attacker = '127.0.0.21';
      for (let i = 0; i < 5; i++) {
        expect(
          (await loginFrom(server.url, attacker, 'village-zaoyuan', `wrong-${i}`)).status,
        ).toBe(401);
      }
      const locked = await loginFrom(server.url, attacker, 'village-zaoyuan', DEMO_PASSWORD);
      expect(locked.status).toBe(429);
      expect(locked.body.error).toBe('too_many_attempts');
      expect(Number(locked.retryAfter)).toBeGreaterThan(60);

      // 10,001 usernames nobody has, each tried once, from 100 addresses over 1,000 connections.
      // Most are refused before a password check (an address's burst is ten), so a spray cannot
      // record failures faster than the check queue takes them (~10/s); and guessed usernames
      // never share a table with real accounts (login-guard.test.ts records 10,001 of them).
      const started = performance.now();
      const statuses = await attack({
        plan: 'spray',
        port: Number(new URL(server.url).port),
        concurrency: 1_000,
        addresses: Array.from({ length: 100 }, (_, a) => `127.1.0.${a + 1}`),
        names: 10_001,
        userAgent: 'spray/1.0',
      }).done;
      console.log(
        `10,001 usernames answered ${JSON.stringify(statuses)} in ${(performance.now() - started).toFixed(0)} ms`,
      );
      sprayed = total(statuses);
      expect(sprayed).toBe(10_001);
      expect(statuses['200']).toBeUndefined();
      expect(statuses['0']).toBeUndefined();

      const still = await loginFrom(server.url, attacker, 'village-zaoyuan', DEMO_PASSWORD);
      expect(still.status).toBe(429);
      const elsewhere = await loginFrom(server.url, '127.0.0.3', 'village-zaoyuan', DEMO_PASSWORD);
      expect(elsewhere.status).toBe(200);
    },
  );

  it('audits every attempt with who, when and from where, for county users only', async () => {
    const county = await login(server.url, 'county-zhang');
    const town = await login(server.url, 'town-huilong');
    expect((await api(server.url, town, 'GET', '/api/v1/auth/audit')).status).toBe(403);
    expect((await api(server.url, null, 'GET', '/api/v1/auth/audit')).status).toBe(401);
    expect((await api(server.url, county, 'GET', '/api/v1/auth/audit?limit=0')).status).toBe(400);

    type Entries = { entries: LoginAuditEntry[] };
    const leader = await api<Entries>(
      server.url,
      county,
      'GET',
      '/api/v1/auth/audit?address=127.0.0.2&outcome=ok',
    );
    expect(leader.status).toBe(200);
    expect(leader.body.entries[0]).toMatchObject({
      userId: 'county-zhang',
      username: 'county-zhang',
      outcome: 'ok',
      address: '127.0.0.2',
      userAgent: 'auth-flood-test',
      count: 1,
    });
    // Every attempt is on record: the flood's and the spray's, counted rows included.
    const all: LoginAuditEntry[] = [];
    for (let before = ''; ;) {
      const page = await api<Entries>(
        server.url,
        county,
        'GET',
        `/api/v1/auth/audit?limit=1000${before}`,
      );
      all.push(...page.body.entries);
      const last = page.body.entries.at(-1);
      if (!last || page.body.entries.length < 1000) break;
      before = `&before=${last.id}`;
    }
    const count = (rows: LoginAuditEntry[]) => rows.reduce((n, e) => n + e.count, 0);
    const flooded = all.filter((e) => e.userAgent === 'flood/1.0');
    expect(count(flooded)).toBe(total(floodTally));
    expect(flooded.every((e) => /^127\.0\.0\.1[1-8]$/.test(e.address))).toBe(true);
    expect(flooded.some((e) => e.outcome === 'fail' && e.userId === 'county-zhang')).toBe(true);
    expect(flooded.every((e) => e.outcome !== 'ok')).toBe(true);
    expect(count(all.filter((e) => e.userAgent === 'spray/1.0'))).toBe(sprayed);

    const zaoyuan = await api<Entries>(
      server.url,
      county,
      'GET',
      '/api/v1/auth/audit?userId=village-zaoyuan&address=127.0.0.21',
    );
    const byReason = new Map<string, number>();
    for (const e of zaoyuan.body.entries) {
      byReason.set(e.reason, (byReason.get(e.reason) ?? 0) + e.count);
    }
    expect(byReason.get('invalid_credentials')).toBe(5);
    expect(byReason.get('account_address')).toBe(2);
  });
});
