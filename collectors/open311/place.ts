import { resolveAddress } from '../../backend/regions/address.js';
import type { RegionTree } from '../../backend/regions/tree.js';
import type { PlacedBy } from './ledger.js';

export interface Where {
  regionCode?: string;
  address?: string;
  addressId?: string;
  lat?: number;
  long?: number;
}

export type Placement =
  | { ok: true; regionCode: string; triage: string | null; placedBy: PlacedBy }
  | { ok: false; description: string };

/** Why a request placed only by its coordinates waits at the county: no known village near. */
export const LOCATION_UNPLACED = 'location-unplaced';

/** The nearest known village to a point (within the configured distance), or null. */
export type Locate = (lat: number, long: number) => { villageCode: string } | null;

/** A real town and village of this tree, for the error message (回龙镇枣园村). */
function example(tree: RegionTree): string {
  const town = tree.children(tree.county.code)[0];
  const village = town ? tree.children(town.code)[0] : undefined;
  return `${town?.name ?? ''}${village?.name ?? ''}`;
}

/**
 * A place from coordinates alone: the nearest known village, or the county itself, marked
 * `location-unplaced`, so its work order waits for the dispatcher (待分拨). Never a refusal.
 */
function byCoordinates(tree: RegionTree, lat: number, long: number, locate: Locate): Placement {
  const near = locate(lat, long);
  return near
    ? { ok: true, regionCode: near.villageCode, triage: null, placedBy: 'coordinates' }
    : {
        ok: true,
        regionCode: tree.county.code,
        triage: LOCATION_UNPLACED,
        placedBy: 'coordinates',
      };
}

/**
 * The region a request is about: `attribute[region_code]` when given, else what the address
 * names, else the coordinates. An address understood only part way is kept at the deepest region
 * it reached and marked for a person to place (`address-partial`), unless the coordinates put it
 * on a village of that town. Coordinates are placed on the nearest known village (the gazetteer,
 * villages learned from located requests) or kept at the county for the dispatcher
 * (`location-unplaced`). Only a request with no place at all (or half a coordinate) is refused,
 * so the resident can be asked.
 */
export function placeRequest(
  tree: RegionTree,
  where: Where,
  locate: Locate = () => null,
): Placement {
  const county = tree.county;
  if ((where.lat === undefined) !== (where.long === undefined)) {
    const missing = where.lat === undefined ? 'lat' : 'long';
    return {
      ok: false,
      description: `${missing}: required when ${missing === 'lat' ? 'long' : 'lat'} is given`,
    };
  }
  const coords =
    where.lat !== undefined && where.long !== undefined
      ? { lat: where.lat, long: where.long }
      : undefined;
  if (where.regionCode !== undefined) {
    const region = tree.get(where.regionCode);
    if (!region) {
      return {
        ok: false,
        description: `attribute[region_code]: unknown region code ${where.regionCode}`,
      };
    }
    if (region.kind === 'county') {
      return {
        ok: false,
        description:
          'attribute[region_code]: must be a town, village or group code, not the county',
      };
    }
    return { ok: true, regionCode: region.code, triage: null, placedBy: 'region_code' };
  }
  if (where.address !== undefined) {
    const match = resolveAddress(tree, where.address);
    if (match.kind !== 'county') {
      // A town (or a village whose group was not understood): the coordinates may say which
      // of its villages, when the nearest known village lies inside it.
      const coarse = match.kind === 'town' || !match.complete;
      const near = coarse && coords ? locate(coords.lat, coords.long) : null;
      if (near && tree.lineage(near.villageCode).some((r) => r.code === match.code)) {
        return { ok: true, regionCode: near.villageCode, triage: null, placedBy: 'coordinates' };
      }
      const triage = match.complete ? null : 'address-partial';
      return { ok: true, regionCode: match.code, triage, placedBy: 'address' };
    }
    if (coords) return byCoordinates(tree, coords.lat, coords.long, locate);
    return {
      ok: false,
      description: `address_string: names no town or village of ${county.name} ("${where.address}"); write the town and village (e.g. ${example(tree)}) or send attribute[region_code]`,
    };
  }
  if (coords) return byCoordinates(tree, coords.lat, coords.long, locate);
  if (where.addressId !== undefined) {
    return {
      ok: false,
      description: 'address_id: not supported here; send address_string or attribute[region_code]',
    };
  }
  return {
    ok: false,
    description:
      'address_string: required (or attribute[region_code], or lat and long): a request needs the place it is about',
  };
}
