import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGION_CODE_LENGTH, RegionFile, type Region } from '#contracts';
import {
  buildRegionFile,
  chineseNumber,
  displayVillageName,
} from '../../scripts/region-tree-builder.js';

const REPO = join(import.meta.dirname, '../..');
const file = buildRegionFile('611025', 4);
const ofKind = (kind: Region['kind']) => file.regions.filter((r) => r.kind === kind);

describe('buildRegionFile', () => {
  it('builds Zhen’an county: 18 towns, 159 villages, 4 generated groups each', () => {
    expect(RegionFile.parse(file)).toEqual(file);
    expect(file.county).toEqual({ code: '611025', name: '镇安县' });
    expect(ofKind('county')).toEqual([
      { code: '611025', name: '镇安县', kind: 'county', parentCode: null },
    ]);
    expect(ofKind('town')).toHaveLength(18);
    expect(ofKind('village')).toHaveLength(159);
    expect(ofKind('group')).toHaveLength(159 * 4);
    expect(ofKind('town').map((t) => t.name)).toContain('永乐街道');
    expect(file.generatedBy).toBe('npm run regions:generate -- 611025 --groups 4');
    expect(file.$comment).toMatch(/NOT official/);
    expect(file.$comment).toContain(file.generatedBy);
  });

  it('gives every region a code of its kind’s length, a unique code and an existing parent', () => {
    const byCode = new Map(file.regions.map((r) => [r.code, r]));
    expect(byCode.size).toBe(file.regions.length);
    const parentKind = { county: null, town: 'county', village: 'town', group: 'village' };
    for (const region of file.regions) {
      expect(region.code).toHaveLength(REGION_CODE_LENGTH[region.kind]);
      if (region.parentCode === null) {
        expect(region.kind).toBe('county');
        continue;
      }
      const parent = byCode.get(region.parentCode);
      expect(parent?.kind).toBe(parentKind[region.kind]);
      expect(region.code.startsWith(region.parentCode)).toBe(true);
    }
  });

  it('names groups 第一组… with 15-digit codes ending 001…', () => {
    const village = ofKind('village')[0];
    const groups = file.regions.filter((r) => r.parentCode === village?.code);
    expect(groups.map((g) => g.name)).toEqual(['第一组', '第二组', '第三组', '第四组']);
    expect(groups.map((g) => g.code.slice(12))).toEqual(['001', '002', '003', '004']);
    for (const g of ofKind('group')) expect(g.code).toMatch(/^\d{15}$/);
  });

  it('lists each town followed by its villages, each village by its groups, codes ascending', () => {
    const order = file.regions.map((r) => r.code);
    const sorted = [...order].sort();
    expect(order).toEqual(sorted);
  });

  it('uses the names people say, not the committees’ official names', () => {
    for (const v of ofKind('village')) expect(v.name).not.toMatch(/委员会$|委会$/);
    expect(displayVillageName('枣园村村民委员会')).toBe('枣园村');
    expect(displayVillageName('新城社区居民委员会')).toBe('新城社区');
    expect(displayVillageName('云镇村委会')).toBe('云镇村');
  });

  it('is deterministic and honours the group count', () => {
    expect(buildRegionFile('611025', 4)).toEqual(file);
    expect(buildRegionFile('611025', 0).regions.some((r) => r.kind === 'group')).toBe(false);
    const many = buildRegionFile('611025', 12).regions.filter((r) => r.kind === 'group');
    expect(many).toHaveLength(159 * 12);
    expect(many[11]?.name).toBe('第十二组');
  });

  it('fails clearly for an unknown county or a bad group count', () => {
    expect(() => buildRegionFile('999999', 4)).toThrow(/unknown county code 999999/);
    expect(() => buildRegionFile('611025', -1)).toThrow(/groups per village/);
    expect(() => buildRegionFile('611025', 1.5)).toThrow(/groups per village/);
  });

  it('matches the checked-in config/regions.json', () => {
    const onDisk = RegionFile.parse(
      JSON.parse(readFileSync(join(REPO, 'config/regions.json'), 'utf8')),
    );
    expect(onDisk).toEqual(file);
  });
});

describe('chineseNumber', () => {
  it('writes group numbers the way a village does', () => {
    const cases: Array<[number, string]> = [
      [1, '一'],
      [4, '四'],
      [10, '十'],
      [11, '十一'],
      [20, '二十'],
      [23, '二十三'],
      [99, '九十九'],
    ];
    for (const [n, zh] of cases) expect(chineseNumber(n)).toBe(zh);
  });
});
