/**
 * A property-based fuzz of every HTTP endpoint (issue 15): each operation of the OpenAPI document
 * (GET /api/v1/openapi.json), the Open311 POST as a form too, and the village QR page, with
 * requests fast-check generates from a seed: arbitrary JSON, mutations of a valid body (wrong
 * types, missing and unknown fields, huge strings, unicode, nesting, arrays), malformed and
 * oversized bodies, wrong content types and encodings, with and without valid keys, sessions and
 * cookies, odd path parameters and query strings. The property: never a 5xx, never a hang (each
 * request has a timeout), and the server still answers /healthz after.
 *
 * `fuzzEveryEndpoint({ runs, seed })` starts its own backend (SQLite in a temp dir, trusting a
 * loopback proxy so that each case comes from its own address and per-address limits do not hide
 * the parsers behind 429s), fuzzes, replays each failure alone to capture the server's stack, and
 * returns the figures. tests/integration/fuzz.test.ts runs a short version in `npm test`; the
 * proof suite calls it with ≥ 2,000 cases per endpoint. Works outside vitest.
 *
 * The parts: fuzz-endpoints.ts (the operations, from the OpenAPI document), fuzz-valid.ts (valid
 * requests), fuzz-mutations.ts and fuzz-cases.ts (generated requests), fuzz-run.ts (sending and
 * the run), fuzz-backend.ts (a backend of its own).
 */
export { type Endpoint } from './fuzz-endpoints.js';
export { caseArb, type FuzzCase } from './fuzz-cases.js';
export { sampleSchema, type Known } from './fuzz-valid.js';
export {
  fuzzServer,
  prepare,
  type EndpointFigures,
  type FuzzFailure,
  type FuzzOptions,
  type FuzzReport,
} from './fuzz-run.js';
export { fuzzEveryEndpoint, startFuzzBackend, type FuzzBackend } from './fuzz-backend.js';
