import { Point } from '@influxdata/influxdb-client';
import { describe, expect, it } from 'vitest';
import type { Report } from '#contracts';
import { loadEnv } from '../../config/env.js';
import { parseDuration } from './config.js';
import { ident, limit, literal, msTime, Where } from './influxql.js';
import { fromTagValue, pointTime, quotedField, tagValue, toPoint } from './schema.js';
import { storedReport } from '#test-helpers/stored-report';

const HOSTILE = `a,b=c d"e\\f\n'; DROP DATABASE x; --\\`;

function report(overrides: Partial<Report> = {}): Report {
  return storedReport({
    id: '0190-id',
    externalId: 'ext-1',
    receivedAt: Date.parse('2026-11-22T09:30:01+08:00'),
    regionCode: '611025101202001',
    category: 'dispute',
    text: '测试',
    ...overrides,
  });
}

describe('line protocol', () => {
  it('tags the region, source, category and level; never the id or a phone', () => {
    const line = toPoint(
      report({ phoneHash: 'h', phoneMasked: '139****4321' }),
      7,
    ).toLineProtocol();
    const [series] = (line ?? '').split(' ');
    expect(series).toBe(
      'reports,category=dispute,county=611025,level=none,source=hotline,town=611025101,village=611025101202',
    );
    expect(line).toContain('seq=7i');
    expect(line?.endsWith(` ${pointTime(report().occurredAt, 7)}`)).toBe(true);
  });

  it('leaves the village tag out for a town-level report', () => {
    const line = toPoint(report({ regionCode: '611025101' }), 1).toLineProtocol() ?? '';
    expect(line.split(' ')[0]).not.toContain('village=');
  });

  it('keeps hostile tag values to one line and one tag each, and decodes them back', () => {
    const line =
      toPoint(report({ category: HOSTILE as Report['category'] }), 1).toLineProtocol() ?? '';
    const series = line.split(' ')[0] ?? '';
    expect(line.split('\n')).toHaveLength(1);
    expect(series.split(',').find((t) => t.startsWith('category='))).toBe(
      `category=${tagValue(HOSTILE)}`,
    );
    expect(fromTagValue(tagValue(HOSTILE))).toBe(HOSTILE);
  });

  it('escapes a hostile text inside the string field', () => {
    const line = toPoint(report({ text: HOSTILE }), 1).toLineProtocol() ?? '';
    // JSON escapes the newline and the quotes; line protocol escapes the quotes and backslashes.
    expect(line).not.toContain('\n');
    expect(line).toContain('DROP DATABASE');
  });

  it('gives each sequence its own sub-millisecond slot within the report millisecond', () => {
    const at = 1_795_378_596_420;
    expect(pointTime(at, 1)).toBe('1795378596420000001');
    expect(pointTime(at, 1_000_001)).toBe('1795378596420000001');
    expect(BigInt(pointTime(at, 999_999)) / 1_000_000n).toBe(BigInt(at));
  });
});

describe('InfluxQL', () => {
  it('quotes identifiers and literals so a value cannot end its quote', () => {
    expect(ident('a"b\\')).toBe('"a\\"b\\\\"');
    expect(literal("x'; DROP")).toBe("'x\\'; DROP'");
  });

  it('binds region values as parameters, never in the statement', () => {
    const where = new Where().timeRange(0, 10).region(`611025101202${HOSTILE}`);
    expect(where.toString()).toBe(
      ' WHERE time >= 0ms AND time < 10ms AND "village" = $p0 AND "regionCode" = $p1',
    );
    expect(where.params).toEqual({ p0: '611025101202', p1: `611025101202${HOSTILE}` });
  });

  it('takes only integers for times and limits', () => {
    expect(msTime(5)).toBe('5ms');
    expect(() => msTime(Number.NaN)).toThrow(RangeError);
    expect(() => limit(1.5)).toThrow(RangeError);
    expect(limit(10, 20)).toBe(' LIMIT 10 OFFSET 20');
  });
});

describe('environment', () => {
  it('parses retention durations', () => {
    expect(parseDuration('90d')).toBe(90 * 86_400_000);
    expect(parseDuration('2w1d')).toBe(15 * 86_400_000);
    expect(parseDuration('INF')).toBe(Number.POSITIVE_INFINITY);
    expect(parseDuration('1y')).toBeNull();
  });

  it('names the missing or wrong InfluxDB variables', () => {
    expect(() => loadEnv({ STORE: 'influx' })).toThrow(/INFLUX_URL: required.*INFLUX_DB: required/);
    expect(() =>
      loadEnv({ STORE: 'influx', INFLUX_URL: 'http://x', INFLUX_DB: 'd', INFLUX_USER: 'u' }),
    ).toThrow(/INFLUX_PASSWORD: required/);
    expect(() => loadEnv({ STORE: 'influx', INFLUX_URL: 'x', INFLUX_DB: 'd' })).toThrow(
      /INFLUX_URL/,
    );
    expect(() =>
      loadEnv({
        STORE: 'influx',
        INFLUX_URL: 'http://x',
        INFLUX_DB: 'd',
        INFLUX_RAW_RETENTION: '5m',
      }),
    ).toThrow(/INFLUX_RAW_RETENTION/);
    expect(loadEnv({ STORE: 'influx', INFLUX_URL: 'http://x:8086', INFLUX_DB: 'd' })).toMatchObject(
      {
        STORE: 'influx',
        INFLUX_RAW_RETENTION: '90d',
      },
    );
    expect(loadEnv({}).STORE).toBe('sqlite');
  });
});

describe('quotedField', () => {
  it('escapes exactly as the client Point does', () => {
    for (const s of ['plain', HOSTILE, '\\', '"', '\\"\\\\""', '名字\n🙂']) {
      const viaPoint = new Point('m').stringField('f', s).timestamp('1').toLineProtocol() ?? '';
      expect(`m f=${quotedField(s)} 1`).toBe(viaPoint);
    }
  });
});
