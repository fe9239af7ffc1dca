import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  errors: number;
}

/**
 * Drive `url` with autocannon; `body(i)` makes the i-th request body so every report has its own
 * externalId (a repeat would take the cheaper duplicate path).
 */
export async function load(opts: {
  url: string;
  headers?: Record<string, string>;
  body: (i: number) => string;
  connections?: number;
  seconds?: number;
}): Promise<LoadResult> {
  let i = 0;
  const result = await autocannon({
    url: opts.url,
    method: 'POST',
    connections: opts.connections ?? 32,
    duration: opts.seconds ?? 10,
    headers: { 'content-type': 'application/json', ...opts.headers },
    requests: [{ setupRequest: (req) => ({ ...req, body: opts.body(i++) }) }],
  });
  return {
    requestsPerSec: Math.round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
