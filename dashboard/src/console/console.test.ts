import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '#contracts';
import { OrderQuery } from '#contracts/work-order';
import { buildBody, suggestUnit } from './actions.js';
import { countdown, deadlinesOf, formatBytes, formatWhen } from './format.js';
import {
  activeFilterCount,
  defaultFilters,
  filtersFromSearch,
  orderQuery,
  type Filters,
} from './query.js';
import { eventFacts } from './timeline.js';

const H = 3_600_000;

describe('the queue query', () => {
  const narrowed: Filters = {
    tab: 'overdue',
    level: ['orange', 'red'],
    status: ['dispatched', 'handling'],
    overdue: true,
    regionCode: '611025101202',
    category: 'infrastructure',
    source: 'grid',
    q: '  道路   塌方 ',
  };

  it('is a query the API takes (OrderQuery), with only what is set', () => {
    const plain = orderQuery(defaultFilters());
    expect(plain.toString()).toBe('tab=todo&limit=50');
    const query = orderQuery(narrowed, { cursor: 'abc', limit: 120 });
    const parsed = OrderQuery.parse(Object.fromEntries(query));
    expect(parsed).toEqual({
      tab: 'overdue',
      level: ['orange', 'red'],
      status: ['dispatched', 'handling'],
      overdue: 'true',
      regionCode: '611025101202',
      category: ['infrastructure'],
      source: ['grid'],
      q: '道路 塌方',
      cursor: 'abc',
      limit: 120,
    });
    expect(orderQuery(narrowed, { limit: 5000 }).get('limit')).toBe('200');
  });

  it('reads the filters back from the address, dropping what it does not know', () => {
    const search = orderQuery(narrowed).toString();
    expect(filtersFromSearch(search)).toEqual({ ...narrowed, q: '道路 塌方' });
    expect(
      filtersFromSearch('?tab=nope&level=red,purple&status=lost&regionCode=12&category=x'),
    ).toEqual({ ...defaultFilters(), level: ['red'] });
    expect(activeFilterCount(narrowed)).toBe(7);
    expect(activeFilterCount(defaultFilters())).toBe(0);
  });
});

describe('deadlines', () => {
  const now = Date.UTC(2026, 11, 1, 4, 0, 0); // 12:00 in the county

  it('lists the running ones, nearest first, none once closed', () => {
    const order = {
      signDueAt: null,
      answerDueAt: now + 48 * H,
      supervision: { dueAt: now + 2 * H },
      closedAt: null,
    };
    expect(deadlinesOf(order).map((d) => [d.kind, d.label])).toEqual([
      ['supervise', '督办时限'],
      ['answer', '答复时限'],
    ]);
    expect(deadlinesOf({ ...order, closedAt: now })).toEqual([]);
  });

  it('counts down, and up in red once past', () => {
    expect(countdown(now + 90_000, now)).toEqual({ text: '剩余 01:30', late: false });
    expect(countdown(now + 2 * H + 5_000, now)).toEqual({ text: '剩余 2:00:05', late: false });
    expect(countdown(now - 27 * H, now)).toEqual({ text: '已超时 1天3小时', late: true });
  });

  it('prints county time whatever the zone of the machine', () => {
    expect(formatWhen(Date.UTC(2026, 11, 1, 17, 5))).toBe('12/2 01:05');
    expect(formatBytes(3 * 1024 * 1024 + 200_000)).toBe('3.2 MB');
  });
});

describe('action forms', () => {
  const values = { text: '', unitCode: '', satisfaction: '' as const, hours: '' as const };

  it('builds the contract body, refusing in Chinese what the API would', () => {
    expect(buildBody('answer', values, { unitCode: '611025101' })).toEqual({
      ok: false,
      message: '请填写答复内容',
    });
    expect(buildBody('answer', { ...values, text: ' 已修复 ' }, { unitCode: 'x' })).toEqual({
      ok: true,
      body: { text: '已修复' },
    });
    expect(buildBody('sign', values, { unitCode: 'x' })).toEqual({ ok: true, body: {} });
    expect(
      buildBody(
        'transfer',
        { ...values, unitCode: '611025101', text: '不属本镇' },
        {
          unitCode: '611025101',
        },
      ),
    ).toEqual({ ok: false, message: '请选择另一个承办单位' });
    expect(buildBody('visit', { ...values, satisfaction: 'basic' }, { unitCode: 'x' })).toEqual({
      ok: true,
      body: { satisfaction: 'basic' },
    });
    expect(
      buildBody('supervise', { ...values, text: '今日答复', hours: 4 }, { unitCode: 'x' }),
    ).toEqual({ ok: true, body: { note: '今日答复', hours: 4 } });
  });

  it('suggests the unit of the colour: red county, orange town, blue village', () => {
    const village = '611025101202';
    expect(suggestUnit({ level: 'red', regionCode: village })).toBe('611025');
    expect(suggestUnit({ level: 'orange', regionCode: village })).toBe('611025101');
    expect(suggestUnit({ level: 'blue', regionCode: `${village}003` })).toBe(village);
    expect(suggestUnit({ level: 'none', regionCode: '611025' })).toBe('');
  });
});

describe('timeline facts', () => {
  const event = (over: Partial<OrderEvent>): OrderEvent => ({
    seq: 1,
    orderId: 'o1',
    at: 0,
    actor: { id: 'u', name: '孙丽' },
    action: 'comment',
    from: null,
    to: null,
    note: null,
    data: null,
    address: null,
    ...over,
  });

  it('says the status change and the known data in Chinese', () => {
    const place = (code: string) => (code === '611025101202' ? '回龙镇·枣园村' : code);
    expect(
      eventFacts(
        event({
          action: 'dispatch',
          from: 'registered',
          to: 'dispatched',
          data: { unit: 'village', unitCode: '611025101202' },
        }),
        place,
      ),
    ).toEqual(['待分拨 → 待签收', '承办：回龙镇·枣园村']);
    expect(
      eventFacts(event({ action: 'visit', data: { satisfaction: 'unsatisfied', x: 1 } }), place),
    ).toEqual(['满意度：不满意']);
    expect(
      eventFacts(
        event({
          action: 'transfer',
          data: { fromUnit: 'town', fromCode: '611025101202', unit: 'county', unitCode: '611025' },
        }),
        place,
      ),
    ).toEqual(['承办：回龙镇·枣园村 → 611025']);
    expect(
      eventFacts(event({ action: 'recolour', data: { level: 'red', category: 'dispute' } }), place),
    ).toEqual(['颜色：红色', '类别：矛盾调处']);
    expect(eventFacts(event({}), place)).toEqual([]);
  });
});
