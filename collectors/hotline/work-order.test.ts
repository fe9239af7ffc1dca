import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callTimeToIso, HotlineOrder, RegionFile } from '#contracts';
import { ConfigError } from '../../backend/config/errors.js';
import { loadJsonFile } from '../../backend/config/files.js';
import { RegionTree } from '../../backend/regions/tree.js';
import { loadCategoryMap } from './config.js';
import { toDraft, toOrderPath } from './work-order.js';

const CONFIG = join(import.meta.dirname, '../../config');
const regions = RegionTree.fromFile(
  loadJsonFile(join(CONFIG, 'regions.json'), RegionFile),
  'regions.json',
);
const ctx = { regions, categories: loadCategoryMap(CONFIG) };

function order(overrides: Record<string, unknown> = {}): HotlineOrder {
  return HotlineOrder.parse({
    orderNo: 'GD20261122-0001',
    callTime: '2026-11-22 09:30:00',
    callerNumber: '13812345678',
    callerName: '王先生',
    content: '村里自来水管破裂两天了',
    category: '环境保护',
    address: '镇安县回龙镇和坪村三组',
    urgency: '紧急',
    ...overrides,
  });
}

describe('toDraft', () => {
  it('turns a work order into a hotline report draft', () => {
    expect(toDraft(order(), ctx)).toEqual({
      draft: {
        source: 'hotline',
        externalId: 'GD20261122-0001',
        occurredAt: '2026-11-22T09:30:00+08:00',
        regionCode: '611025101217003',
        category: 'infrastructure',
        text: '村里自来水管破裂两天了',
        reporter: { name: '王先生', phone: '13812345678' },
        location: { address: '镇安县回龙镇和坪村三组' },
        urgent: true,
        triage: undefined,
      },
      triage: undefined,
    });
  });

  it('lets a valid regionCode win over the address', () => {
    expect(toDraft(order({ regionCode: '611025103201' }), ctx).draft?.regionCode).toBe(
      '611025103201',
    );
  });

  it('names regionCode when the code is not in the tree', () => {
    expect(toDraft(order({ regionCode: '611025999999' }), ctx)).toEqual({
      fields: [{ path: 'regionCode', message: 'unknown region code 611025999999' }],
    });
  });

  it('keeps a partly resolved order at the deepest match, for triage, with its address', () => {
    const outcome = toDraft(order({ address: '回龙镇和平村三组' }), ctx);
    expect(outcome.draft).toMatchObject({ regionCode: '611025101', triage: 'address-partial' });
    expect(outcome.draft?.text).toBe('村里自来水管破裂两天了');
    expect(outcome.draft?.location).toEqual({ address: '回龙镇和平村三组' });
    expect(outcome).toMatchObject({ triage: 'address-partial' });
  });

  it('keeps an unresolved order at the county, for triage', () => {
    expect(toDraft(order({ address: '某某路12号' }), ctx)).toMatchObject({
      draft: { regionCode: '611025', triage: 'address-unresolved' },
      triage: 'address-unresolved',
    });
  });

  it('leaves an unknown category undefined (inferred later) and maps 一般 to not urgent', () => {
    const { draft } = toDraft(order({ category: '不存在的分类', urgency: '一般' }), ctx);
    expect(draft).toMatchObject({ category: undefined, urgent: false });
  });

  it('has no reporter when the caller withheld number and name', () => {
    expect(toDraft(order({ callerNumber: '', callerName: ' ' }), ctx).draft?.reporter).toBe(
      undefined,
    );
  });
});

describe('toOrderPath', () => {
  it.each([
    ['occurredAt', 'callTime'],
    ['[3].occurredAt', '[3].callTime'],
    ['[0].externalId', '[0].orderNo'],
    ['text', 'content'],
    ['[2].reporter.phone', '[2].callerNumber'],
    ['regionCode', 'regionCode'],
    ['[1].regionCode', '[1].regionCode'],
    ['', ''],
  ])('%s → %s', (path, expected) => {
    expect(toOrderPath(path)).toBe(expected);
  });
});

describe('callTimeToIso', () => {
  it.each([
    ['2026-11-22T09:30:00+08:00', '2026-11-22T09:30:00+08:00'],
    ['2026-11-22T01:30:00Z', '2026-11-22T01:30:00Z'],
    ['2026-11-22 09:30:00', '2026-11-22T09:30:00+08:00'],
    ['2026/1/5 7:05', '2026-01-05T07:05:00+08:00'],
    ['2026-11-22T09:30:00', '2026-11-22T09:30:00+08:00'],
    ['2024-02-29 23:59:59', '2024-02-29T23:59:59+08:00'],
  ])('%s → %s', (text, iso) => {
    expect(callTimeToIso(text)).toBe(iso);
  });

  it.each([
    '2026-02-30 10:00:00',
    '2025-02-29 10:00:00',
    '2026-13-01 10:00:00',
    '2026-11-22 24:00:00',
    '2026-11-22 10:60:00',
    '22/11/2026 10:00',
    '2026-11-22',
    'yesterday',
    '',
  ])('refuses %s', (text) => {
    expect(callTimeToIso(text)).toBeUndefined();
  });
});

describe('loadCategoryMap', () => {
  it('maps the shipped operator names, our codes and our labels', () => {
    expect(ctx.categories('环境保护')).toBe('infrastructure');
    expect(ctx.categories('矛盾纠纷')).toBe('dispute');
    expect(ctx.categories('livelihood')).toBe('livelihood');
    expect(ctx.categories('红白理事')).toBe('ceremony');
    expect(ctx.categories('天气')).toBeUndefined();
    expect(ctx.categories(undefined)).toBeUndefined();
  });

  it('without a file maps only our own codes and labels', () => {
    const ours = loadCategoryMap(mkdtempSync(join(tmpdir(), 'hotline-config-')));
    expect(ours('产业发展')).toBe('industry');
    expect(ours('环境保护')).toBeUndefined();
    expect(loadCategoryMap(undefined)('security')).toBe('security');
  });

  it('refuses a bad file naming it and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-config-'));
    writeFileSync(join(dir, 'hotline.json'), JSON.stringify({ categories: { 环保: 'weather' } }));
    expect(() => loadCategoryMap(dir)).toThrow(ConfigError);
    expect(() => loadCategoryMap(dir)).toThrow(/hotline\.json: categories\.环保/);
  });
});
