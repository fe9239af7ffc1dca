import type {
  ErrorBody,
  Open311Errors,
  Open311Service,
  Open311ServiceRequest,
  VillageInfo,
  VillageReportBody,
  VillageReportResult,
} from '#contracts';

/** A refusal from the server, with the fields it named (our API) or its descriptions (Open311). */
export class RequestFailed extends Error {
  constructor(
    readonly status: number,
    readonly fields: string[],
    readonly retryAfter: number | null,
  ) {
    super(`HTTP ${status}`);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, init);
  const text = await res.text();
  const body: unknown = text ? JSON.parse(text) : null;
  if (res.ok) return body as T;
  const fields = Array.isArray(body)
    ? (body as Open311Errors).map((e) => e.description.split(':')[0] ?? '')
    : ((body as ErrorBody | null)?.fields ?? []).map((f) => f.path);
  const retry = res.headers.get('retry-after');
  throw new RequestFailed(res.status, fields, retry ? Number(retry) : null);
}

export const api = {
  village: (code: string) =>
    call<VillageInfo>(`/api/v1/collectors/app/villages/${encodeURIComponent(code)}`),
  /** The service list, straight from Open311 discovery. */
  services: () => call<Open311Service[]>('/open311/v2/services.json'),
  report: (body: VillageReportBody) =>
    call<VillageReportResult>('/api/v1/collectors/app/village-report', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  lookup: (id: string) =>
    call<Open311ServiceRequest[]>(`/open311/v2/requests/${encodeURIComponent(id)}.json`),
};
