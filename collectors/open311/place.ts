import { resolveAddress } from '../../backend/regions/address.js';
import type { RegionTree } from '../../backend/regions/tree.js';

export interface Where {
  regionCode?: string;
  address?: string;
  addressId?: string;
  lat?: number;
  long?: number;
}

export type Placement =
  { ok: true; regionCode: string; triage: string | null } | { ok: false; description: string };

/** A real town and village of this tree, for the error message (回龙镇枣园村). */
function example(tree: RegionTree): string {
  const town = tree.children(tree.county.code)[0];
  const village = town ? tree.children(town.code)[0] : undefined;
  return `${town?.name ?? ''}${village?.name ?? ''}`;
}

/**
 * The region a request is about: `attribute[region_code]` when given, else what the address
 * names. An address understood only part way is kept at the deepest region it reached and marked
 * for a person to place (`address-partial`); one that names nothing here is refused, so the
 * resident can be asked. Coordinates alone cannot be placed: we keep no region boundaries.
 */
export function placeRequest(tree: RegionTree, where: Where): Placement {
  const county = tree.county;
  if ((where.lat === undefined) !== (where.long === undefined)) {
    const missing = where.lat === undefined ? 'lat' : 'long';
    return {
      ok: false,
      description: `${missing}: required when ${missing === 'lat' ? 'long' : 'lat'} is given`,
    };
  }
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
    return { ok: true, regionCode: region.code, triage: null };
  }
  if (where.address !== undefined) {
    const match = resolveAddress(tree, where.address);
    if (match.kind === 'county') {
      return {
        ok: false,
        description: `address_string: names no town or village of ${county.name} ("${where.address}"); write the town and village (e.g. ${example(tree)}) or send attribute[region_code]`,
      };
    }
    return { ok: true, regionCode: match.code, triage: match.complete ? null : 'address-partial' };
  }
  if (where.lat !== undefined) {
    return {
      ok: false,
      description:
        'lat/long: cannot be placed on their own (no region boundaries are kept); add address_string or attribute[region_code]',
    };
  }
  if (where.addressId !== undefined) {
    return {
      ok: false,
      description: 'address_id: not supported here; send address_string or attribute[region_code]',
    };
  }
  return {
    ok: false,
    description:
      'address_string: required (or attribute[region_code]): a request needs the town and village it is about',
  };
}
