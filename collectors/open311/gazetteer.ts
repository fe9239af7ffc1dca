import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GeoPoint } from '#contracts';
import { GazetteerFile } from '#contracts';
import { ConfigError } from '../../backend/config/errors.js';
import { loadJsonFile } from '../../backend/config/files.js';
import type { RegionTree } from '../../backend/regions/tree.js';

export const GAZETTEER_FILE = 'gazetteer.json';

/** A village learned from requests needs at least this many of them to count. */
export const MIN_LEARNED = 3;
/** Learned points read the newest this many located requests. */
export const LEARN_FROM = 20_000;
/** The mean Earth radius of the haversine formula, in km. */
const EARTH_KM = 6371.0088;

/** Great-circle distance in km. */
export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface Gazetteer {
  villages: ReadonlyMap<string, GeoPoint>;
  maxDistanceKm: number;
  learn: boolean;
}

/**
 * config/gazetteer.json, checked against the region tree: every key a village of it. Without the
 * file: no points, 5 km, learning on. A bad file stops the start, naming the file and the field.
 */
export function loadGazetteer(configDir: string | undefined, tree: RegionTree): Gazetteer {
  const file = configDir ? join(configDir, GAZETTEER_FILE) : undefined;
  const parsed = file && existsSync(file) ? loadJsonFile(file, GazetteerFile) : undefined;
  const villages = new Map<string, GeoPoint>();
  for (const [code, point] of Object.entries(parsed?.villages ?? {})) {
    const region = tree.get(code);
    if (region?.kind !== 'village') {
      const what = region ? `a ${region.kind}, not a village` : 'not in the region tree';
      throw new ConfigError(`${file}: villages.${code}: ${what}`);
    }
    villages.set(code, point);
  }
  return { villages, maxDistanceKm: parsed?.maxDistanceKm ?? 5, learn: parsed?.learn ?? true };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** Where residents stood when their request named its place: region code (village or group). */
export type LocatedRequests = () => ReadonlyArray<{
  regionCode: string;
  lat: number;
  long: number;
}>;

export interface Located {
  villageCode: string;
  km: number;
  /** From the county's file, or learned from located requests. */
  from: 'gazetteer' | 'learned';
}

/**
 * The nearest village to a point, from the gazetteer's points and, for villages it lacks, the
 * median point of at least three requests that named the village and sent coordinates (the
 * median, so one phone with a bad fix does not move a village). Beyond `maxDistanceKm`, none.
 */
export class VillageLocator {
  private learned = new Map<string, GeoPoint>();
  private learnedAt = -Infinity;

  constructor(
    private readonly tree: RegionTree,
    private readonly gazetteer: Gazetteer,
    private readonly located: LocatedRequests | null,
    private readonly clock: () => number,
    /** Learned points are read again at most this often. */
    private readonly relearnMs = 60_000,
  ) {}

  nearest(point: GeoPoint): Located | null {
    let best: Located | null = null;
    const consider = (code: string, p: GeoPoint, from: Located['from']) => {
      const km = haversineKm(point, p);
      if (km <= this.gazetteer.maxDistanceKm && (!best || km < best.km)) {
        best = { villageCode: code, km, from };
      }
    };
    for (const [code, p] of this.gazetteer.villages) consider(code, p, 'gazetteer');
    for (const [code, p] of this.learnedPoints()) {
      if (!this.gazetteer.villages.has(code)) consider(code, p, 'learned');
    }
    return best;
  }

  /** Villages learned from located requests (those the gazetteer lists too are left to it). */
  learnedPoints(): ReadonlyMap<string, GeoPoint> {
    if (!this.gazetteer.learn || !this.located) return this.learned;
    const now = this.clock();
    if (now - this.learnedAt < this.relearnMs) return this.learned;
    this.learnedAt = now;
    const byVillage = new Map<string, { lat: number[]; lng: number[] }>();
    for (const r of this.located()) {
      const village = this.tree.ancestorOfKind(r.regionCode, 'village');
      if (!village) continue;
      const seen = byVillage.get(village.code) ?? { lat: [], lng: [] };
      seen.lat.push(r.lat);
      seen.lng.push(r.long);
      byVillage.set(village.code, seen);
    }
    const learned = new Map<string, GeoPoint>();
    for (const [code, seen] of byVillage) {
      if (seen.lat.length >= MIN_LEARNED) {
        learned.set(code, { lat: median(seen.lat), lng: median(seen.lng) });
      }
    }
    this.learned = learned;
    return learned;
  }
}
