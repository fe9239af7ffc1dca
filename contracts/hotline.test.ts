import { describe, expect, it } from 'vitest';
import { HotlineBatch, HotlineOrder } from './hotline.js';

const order = { orderNo: 'GD-1', callTime: '2026-11-22 09:30:00', content: '村道塌方' };

const paths = (result: { error?: { issues: Array<{ path: PropertyKey[] }> } }) =>
  result.error?.issues.map((i) => i.path.join('.'));

describe('HotlineOrder refuses a field of the wrong type by name, never throws', () => {
  const wrong: unknown[] = [{}, 1, [], true, null, { trim: 'x' }];

  it.each(wrong.map((v) => [JSON.stringify(v), v]))('"address": %s', (_name, address) => {
    const result = HotlineOrder.safeParse({ ...order, address });
    expect(result.success).toBe(false);
    expect(paths(result)).toEqual(['address']);
  });

  it.each(wrong.map((v) => [JSON.stringify(v), v]))('"regionCode": %s', (_name, regionCode) => {
    const result = HotlineOrder.safeParse({ ...order, address: '回龙镇', regionCode });
    expect(result.success).toBe(false);
    expect(paths(result)).toEqual(['regionCode']);
  });

  it('in a batch, at the order’s own path, with the other orders’ errors', () => {
    const result = HotlineBatch.safeParse([
      { ...order, address: {} },
      { ...order, content: 5, address: '回龙镇' },
    ]);
    expect(paths(result)).toEqual(['0.address', '1.content']);
  });

  it('still asks for an address or a regionCode alongside other errors', () => {
    const result = HotlineOrder.safeParse({ ...order, callTime: 'yesterday', address: '  ' });
    expect(paths(result)).toEqual(['callTime', 'address']);
    expect(HotlineOrder.safeParse({ ...order, address: '回龙镇' }).success).toBe(true);
    expect(HotlineOrder.safeParse({ ...order, regionCode: '611025101' }).success).toBe(true);
  });
});
