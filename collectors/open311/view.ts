import type { Open311ServiceRequest } from '#contracts';
import { CATEGORY_LABEL_ZH } from '#contracts';
import { coarseCoordinate, maskPersonalText } from '../../backend/platform/privacy.js';
import type { RegionTree } from '../../backend/regions/tree.js';
import type { RequestRow } from './ledger.js';
import type { RequestStatus } from './status.js';
import { isoCst } from './time.js';

/** What every resident is told when the request is taken. */
export const SERVICE_NOTICE = '诉求已受理，将转所在村（社区）办理；凭受理编号可随时查询办理进度。';

/** 回龙镇·枣园村·第一组: a place as people say it, without the county everyone shares. */
export function placeName(tree: RegionTree, code: string): string {
  const names = tree
    .lineage(code)
    .filter((r) => r.kind !== 'county')
    .map((r) => r.name)
    .reverse();
  return names.length > 0 ? names.join('·') : (tree.get(code)?.name ?? code);
}

/**
 * A ledger row with its status as GeoReport v2 shows a service request. Requests are public to
 * read, so the answer carries no personal data: no name, phone or e-mail (never kept here), the
 * description masked again (phone and ID numbers), the place as the region's name rather than
 * the address as written (which may be a door: 张家门口), and coordinates rounded to about 1 km.
 */
export function toServiceRequest(
  tree: RegionTree,
  row: RequestRow,
  status: RequestStatus,
): Open311ServiceRequest {
  return {
    service_request_id: row.id,
    status: status.status,
    status_notes: status.notes,
    service_name: CATEGORY_LABEL_ZH[row.serviceCode],
    service_code: row.serviceCode,
    description: maskPersonalText(row.description),
    agency_responsible: status.agency,
    service_notice: SERVICE_NOTICE,
    requested_datetime: isoCst(row.requestedAt),
    updated_datetime: isoCst(status.updatedAt),
    expected_datetime: status.expectedAt === null ? null : isoCst(status.expectedAt),
    address: placeName(tree, row.regionCode),
    address_id: null,
    zipcode: null,
    lat: coarseCoordinate(row.lat),
    long: coarseCoordinate(row.long),
    media_url: row.mediaUrl,
  };
}
