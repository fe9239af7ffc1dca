/**
 * Writes demo grid workers for the region tree: `npm run grid-workers:generate [-- --regions
 * config/regions.json] [--out config/grid-workers.json]`. One worker per village covering all its
 * groups; the file says it is demo data. Run it again after `regions:generate` for another county.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RegionFile } from '#contracts';
import { loadJsonFile } from '../backend/config/files.js';
import { RegionTree } from '../backend/regions/tree.js';
import { buildDemoWorkers } from '../collectors/grid/demo-workers.js';
import { bindWorkers } from '../collectors/grid/workers.js';

/** As `npm run lint` wants it (prettier is a dev dependency: plain JSON without it). */
async function formatted(json: string, file: string): Promise<string> {
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(file)) ?? {};
    return await prettier.format(json, { ...options, filepath: file });
  } catch {
    return json;
  }
}

const { values } = parseArgs({
  options: {
    regions: { type: 'string', default: 'config/regions.json' },
    out: { type: 'string', default: 'config/grid-workers.json' },
  },
});
try {
  const tree = RegionTree.fromFile(loadJsonFile(values.regions, RegionFile), values.regions);
  const file = buildDemoWorkers(tree.all, 'npm run grid-workers:generate');
  bindWorkers(file, tree, values.out); // same validation the backend runs at start
  writeFileSync(values.out, await formatted(`${JSON.stringify(file, null, 2)}\n`, values.out));
  const groups = file.workers.reduce((n, w) => n + w.groups.length, 0);
  console.log(
    `${values.out}: ${file.workers.length} demo grid workers covering ${groups} groups of ${tree.county.name}`,
  );
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
