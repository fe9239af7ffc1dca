/**
 * A login flood, as its own process: `concurrency` connections, spread over `addresses` (all of
 * 127/8 reaches a server on 127.0.0.1), each sending a wrong password as soon as its last one was
 * answered, at real accounts and at guessed usernames, until the time is up. Prints `ready` when
 * every connection has had an answer, then one JSON line: answers by status, and how many.
 * Config: PROOF_CONFIG (FloodConfig as JSON).
 */
import { Agent, request } from 'node:http';

export interface FloodConfig {
  url: string;
  durationMs: number;
  concurrency: number;
  addresses: string[];
  /** Real usernames to try wrong passwords on (the rest are guessed names). */
  targets: string[];
}

export interface FloodTally {
  sent: number;
  statuses: Record<string, number>;
}

const config = JSON.parse(process.env.PROOF_CONFIG ?? '{}') as FloodConfig;
const { hostname, port } = new URL(config.url);
const agents = config.addresses.map(
  (localAddress) => new Agent({ keepAlive: true, maxSockets: Infinity, localAddress }),
);
let until = performance.now() + config.durationMs;
// SIGINT: finish the logins under way and print the tally (the scenario is done measuring).
process.on('SIGINT', () => (until = 0));
const statuses: Record<string, number> = {};
let sent = 0;

function once(agent: Agent, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: hostname,
        port,
        path: '/api/v1/auth/login',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'user-agent': 'proof-flood/1.0' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

async function loop(i: number): Promise<void> {
  const agent = agents[i % agents.length] as Agent;
  for (let n = 0; performance.now() < until; n++) {
    const username = config.targets[n % (config.targets.length + 1)] ?? `guess-${i}-${n}`;
    const status = await once(agent, JSON.stringify({ username, password: `wrong-${n}` }));
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (++sent === config.concurrency) console.log('ready');
  }
}

await Promise.all(Array.from({ length: config.concurrency }, (_, i) => loop(i)));
for (const agent of agents) agent.destroy();
console.log(JSON.stringify({ sent, statuses } satisfies FloodTally));
process.exit(0);
