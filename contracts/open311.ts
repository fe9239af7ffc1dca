import { z } from 'zod';
import { RegionCode } from './region.js';
import { Category, MAX_TEXT_LENGTH } from './report.js';

/**
 * The resident app's contract: Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) as we
 * speak it, and the village QR page's own small API. Open311 names stay snake_case as the
 * standard spells them, so any Open311 client works unchanged.
 */

/** GeoReport v2 has two statuses; our case states are folded into them (see the collector). */
export const OPEN311_STATUSES = ['open', 'closed'] as const;
export const Open311Status = z.enum(OPEN311_STATUSES);
export type Open311Status = z.infer<typeof Open311Status>;

/** One item of GET /open311/v2/services.json: one per category. */
export const Open311Service = z.object({
  service_code: Category,
  service_name: z.string(),
  description: z.string(),
  /** No service definitions: every service takes the same fields. */
  metadata: z.literal(false),
  /** The request id comes back in the POST answer itself. */
  type: z.literal('realtime'),
  /** Comma-separated, as the standard has it. */
  keywords: z.string(),
  group: z.string(),
});
export type Open311Service = z.infer<typeof Open311Service>;

/** Form fields arrive as strings; a JSON client may send a number. Blank means absent. */
const coordinate = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z.number({ error: 'must be a number' }).min(min).max(max),
  );
/** Absent and of the wrong type are different mistakes; say which. */
const required = (issue: { input?: unknown }) =>
  issue.input === undefined ? 'required' : 'must be a string';
const text = (max: number) =>
  z.string({ error: 'must be a string' }).trim().max(max, `too long (at most ${max} characters)`);

/**
 * POST /open311/v2/requests.json, as `application/x-www-form-urlencoded` (the standard) or JSON.
 * `attribute[region_code]` is our extension: the town, village or group the request is about.
 * The place is taken from it, else from `address_string`, else from `lat`/`long` (the nearest
 * known village, or the county for the dispatcher to place): a request is never refused for
 * having only coordinates.
 */
export const Open311RequestBody = z.strictObject({
  api_key: z.string({ error: 'must be a string' }).optional(),
  /** Accepted when it names our county (its 6-digit code); anything else is a 404. */
  jurisdiction_id: text(64).optional(),
  service_code: z.string({ error: required }).trim().min(1, 'required'),
  description: z
    .string({ error: required })
    .trim()
    .min(1, 'required')
    .max(MAX_TEXT_LENGTH, `too long (at most ${MAX_TEXT_LENGTH} characters)`),
  lat: coordinate(-90, 90).optional(),
  long: coordinate(-180, 180).optional(),
  address_string: text(256).optional(),
  address_id: text(64).optional(),
  email: z.email({ error: 'must be an email address' }).max(254).optional(),
  device_id: text(128).optional(),
  account_id: text(128).optional(),
  first_name: text(32).optional(),
  last_name: text(32).optional(),
  phone: z
    .string({ error: 'must be a string' })
    .regex(/^[\d+\-\s()]{5,24}$/, 'must be a phone number')
    .optional(),
  media_url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(1024)
    .optional(),
  attribute: z
    .strictObject({ region_code: RegionCode.optional() }, { error: 'must be an object' })
    .optional(),
});
export type Open311RequestBody = z.infer<typeof Open311RequestBody>;

/** The POST answer: a list of one. */
export const Open311PostResult = z.array(
  z.object({
    service_request_id: z.string(),
    service_notice: z.string().nullable(),
    account_id: z.string().nullable(),
  }),
);
export type Open311PostResult = z.infer<typeof Open311PostResult>;

/** One item of GET /open311/v2/requests.json and /requests/{id}.json. Times with +08:00. */
export const Open311ServiceRequest = z.object({
  service_request_id: z.string(),
  status: Open311Status,
  /** The case state in Chinese (已受理, 处置中, 已办结…). */
  status_notes: z.string().nullable(),
  service_name: z.string(),
  service_code: Category,
  description: z.string(),
  /** The place of the unit handling it (回龙镇·枣园村), once a case covers the request. */
  agency_responsible: z.string().nullable(),
  service_notice: z.string().nullable(),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  /** The case's resolve deadline, while one runs. */
  expected_datetime: z.string().nullable(),
  address: z.string().nullable(),
  address_id: z.string().nullable(),
  zipcode: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.string().nullable(),
});
export type Open311ServiceRequest = z.infer<typeof Open311ServiceRequest>;

const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean),
);
const isoWithOffset = z.iso.datetime({
  offset: true,
  message: 'must be ISO 8601 with offset, e.g. 2026-11-01T00:00:00+08:00',
});

/** GET /open311/v2/requests.json filters; other parameters are ignored, as clients add their own. */
export const Open311RequestsQuery = z.object({
  jurisdiction_id: z.string().optional(),
  /** Comma list; overrides every other filter. */
  service_request_id: csv.optional(),
  /** Comma list of service codes. */
  service_code: csv.optional(),
  start_date: isoWithOffset.optional(),
  end_date: isoWithOffset.optional(),
  status: csv.pipe(z.array(Open311Status, { error: 'must be open and/or closed' })).optional(),
});
export type Open311RequestsQuery = z.infer<typeof Open311RequestsQuery>;

/** Open311's error shape: a list of `{code, description}`; the description names the field. */
export const Open311Errors = z.array(z.object({ code: z.number().int(), description: z.string() }));
export type Open311Errors = z.infer<typeof Open311Errors>;

/** A mobile number (11 digits) or a landline with its area code, as residents write them. */
export const RESIDENT_PHONE = /^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/** POST /api/v1/collectors/app/village-report: the QR page, which holds no key. */
export const VillageReportBody = z.strictObject({
  villageCode: RegionCode,
  /** 第几组, when the resident says. */
  groupCode: RegionCode.optional(),
  category: Category,
  text: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(MAX_TEXT_LENGTH, `too long (at most ${MAX_TEXT_LENGTH} characters)`),
  phone: z
    .string()
    .trim()
    .regex(RESIDENT_PHONE, 'must be a mobile number (11 digits) or a landline with area code')
    .optional(),
});
export type VillageReportBody = z.infer<typeof VillageReportBody>;

export const VillageReportResult = z.object({
  /** The 受理编号 the resident keeps: also the Open311 service_request_id. */
  serviceRequestId: z.string(),
  requestedAt: z.string(),
  serviceNotice: z.string(),
});
export type VillageReportResult = z.infer<typeof VillageReportResult>;

/** GET /api/v1/collectors/app/villages/{villageCode}: what the QR page shows about its village. */
export const VillageInfo = z.object({
  code: RegionCode,
  name: z.string(),
  /** 回龙镇·枣园村 */
  place: z.string(),
  groups: z.array(z.object({ code: RegionCode, name: z.string() })),
});
export type VillageInfo = z.infer<typeof VillageInfo>;

/** A point in WGS 84 degrees, as phones report it. */
export const GeoPoint = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});
export type GeoPoint = z.infer<typeof GeoPoint>;

/**
 * config/gazetteer.json (optional): a point for each village (村/社区), so a request that gives
 * only coordinates is placed on the nearest village within `maxDistanceKm`; farther, it stays at
 * the county for the dispatcher. Village points learned from requests that named their place and
 * sent coordinates too fill in villages the file does not list (`learn: false` turns that off).
 */
export const GazetteerFile = z.strictObject({
  $comment: z.string().optional(),
  generatedBy: z.string().optional(),
  maxDistanceKm: z.number().positive().max(50).default(5),
  learn: z.boolean().default(true),
  villages: z.record(RegionCode, GeoPoint).default({}),
});
export type GazetteerFile = z.infer<typeof GazetteerFile>;
