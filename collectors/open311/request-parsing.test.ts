import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Open311RequestBody, RegionFile, RESIDENT_PHONE } from '#contracts';
import { loadJsonFile } from '../../backend/config/files.js';
import { cleanPhone, PAGE_PHONE } from '../../dashboard/src/report/phone.js';
import { RegionTree } from '../../backend/regions/tree.js';
import { normalizeRequestBody } from './body.js';
import { issueDescriptions } from './errors.js';
import { placeRequest, type Locate } from './place.js';
import { RateLimiter } from './rate-limit.js';
import { SERVICES } from './services.js';
import { dayCst, isoCst } from './time.js';

const file = join(import.meta.dirname, '../../config/regions.json');
const tree = RegionTree.fromFile(loadJsonFile(file, RegionFile), file);

const parse = (body: Record<string, unknown>) => {
  const parsed = Open311RequestBody.safeParse(normalizeRequestBody(body));
  return parsed.success ? parsed.data : issueDescriptions(parsed.error.issues);
};

describe('an Open311 POST body', () => {
  it('reads attribute[region_code] from a form or JSON, and blank fields as absent', () => {
    const form = {
      service_code: 'dispute',
      description: '纠纷',
      'attribute[region_code]': '611025101202',
      email: '',
    };
    expect(parse(form)).toEqual({
      service_code: 'dispute',
      description: '纠纷',
      attribute: { region_code: '611025101202' },
    });
    expect(
      parse({
        service_code: 'dispute',
        description: '纠纷',
        attribute: { region_code: '611025101202' },
      }),
    ).toMatchObject({
      attribute: { region_code: '611025101202' },
    });
    expect(parse({ service_code: 'x', description: 'y', lat: '33.4', long: 109 })).toMatchObject({
      lat: 33.4,
      long: 109,
    });
  });

  it('names every bad field in the standard’s spelling', () => {
    expect(parse({ description: '   ' })).toEqual([
      'service_code: required',
      'description: required',
    ]);
    expect(
      parse({
        service_code: 'dispute',
        description: 'x'.repeat(2001),
        lat: 'north',
        phone: ['1', '2'],
        colour: 'red',
        'attribute[WHISPAWN]': '1',
        media_url: 'ftp://x',
      }),
    ).toEqual([
      'description: too long (at most 2000 characters)',
      'lat: must be a number',
      'phone: must be a string',
      'media_url: must be an http(s) URL',
      'attribute[WHISPAWN]: unknown attribute (only attribute[region_code] is taken)',
      'colour: unknown field',
    ]);
    expect(
      parse({ service_code: 'dispute', description: 'x', 'attribute[region_code]': '12' }),
    ).toEqual(['attribute[region_code]: must be a 6, 9, 12 or 15 digit division code']);
  });
});

describe('placing a request', () => {
  it('takes attribute[region_code] first, and refuses an unknown code or the county', () => {
    expect(placeRequest(tree, { regionCode: '611025101202', address: '铁厂镇' })).toEqual({
      ok: true,
      regionCode: '611025101202',
      triage: null,
      placedBy: 'region_code',
    });
    expect(placeRequest(tree, { regionCode: '611025999999' })).toMatchObject({
      ok: false,
      description: 'attribute[region_code]: unknown region code 611025999999',
    });
    expect(placeRequest(tree, { regionCode: '611025' })).toMatchObject({ ok: false });
  });

  it('resolves an address; part way is kept with triage, nothing is refused naming address_string', () => {
    expect(placeRequest(tree, { address: '镇安县回龙镇枣园村三组' })).toEqual({
      ok: true,
      regionCode: '611025101202003',
      triage: null,
      placedBy: 'address',
    });
    expect(placeRequest(tree, { address: '回龙镇不知道哪个村' })).toEqual({
      ok: true,
      regionCode: '611025101',
      triage: 'address-partial',
      placedBy: 'address',
    });
    const nothing = placeRequest(tree, { address: '不知道在哪里' });
    expect(nothing.ok).toBe(false);
    expect(!nothing.ok && nothing.description).toMatch(
      /^address_string: names no town or village of 镇安县/,
    );
  });

  it('places coordinates alone on the nearest known village, else at the county, never refused', () => {
    const ZAOYUAN = '611025101202';
    const near: Locate = (lat) => (lat > 33 ? { villageCode: ZAOYUAN } : null);
    expect(placeRequest(tree, { lat: 33.4, long: 109.1 }, near)).toEqual({
      ok: true,
      regionCode: ZAOYUAN,
      triage: null,
      placedBy: 'coordinates',
    });
    // Nothing known near (or no points at all): the county, for the dispatcher.
    for (const locate of [near, undefined]) {
      expect(placeRequest(tree, { lat: 20, long: 100 }, locate)).toEqual({
        ok: true,
        regionCode: '611025',
        triage: 'location-unplaced',
        placedBy: 'coordinates',
      });
    }
    // An address that names nothing here does not stop coordinates that do.
    expect(
      placeRequest(tree, { address: '不知道在哪里', lat: 33.4, long: 109.1 }, near),
    ).toMatchObject({ ok: true, regionCode: ZAOYUAN, placedBy: 'coordinates' });
    // A town from the address: the coordinates choose its village when it lies in that town…
    expect(placeRequest(tree, { address: '回龙镇河边', lat: 33.4, long: 109.1 }, near)).toEqual({
      ok: true,
      regionCode: ZAOYUAN,
      triage: null,
      placedBy: 'coordinates',
    });
    // …and never move it to another town.
    expect(
      placeRequest(tree, { address: '铁厂镇不知道哪个村', lat: 33.4, long: 109.1 }, near),
    ).toEqual({
      ok: true,
      regionCode: '611025102',
      triage: 'address-partial',
      placedBy: 'address',
    });
    expect(placeRequest(tree, { lat: 33.4 })).toMatchObject({
      description: 'long: required when lat is given',
    });
    expect(placeRequest(tree, {})).toMatchObject({
      description: expect.stringMatching(/^address_string: required/),
    });
  });
});

describe('the service list', () => {
  it('is the 8 categories and 其他, with Chinese names', () => {
    expect(SERVICES.map((s) => s.service_code)).toEqual([
      'industry',
      'infrastructure',
      'livelihood',
      'dispute',
      'security',
      'agency',
      'leftBehind',
      'ceremony',
      'other',
    ]);
    expect(SERVICES[3]).toMatchObject({
      service_name: '矛盾调处',
      metadata: false,
      type: 'realtime',
    });
  });
});

describe('times', () => {
  it('are written in the county’s own time with +08:00', () => {
    expect(isoCst(Date.parse('2026-11-22T16:05:09Z'))).toBe('2026-11-23T00:05:09+08:00');
    expect(dayCst(Date.parse('2026-11-22T16:05:09Z'))).toBe('261123');
  });
});

describe('the village page rate limit', () => {
  it('lets a burst through, then one per refill period, per client', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 3, refillMs: 10_000 }, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 10 });
    expect(limiter.take('b').ok).toBe(true);
    now += 5_000;
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 5 });
    now += 5_000;
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
  });
});

describe('the QR page’s phone check', () => {
  it('is the server’s rule, and forgives the spaces people type', () => {
    expect(PAGE_PHONE.source).toBe(RESIDENT_PHONE.source);
    expect(cleanPhone('139 1234-5678')).toBe('13912345678');
    expect(cleanPhone('0914-5321234')).toBe('0914-5321234');
    for (const ok of ['13912345678', '0914-5321234', '09145321234'])
      expect(RESIDENT_PHONE.test(ok)).toBe(true);
    for (const bad of ['1391234', '23912345678', '5321234'])
      expect(RESIDENT_PHONE.test(bad)).toBe(false);
  });
});
