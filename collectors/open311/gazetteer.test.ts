import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RegionFile } from '#contracts';
import { ConfigError } from '../../backend/config/errors.js';
import { loadJsonFile } from '../../backend/config/files.js';
import { RegionTree } from '../../backend/regions/tree.js';
import { haversineKm, loadGazetteer, VillageLocator, type Gazetteer } from './gazetteer.js';
import { Open311Ledger, type NewRequest } from './ledger.js';

const CONFIG = join(import.meta.dirname, '../../config');
const file = join(CONFIG, 'regions.json');
const tree = RegionTree.fromFile(loadJsonFile(file, RegionFile), file);

const ZAOYUAN = '611025101202'; // 回龙镇·枣园村
const HONGFENG = '611025101210'; // 回龙镇·宏丰村

function dirWith(gazetteer: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'gazetteer-'));
  writeFileSync(join(dir, 'gazetteer.json'), JSON.stringify(gazetteer));
  return dir;
}

const gazetteer = (villages: Record<string, { lat: number; lng: number }>): Gazetteer => ({
  villages: new Map(Object.entries(villages)),
  maxDistanceKm: 5,
  learn: true,
});

describe('the gazetteer', () => {
  it('measures great-circle distance', () => {
    expect(haversineKm({ lat: 33, lng: 109 }, { lat: 34, lng: 109 })).toBeCloseTo(111.2, 1);
    expect(haversineKm({ lat: 33.4, lng: 109.1 }, { lat: 33.4, lng: 109.1 })).toBe(0);
  });

  it('ships a demo file with a point for every village of regions.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gazetteer-'));
    cpSync(join(CONFIG, 'gazetteer.json'), join(dir, 'gazetteer.json'));
    const loaded = loadGazetteer(dir, tree);
    const villages = tree.all.filter((r) => r.kind === 'village').map((r) => r.code);
    expect([...loaded.villages.keys()].sort()).toEqual(villages.sort());
    expect(loaded.maxDistanceKm).toBe(5);
  });

  it('is optional: no points, 5 km, learning on', () => {
    expect(loadGazetteer(undefined, tree)).toEqual({
      villages: new Map(),
      maxDistanceKm: 5,
      learn: true,
    });
  });

  it.each([
    [
      'a town code',
      { villages: { '611025101': { lat: 33, lng: 109 } } },
      /villages\.611025101: a town/,
    ],
    [
      'an unknown village',
      { villages: { '611025101999': { lat: 33, lng: 109 } } },
      /villages\.611025101999: not in the region tree/,
    ],
    ['a latitude out of range', { villages: { [ZAOYUAN]: { lat: 95, lng: 109 } } }, /\.lat: /],
    ['a missing longitude', { villages: { [ZAOYUAN]: { lat: 33 } } }, /\.lng: /],
    ['a distance of zero', { maxDistanceKm: 0 }, /maxDistanceKm: /],
  ])('refuses %s, naming the file and the field', (_what, content, message) => {
    const dir = dirWith(content);
    expect(() => loadGazetteer(dir, tree)).toThrow(ConfigError);
    expect(() => loadGazetteer(dir, tree)).toThrow(/gazetteer\.json: /);
    expect(() => loadGazetteer(dir, tree)).toThrow(message);
  });
});

describe('the nearest village', () => {
  const points = { [ZAOYUAN]: { lat: 33.3, lng: 109.06 }, [HONGFENG]: { lat: 33.33, lng: 109.06 } };

  it('is the closest point within the distance, else none', () => {
    const locator = new VillageLocator(tree, gazetteer(points), null, () => 0);
    expect(locator.nearest({ lat: 33.301, lng: 109.061 })).toMatchObject({
      villageCode: ZAOYUAN,
      from: 'gazetteer',
    });
    expect(locator.nearest({ lat: 33.325, lng: 109.06 })?.villageCode).toBe(HONGFENG);
    // 0.06° of latitude is about 6.7 km beyond the last village: too far.
    expect(locator.nearest({ lat: 33.39, lng: 109.06 })).toBeNull();
    expect(
      new VillageLocator(tree, gazetteer({}), null, () => 0).nearest(points[ZAOYUAN]),
    ).toBeNull();
  });

  it('learns villages the file lacks from at least three requests that named them', () => {
    const located = [
      { regionCode: `${HONGFENG}001`, lat: 33.5, long: 109.2 },
      { regionCode: HONGFENG, lat: 33.501, long: 109.201 },
      // One phone with a bad fix does not move the village (the median).
      { regionCode: HONGFENG, lat: 34.9, long: 110.9 },
      { regionCode: '611025102201', lat: 33.6, long: 109.3 },
      { regionCode: '611025102201', lat: 33.6, long: 109.3 },
      // A town is not a village; the gazetteer's own village keeps its point.
      { regionCode: '611025101', lat: 33.7, long: 109.4 },
      { regionCode: ZAOYUAN, lat: 33.8, long: 109.5 },
      { regionCode: ZAOYUAN, lat: 33.8, long: 109.5 },
      { regionCode: ZAOYUAN, lat: 33.8, long: 109.5 },
    ];
    const locator = new VillageLocator(
      tree,
      gazetteer({ [ZAOYUAN]: points[ZAOYUAN] }),
      () => located,
      () => 0,
    );
    expect(locator.nearest({ lat: 33.5005, lng: 109.2005 })).toMatchObject({
      villageCode: HONGFENG,
      from: 'learned',
    });
    // Two requests are not enough to learn 西沟口村.
    expect(locator.nearest({ lat: 33.6, lng: 109.3 })).toBeNull();
    expect(locator.nearest({ lat: 33.8, lng: 109.5 })).toBeNull();
    expect(locator.nearest(points[ZAOYUAN])?.villageCode).toBe(ZAOYUAN);
    const off = new VillageLocator(
      tree,
      { ...gazetteer({}), learn: false },
      () => located,
      () => 0,
    );
    expect(off.nearest({ lat: 33.5005, lng: 109.2005 })).toBeNull();
  });

  it('learns only from requests placed by their region code or address, never by coordinates', () => {
    const ledger = new Open311Ledger(undefined);
    let n = 0;
    const add = (over: Partial<NewRequest>) => {
      n += 1;
      const request: NewRequest = {
        serviceCode: 'infrastructure',
        regionCode: HONGFENG,
        requestedAt: n,
        description: '路坏了',
        address: null,
        lat: 33.5,
        long: 109.2,
        mediaUrl: null,
        deviceId: null,
        accountId: null,
        channel: 'open311',
        triage: null,
        ...over,
      };
      const id = ledger.reserve(request, (externalId) => ({
        source: 'app',
        externalId,
        occurredAt: '2026-11-22T09:30:00+08:00',
        regionCode: request.regionCode,
        text: request.description,
      }));
      ledger.confirm(id, `r${n}`);
    };
    add({ placedBy: 'region_code' });
    add({ placedBy: 'address' });
    add({});
    add({ placedBy: 'coordinates' });
    add({ placedBy: 'coordinates', regionCode: '611025', triage: 'location-unplaced' });
    add({ placedBy: 'address', regionCode: '611025101', triage: 'address-partial' });
    add({ placedBy: 'page', lat: null, long: null });
    expect(ledger.located(100)).toHaveLength(3);
    ledger.close();
  });
});
