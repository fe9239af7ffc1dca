import { describe, expect, it } from 'vitest';
import { csvLine, readColumns, rowToOrder } from './csv.js';

describe('readColumns', () => {
  it('reads Chinese headers', () => {
    const columns = readColumns([
      '工单编号',
      '来电时间',
      '来电号码',
      '来电人',
      '诉求内容',
      '诉求分类',
      '地址',
      '紧急程度',
      '区划代码',
      '受理坐席',
    ]);
    expect(columns.fields).toEqual([
      'orderNo',
      'callTime',
      'callerNumber',
      'callerName',
      'content',
      'category',
      'address',
      'urgency',
      'regionCode',
      undefined,
    ]);
    expect(columns.missing).toEqual([]);
    expect(columns.ignored).toEqual(['受理坐席']);
  });

  it('reads the JSON names, in any case, with spaces around', () => {
    expect(readColumns([' orderNo', 'CALLTIME', 'content', 'regionCode']).fields).toEqual([
      'orderNo',
      'callTime',
      'content',
      'regionCode',
    ]);
  });

  it('names the required columns that are missing', () => {
    expect(readColumns(['工单编号', '来电号码']).missing).toEqual([
      '来电时间 (callTime)',
      '诉求内容 (content)',
      '地址 (address) or 区划代码 (regionCode)',
    ]);
  });
});

describe('rowToOrder', () => {
  it('maps cells to fields and leaves out empty cells and unused columns', () => {
    const columns = readColumns(['工单编号', '备注', '来电号码', '诉求内容', '地址']);
    expect(rowToOrder(['GD1', '无', '  ', ' 路灯坏了 ', '回龙镇'], columns)).toEqual({
      orderNo: 'GD1',
      content: '路灯坏了',
      address: '回龙镇',
    });
    expect(rowToOrder(['GD2'], columns)).toEqual({ orderNo: 'GD2' });
  });
});

describe('csvLine', () => {
  it('quotes what needs quoting and ends with CRLF', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', ''])).toBe(
      'a,"b,c","say ""hi""","two\nlines",\r\n',
    );
  });
});
