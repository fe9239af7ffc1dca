import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Region } from '#contracts';
import { RegionFile } from '#contracts';
import { loadJsonFile } from '../config/files.js';
import { AddressResolver, parseNumeral, resolveAddress } from './address.js';
import { RegionTree } from './tree.js';

const file = loadJsonFile(join(import.meta.dirname, '../../config/regions.json'), RegionFile);
const tree = RegionTree.fromFile(file, 'regions.json');

const at = (address: string) => resolveAddress(tree, address);
const codeOf = (address: string) => at(address).code;

describe('resolveAddress on the real 镇安县 tree', () => {
  it('resolves a full address to its group', () => {
    expect(at('陕西省商洛市镇安县回龙镇和坪村三组')).toEqual({
      code: '611025101217003',
      kind: 'group',
      complete: true,
      matched: ['回龙镇', '和坪村', '三组'],
    });
  });

  it('falls back to the town when the village is unknown (和平村 is not 和坪村), and says so', () => {
    expect(at('镇安县回龙镇和平村三组')).toEqual({
      code: '611025101',
      kind: 'town',
      complete: false,
      matched: ['回龙镇'],
    });
  });

  it.each(['第三组', '三组', '3组', '叁组', '３组', '第３组', '第3村民小组', '三 组'])(
    'reads the group written as %s',
    (group) => {
      expect(codeOf(`回龙镇和坪村${group}`)).toBe('611025101217003');
    },
  );

  it.each(['和坪村', '和坪', '和坪村委会', '和坪村民委员会'])(
    'finds the village written as %s',
    (village) => {
      expect(at(`回龙镇${village}`)).toMatchObject({ code: '611025101217', complete: true });
    },
  );

  it.each([
    ['回龙镇', '611025101'],
    ['回龙', '611025101'],
    ['永乐街道', '611025001'],
    ['永乐街道办', '611025001'],
    ['永乐', '611025001'],
    ['茅坪回族镇', '611025105'],
    ['茅坪镇', '611025105'],
    ['西口回族镇', '611025106'],
    ['镇安县苗圃', '611025402'],
  ])('finds the town written as %s', (town, code) => {
    expect(at(`${town}政府门口`)).toMatchObject({ code, kind: 'town', complete: true });
  });

  it('reads in order: 大坪镇 then its 庙沟村, not the town 庙沟镇', () => {
    expect(codeOf('大坪镇庙沟村二组')).toBe('611025103201002');
    expect(codeOf('庙沟镇三联村')).toBe('611025114200');
  });

  it('takes the longest spelling at each place: 米粮寺村 (木王镇) is not 米粮镇', () => {
    expect(codeOf('米粮寺村一组')).toBe('611025111219001');
    expect(codeOf('米粮镇八一村第一组')).toBe('611025104200001');
  });

  it('keeps the village under the matched town; one of another town stays unmatched', () => {
    expect(at('回龙镇庙沟村')).toMatchObject({ code: '611025101', complete: false });
  });

  it('stays at the county when a short town name fits two towns (木王镇, 木王林厂)', () => {
    expect(at('木王二组')).toMatchObject({ code: '611025', kind: 'county', complete: false });
    expect(codeOf('木王镇坪胜村')).toBe('611025111200');
  });

  it('finds a village without its town when its name is unique', () => {
    expect(at('石门三组')).toMatchObject({ code: '611025106219003', complete: true });
  });

  it('marks a group the village does not have as incomplete', () => {
    expect(at('回龙镇和坪村九组')).toMatchObject({ code: '611025101217', complete: false });
  });

  it('falls back to the county when nothing matches', () => {
    for (const address of ['湖北省武汉市江汉路', '', '   ']) {
      expect(at(address)).toEqual({
        code: '611025',
        kind: 'county',
        complete: false,
        matched: [],
      });
    }
  });

  it('resolves every village of the tree by town + village + group, and by its name alone', () => {
    const villages = tree.all.filter((r) => r.kind === 'village');
    expect(villages.length).toBeGreaterThan(150);
    for (const village of villages) {
      const town = tree.parent(village.code) as Region;
      expect(codeOf(`镇安县${town.name}${village.name}第二组`), village.name).toBe(
        `${village.code}002`,
      );
      expect(codeOf(village.name), village.name).toBe(village.code);
    }
  });
});

describe('village names that repeat across towns', () => {
  const extra: Region = {
    code: '611025101299',
    name: '新民村',
    kind: 'village',
    parentCode: '611025101',
  };
  const twice = new AddressResolver(new RegionTree([...file.regions, extra]));

  it('picks the one under the matched town', () => {
    expect(twice.resolve('铁厂镇新民村').code).toBe('611025102215');
    expect(twice.resolve('回龙镇新民村').code).toBe('611025101299');
  });

  it('without a town stays at the deepest unambiguous level', () => {
    expect(twice.resolve('新民村三组')).toMatchObject({ code: '611025', complete: false });
  });
});

describe('a small county: short names and named groups', () => {
  const small = new AddressResolver(
    new RegionTree([
      { code: '611099', name: '测试县', kind: 'county', parentCode: null },
      { code: '611099001', name: '东镇', kind: 'town', parentCode: '611099' },
      { code: '611099001001', name: '新村', kind: 'village', parentCode: '611099001' },
      { code: '611099001001001', name: '第一组', kind: 'group', parentCode: '611099001001' },
      { code: '611099001001002', name: '张家湾组', kind: 'group', parentCode: '611099001001' },
    ]),
  );

  it('does not read 东 (of 东镇) or 新 (of 新村) as a name', () => {
    expect(small.resolve('东方红小区新华路').code).toBe('611099');
    expect(small.resolve('测试县东镇新村').code).toBe('611099001001');
  });

  it('finds a group that has a name instead of a number, with or without 组', () => {
    expect(small.resolve('东镇新村张家湾组').code).toBe('611099001001002');
    expect(small.resolve('东镇新村张家湾12号').code).toBe('611099001001002');
    expect(small.resolve('东镇新村1组').code).toBe('611099001001001');
    expect(small.resolve('东镇新村第一个路口')).toMatchObject({
      code: '611099001001',
      complete: true,
    });
  });
});

describe('parseNumeral', () => {
  it.each([
    ['3', 3],
    ['三', 3],
    ['叁', 3],
    ['两', 2],
    ['十', 10],
    ['十一', 11],
    ['二十', 20],
    ['二十三', 23],
    ['一百零五', 105],
    ['拾贰', 12],
  ])('%s → %d', (text, value) => {
    expect(parseNumeral(text)).toBe(value);
  });

  it('refuses what is not a numeral', () => {
    expect(parseNumeral('三组')).toBeUndefined();
    expect(parseNumeral('')).toBeUndefined();
  });
});

describe('addresses from outside the county', () => {
  it('are not placed on a village whose name they happen to contain', () => {
    for (const address of ['北京市朝阳区建国路1号', '湖北省十堰市郧阳区', '西安市雁塔区枣园路']) {
      expect(resolveAddress(tree, address)).toMatchObject({ kind: 'county', complete: false });
    }
  });
  it('still read our own province and city in front', () => {
    for (const address of [
      '陕西省商洛市镇安县回龙镇和坪村三组',
      '商洛市镇安县回龙镇和坪村三组',
      '商洛回龙镇和坪村三组',
    ]) {
      expect(resolveAddress(tree, address)).toMatchObject({ kind: 'group', complete: true });
    }
  });
});
