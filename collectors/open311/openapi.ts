import type { z } from 'zod';
import {
  ErrorBody,
  Open311Errors,
  Open311PostResult,
  Open311RequestBody,
  Open311Service,
  Open311ServiceRequest,
  VillageInfo,
  VillageReportBody,
  VillageReportResult,
} from '#contracts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const error = (description: string) => ({ description, content: json(ref('ErrorBody')) });
const open311Error = (description: string) => ({
  description,
  content: json(ref('Open311Errors')),
});
const pathParam = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
const queryParam = (name: string, description: string) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema: { type: 'string' },
});
const jurisdiction = queryParam(
  'jurisdiction_id',
  'optional; when given it must be the county code (e.g. 611025), else 404',
);

/** The QR page's endpoints (under /api/v1, so they are in the one OpenAPI document). */
export const PATHS: Record<string, unknown> = {
  '/api/v1/collectors/app/villages/{villageCode}': {
    get: {
      tags: ['open311'],
      summary: 'A village as the QR page shows it: name, place and its groups (组)',
      parameters: [pathParam('villageCode', '12-digit village (村/社区) code')],
      responses: {
        '200': { description: 'the village', content: json(ref('VillageInfo')) },
        '404': error('no such village'),
      },
    },
  },
  '/api/v1/collectors/app/village-report': {
    post: {
      tags: ['open311'],
      summary:
        '群众随手拍 from the village QR page: no key (the page is public); rate-limited per IP address (10 at once, then one every 20 s) and at most 16 kB. Stored as an `app` report with an Open311 service_request_id',
      requestBody: { required: true, content: json(ref('VillageReportBody')) },
      responses: {
        '201': {
          description:
            'stored; `serviceRequestId` is the 受理编号 (also GET /open311/v2/requests/{id}.json)',
          content: json(ref('VillageReportResult')),
        },
        '400': error('invalid fields (each named: villageCode, groupCode, category, text, phone)'),
        '413': error('body over 16 kB'),
        '415': error('not application/json'),
        '429': error('too many reports from this address; Retry-After says when to try again'),
        '503': error('the store cannot take it now; Retry-After'),
      },
    },
  },
};

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) as served under /open311. Kept apart
 * from PATHS because the OpenAPI document test matches every documented path against the /api/v1
 * routes only; merge it into the document once that test also walks /open311.
 */
export const OPEN311_PATHS: Record<string, unknown> = {
  '/open311/discovery.json': {
    get: {
      tags: ['open311'],
      summary: 'Service discovery: the GeoReport v2 endpoint and its format (JSON)',
      responses: { '200': { description: 'discovery document' } },
    },
  },
  '/open311/v2/services.json': {
    get: {
      tags: ['open311'],
      summary: 'The service list: the 8 service categories and 其他',
      parameters: [jurisdiction],
      responses: {
        '200': {
          description: 'services',
          content: json({ type: 'array', items: ref('Open311Service') }),
        },
        '404': open311Error('unknown jurisdiction_id'),
      },
    },
  },
  '/open311/v2/requests.json': {
    post: {
      tags: ['open311'],
      summary:
        'Create a service request. Form-encoded (the standard) or JSON. `api_key` is the ingest key of the `app` source. Place: `attribute[region_code]` (town, village or group code; our extension), else `address_string`, else `lat`/`long`: the nearest village of config/gazetteer.json (or learned from requests that named their village and sent coordinates) within its `maxDistanceKm` (5 km by default), or, with none near, the county with `triage: "location-unplaced"`, its work order waiting for the dispatcher (待分拨). A request with a valid lat and long is never refused for its place',
      requestBody: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': { schema: ref('Open311RequestBody') },
          'application/json': { schema: ref('Open311RequestBody') },
        },
      },
      responses: {
        '200': { description: 'created', content: json(ref('Open311PostResult')) },
        '400': open311Error('a field is missing or invalid (named in the description)'),
        '403': open311Error('api_key missing, unknown, or of another source (named)'),
        '404': open311Error('unknown service_code or jurisdiction_id'),
        '413': open311Error('body over 64 kB'),
        '503': open311Error('the store cannot take it now; Retry-After'),
      },
    },
    get: {
      tags: ['open311'],
      summary:
        'Service requests, newest first, at most 1,000; default range the last 90 days (a range may not span more)',
      parameters: [
        jurisdiction,
        queryParam('service_request_id', 'comma list; overrides every other filter'),
        queryParam('service_code', 'comma list'),
        queryParam('start_date', 'ISO 8601 with offset'),
        queryParam('end_date', 'ISO 8601 with offset'),
        queryParam('status', 'open, closed or both (comma list)'),
      ],
      responses: {
        '200': {
          description: 'service requests',
          content: json({ type: 'array', items: ref('Open311ServiceRequest') }),
        },
        '400': open311Error('invalid filter (named)'),
      },
    },
  },
  '/open311/v2/requests/{id}.json': {
    get: {
      tags: ['open311'],
      summary:
        'One service request (a list of one), with its status read from the case covering it',
      parameters: [pathParam('id', 'the service_request_id returned by POST'), jurisdiction],
      responses: {
        '200': {
          description: 'the request',
          content: json({ type: 'array', items: ref('Open311ServiceRequest') }),
        },
        '404': open311Error('no such request'),
      },
    },
  },
};

/** zod schemas the paths reference as #/components/schemas/<name>. */
export const COMPONENTS: Record<string, z.ZodType> = {
  ErrorBody,
  VillageInfo,
  VillageReportBody,
  VillageReportResult,
  Open311Service,
  Open311RequestBody,
  Open311PostResult,
  Open311ServiceRequest,
  Open311Errors,
};
