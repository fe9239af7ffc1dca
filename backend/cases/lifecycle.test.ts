import { describe, expect, it } from 'vitest';
import { nextStatus } from './lifecycle.js';
import { assignUnit, unitAbove } from './policy.js';
import { RegionTree } from '../regions/tree.js';

const tree = new RegionTree([
  { code: '611025', name: '镇安县', kind: 'county', parentCode: null },
  { code: '611025101', name: '回龙镇', kind: 'town', parentCode: '611025' },
  { code: '611025101202', name: '枣园村', kind: 'village', parentCode: '611025101' },
  { code: '611025101202001', name: '第一组', kind: 'group', parentCode: '611025101202' },
]);

describe('case lifecycle', () => {
  it('walks open → acknowledged → inProgress → resolved → followedUp → closed', () => {
    expect(nextStatus('acknowledge', 'open')).toBe('acknowledged');
    expect(nextStatus('start', 'acknowledged')).toBe('inProgress');
    expect(nextStatus('resolve', 'inProgress')).toBe('resolved');
    expect(nextStatus('followUp', 'resolved')).toBe('followedUp');
    expect(nextStatus('close', 'followedUp')).toBe('closed');
  });

  it('refuses steps out of order', () => {
    expect(nextStatus('acknowledge', 'acknowledged')).toBeNull();
    expect(nextStatus('resolve', 'open')).toBeNull();
    expect(nextStatus('close', 'resolved')).toBeNull();
    expect(nextStatus('followUp', 'closed')).toBeNull();
  });

  it('a reopened case can be handled again', () => {
    expect(nextStatus('resolve', 'reopened')).toBe('resolved');
    expect(nextStatus('start', 'reopened')).toBe('inProgress');
  });
});

describe('units', () => {
  it('escalate village → town → county → nowhere', () => {
    expect(unitAbove('village')).toBe('town');
    expect(unitAbove('town')).toBe('county');
    expect(unitAbove('county')).toBeNull();
  });

  it('a group alert is handled by its village, town or county', () => {
    expect(assignUnit(tree, '611025101202001', 'village')).toEqual({
      unit: 'village',
      unitCode: '611025101202',
    });
    expect(assignUnit(tree, '611025101202001', 'town')).toEqual({
      unit: 'town',
      unitCode: '611025101',
    });
    expect(assignUnit(tree, '611025101202001', 'county')).toEqual({
      unit: 'county',
      unitCode: '611025',
    });
  });

  it('a town alert at a village-level policy is handled by the town itself', () => {
    expect(assignUnit(tree, '611025101', 'village')).toEqual({
      unit: 'town',
      unitCode: '611025101',
    });
  });
});
