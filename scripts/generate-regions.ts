/**
 * Writes config/regions.json for a county: `npm run regions:generate -- <countyCode> [--groups N]
 * [--out file]`. Default: Zhen'an county (611025), 4 groups per village.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RegionTree } from '../backend/regions/tree.js';
import { buildRegionFile } from './region-tree-builder.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    groups: { type: 'string', default: '4' },
    out: { type: 'string', default: 'config/regions.json' },
  },
});
const countyCode = positionals[0] ?? '611025';
const groups = Number(values.groups);
if (!/^\d{6}$/.test(countyCode) || !Number.isInteger(groups) || groups < 0 || groups > 99) {
  console.error(
    'usage: npm run regions:generate -- <6-digit county code> [--groups 0..99] [--out file]',
  );
  process.exit(2);
}
try {
  const file = buildRegionFile(countyCode, groups);
  new RegionTree(file.regions, values.out); // same validation the backend runs at start
  writeFileSync(values.out, `${JSON.stringify(file, null, 2)}\n`);
  const count = (kind: string) => file.regions.filter((r) => r.kind === kind).length;
  console.log(
    `${values.out}: ${file.county.name} — ${count('town')} towns, ${count('village')} villages, ${count('group')} groups`,
  );
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
