/**
 * The top self-time frames of the busiest .cpuprofile in a directory (the main thread: tsx's
 * loader thread writes a nearly idle one beside it), as one JSON object:
 *   BENCH_CPU_PROF=/tmp/prof npm run bench -- ingest-batch && npx tsx bench/top-frames.ts /tmp/prof
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

const dir = process.argv[2];
if (!dir) throw new Error('usage: tsx bench/top-frames.ts <dir with .cpuprofile files>');
const newest = readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .map((f) => join(dir, f))
  .sort((a, b) => statSync(b).size - statSync(a).size)[0];
if (!newest) throw new Error(`no .cpuprofile in ${dir}`);

const profile = JSON.parse(readFileSync(newest, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
for (const id of profile.samples) {
  const frame = byId.get(id)?.callFrame;
  if (!frame) continue;
  const file = frame.url.replace(/^.*\/(node_modules|work\/main)\//, '');
  const key = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + 1);
}
const total = profile.samples.length;
const top = [...self]
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(process.env.TOP ?? 12))
  .map(([frame, n]) => ({ frame, selfPct: Math.round((n / total) * 1000) / 10 }));
console.log(JSON.stringify({ profile: newest, samples: total, top }));
