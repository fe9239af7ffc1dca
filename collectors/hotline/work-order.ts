import type { FieldError, HotlineOrder, HotlineTriage } from '#contracts';
import { callTimeToIso } from '#contracts';
import { resolveAddress } from '../../backend/regions/address.js';
import type { RegionTree } from '../../backend/regions/tree.js';
import type { ReportDraft } from '#contracts';
import type { CategoryMap } from './config.js';

export interface OrderContext {
  regions: RegionTree;
  categories: CategoryMap;
}

export type TriageReason = HotlineTriage['reason'];

/** A work order as a report draft, or the order's fields that make it one we cannot take. */
export type OrderOutcome =
  { draft: ReportDraft; triage?: TriageReason } | { fields: FieldError[]; draft?: undefined };

/** Where the order happened: regionCode when given (it must exist), else the address resolved. */
function place(
  order: HotlineOrder,
  regions: RegionTree,
): { code: string; triage?: TriageReason } | { fields: FieldError[] } {
  if (order.regionCode) {
    return regions.has(order.regionCode)
      ? { code: order.regionCode }
      : { fields: [{ path: 'regionCode', message: `unknown region code ${order.regionCode}` }] };
  }
  const match = resolveAddress(regions, order.address ?? '');
  if (match.complete) return { code: match.code };
  return {
    code: match.code,
    triage: match.kind === 'county' ? 'address-unresolved' : 'address-partial',
  };
}

/** The caller as ingest's reporter: ingest keeps the number only hashed and masked. */
function reporter(order: HotlineOrder): ReportDraft['reporter'] {
  const phone = order.callerNumber?.trim() || undefined;
  const name = order.callerName?.trim() || undefined;
  return phone || name ? { name, phone } : undefined;
}

/** A validated order → the report draft ingest takes. */
export function toDraft(order: HotlineOrder, ctx: OrderContext): OrderOutcome {
  const where = place(order, ctx.regions);
  if ('fields' in where) return { fields: where.fields };
  const occurredAt = callTimeToIso(order.callTime);
  if (!occurredAt) return { fields: [{ path: 'callTime', message: 'invalid call time' }] };
  // The address as the caller gave it stays with the report: whoever places a triaged report
  // (or checks a resolved one) reads it there.
  const address = order.address?.trim();
  const draft: ReportDraft = {
    source: 'hotline',
    externalId: order.orderNo,
    occurredAt,
    regionCode: where.code,
    category: ctx.categories(order.category),
    text: order.content,
    reporter: reporter(order),
    ...(address ? { location: { address } } : {}),
    urgent: order.urgency === undefined ? undefined : order.urgency === '紧急',
    triage: where.triage,
  };
  return { draft, triage: where.triage };
}

/** Ingest's field names → the order's, so a sender reads errors in its own terms. */
const ORDER_FIELD: Record<string, string> = {
  externalId: 'orderNo',
  occurredAt: 'callTime',
  text: 'content',
  'reporter.phone': 'callerNumber',
  'reporter.name': 'callerName',
  reporter: 'callerNumber',
};

/** `[3].occurredAt` → `[3].callTime`; paths already in the order's terms stay as they are. */
export function toOrderPath(path: string): string {
  const found = /^((?:\[\d+\])?)\.?(.*)$/.exec(path);
  const prefix = found?.[1] ?? '';
  const field = found?.[2] ?? path;
  const mapped = ORDER_FIELD[field] ?? field;
  return prefix && mapped ? `${prefix}.${mapped}` : prefix || mapped;
}
