import type { HistoryRequest } from '../store.js';
import { DAY_OFFSET_MS, GRAIN_MS, grainStart, MINUTE_MS, type Grain } from './schema.js';

/**
 * How long after a bucket ends its rollup is final: the continuous query that writes it has run
 * over every report that was on time (shipped within LATE_AFTER_MS; later ones are backfilled).
 * Minutes: the minute CQ runs every minute. Hours: the hour CQ runs at :00/:15/:30/:45 over the
 * minutes. Days: the day CQ runs every 15 min over the hours, so the day just ended is summed at
 * the first run after its last hour settled (00:30 Shanghai), with the same margin to spare.
 */
export const ROLLUP_SETTLE_MS: Record<Grain, number> = {
  minute: 2 * MINUTE_MS,
  hour: 20 * MINUTE_MS,
  day: 45 * MINUTE_MS,
};

/** Coarsest first: each source answers the part of the range the coarser ones leave. */
const GRAINS: readonly Grain[] = ['day', 'hour', 'minute'];

/** One part of a history request and where its counts come from. */
export interface HistoryPart {
  source: Grain | 'raw';
  from: number;
  to: number;
}

/**
 * A rollup can answer buckets whose edges are edges of its own buckets: the request's buckets
 * are whole multiples of the grain and start on one of its boundaries. Rollups keep the county
 * and town tags, not villages.
 */
function usable(request: HistoryRequest, grain: Grain): boolean {
  if (request.regionCode && request.regionCode.length > 9) return false;
  const aligned = grain === 'day' ? request.from + DAY_OFFSET_MS : request.from;
  return request.bucketMs % GRAIN_MS[grain] === 0 && aligned % GRAIN_MS[grain] === 0;
}

/**
 * Split [from, to) by where each part is cheapest to count exactly: whole days from the day
 * rollup where they are final, then whole hours, then whole minutes, and only the last unsettled
 * minutes from raw reports. Raw reports are the expensive source whatever the span (a query
 * opens a cursor per village, source, category and level of the shard), so they are asked for the
 * fewest minutes possible. Each boundary is a boundary of every finer grain (Shanghai midnight
 * is a whole UTC hour), so the parts' buckets add up to the request's.
 */
export function planHistory(request: HistoryRequest, now: number): HistoryPart[] {
  const parts: HistoryPart[] = [];
  let at = request.from;
  for (const grain of GRAINS) {
    if (!usable(request, grain)) continue;
    const settled = grainStart(grain, now - ROLLUP_SETTLE_MS[grain]);
    const end = Math.min(request.to, Math.max(at, settled));
    if (end > at) parts.push({ source: grain, from: at, to: end });
    at = end;
  }
  if (at < request.to) parts.push({ source: 'raw', from: at, to: request.to });
  return parts;
}
