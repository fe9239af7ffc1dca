import { z } from 'zod';
import type { CorrectionBody, ErrorBody, PeopleOrderAction } from '#contracts';
import { Assessment } from '#contracts/assessment';
import { Correction } from '#contracts/judgement';
import { Region } from '#contracts/region';
import { ErrorBody as ErrorBodySchema, ReportDetail } from '#contracts/report';
import { Session, User } from '#contracts/user';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_TYPES,
  OrderAttachment,
  OrderPage,
  WorkOrderDetail,
} from '#contracts/work-order';
import type { FetchJsonError, FetchJsonOptions } from '../shared/fetch-json.js';
import { describeFetchError, fetchJson } from '../shared/fetch-json.js';

/** A call that gave no usable answer: the server's refusal (status, ErrorBody) or no answer. */
export class ApiError extends Error {
  /** The HTTP status of a refusal; 0 when there was no answer (network, timeout, bad body). */
  readonly status: number;
  /** The server's ErrorBody when it sent one. */
  readonly body: ErrorBody | null;
  /** The caller aborted it (a newer request replaced it): nothing to show. */
  readonly aborted: boolean;

  constructor(error: FetchJsonError) {
    super(
      error.kind === 'http'
        ? (errorBodyOf(error.body)?.message ?? `HTTP ${error.status}`)
        : describeFetchError(error),
    );
    this.status = error.kind === 'http' ? error.status : 0;
    this.body = error.kind === 'http' ? errorBodyOf(error.body) : null;
    this.aborted = error.kind === 'aborted';
  }
}

function errorBodyOf(body: unknown): ErrorBody | null {
  const parsed = ErrorBodySchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}

/** What a person reads when a call fails: the server's Chinese message, or a plain reason. */
export function messageOf(err: unknown, fallback = '操作失败，请重试'): string {
  if (err instanceof ApiError) {
    if (err.body) return err.body.message;
    if (err.status === 0) return '网络不通或服务器未响应，请稍后重试';
    return `${fallback}（HTTP ${err.status}）`;
  }
  return err instanceof Error && err.message ? err.message : fallback;
}

/** Same-origin calls; the session rides in the httpOnly cookie set at login. */
async function call<S extends z.ZodType>(
  schema: S,
  path: string,
  options: FetchJsonOptions = {},
): Promise<z.output<S>> {
  const result = await fetchJson(path, schema, { credentials: 'same-origin', ...options });
  if (!result.ok) throw new ApiError(result.error);
  return result.data;
}

const post = (json: unknown): FetchJsonOptions => ({ method: 'POST', json });
const orderPath = (id: string) => `/api/v1/work-orders/${encodeURIComponent(id)}`;

/** The answers' shapes, from the contract's schemas. */
const Me = z.object({ user: User });
const Regions = z.object({
  county: z.object({ code: z.string(), name: z.string() }),
  regions: z.array(Region),
});
export type Regions = z.infer<typeof Regions>;
const ReportAnswer = z.object({ report: ReportDetail, corrections: z.array(Correction) });
export type ReportAnswer = z.infer<typeof ReportAnswer>;
const CorrectionAnswer = z.object({ report: ReportDetail, correction: Correction });

/** The actions taken by a JSON POST (attach sends the file itself), and their paths. */
export type JsonOrderAction = Exclude<PeopleOrderAction, 'attach'>;
const ACTION_PATH: Record<JsonOrderAction, string> = {
  dispatch: 'dispatch',
  sign: 'sign',
  handle: 'handle',
  answer: 'answer',
  visit: 'visit',
  return: 'return',
  transfer: 'transfer',
  reportUp: 'report-up',
  supervise: 'supervise',
  comment: 'comments',
};

/** Uploads are slower than answers: a photo from a phone on a mountain road. */
const UPLOAD_TIMEOUT_MS = 120_000;

export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** Why this file cannot go (checked before sending); null when it may. */
export function refuseFile(file: Pick<File, 'type' | 'size'>): string | null {
  if (!(ATTACHMENT_TYPES as readonly string[]).includes(file.type))
    return '只能上传 JPG、PNG、WebP、HEIC 照片或 PDF 文件';
  if (file.size === 0) return '文件是空的';
  if (file.size > ATTACHMENT_MAX_BYTES)
    return `文件不能超过 ${Math.round(ATTACHMENT_MAX_BYTES / 1024 / 1024)} MB`;
  return null;
}

export const api = {
  me: () => call(Me, '/api/v1/auth/me'),
  login: (username: string, password: string) =>
    call(Session, '/api/v1/auth/login', post({ username, password })),
  /** 204, no body. */
  logout: () => call(z.unknown(), '/api/v1/auth/logout', post({})),
  regions: () => call(Regions, '/api/v1/regions'),
  orders: (query: URLSearchParams, signal?: AbortSignal) =>
    call(OrderPage, `/api/v1/work-orders?${query.toString()}`, { signal }),
  order: (id: string, signal?: AbortSignal) => call(WorkOrderDetail, orderPath(id), { signal }),
  act: (id: string, action: JsonOrderAction, body: Record<string, unknown>) =>
    call(WorkOrderDetail, `${orderPath(id)}/${ACTION_PATH[action]}`, post(body)),
  report: (id: string) => call(ReportAnswer, `/api/v1/reports/${encodeURIComponent(id)}`),
  correct: (id: string, body: CorrectionBody) =>
    call(CorrectionAnswer, `/api/v1/reports/${encodeURIComponent(id)}/correction`, post(body)),
  /** 考核 of a period (`from`, `to`, perhaps `regionCode`). */
  assessment: (query: URLSearchParams, signal?: AbortSignal) =>
    call(Assessment, `/api/v1/assessment?${query.toString()}`, { signal }),
  /** The file itself as the body; its name travels URI-encoded in X-File-Name. */
  attach: (id: string, file: File) => upload(`${orderPath(id)}/attachments`, file),
};

/** The same 考核 as an Excel workbook: a plain link downloads it (the session rides in the cookie). */
export function assessmentWorkbookHref(query: URLSearchParams): string {
  return `/api/v1/assessment.xlsx?${query.toString()}`;
}

async function upload(path: string, file: File): Promise<OrderAttachment> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), UPLOAD_TIMEOUT_MS);
  try {
    let response: Response;
    let text: string;
    try {
      response = await fetch(path, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': file.type, 'x-file-name': encodeURIComponent(file.name) },
        body: file,
        signal: controller.signal,
      });
      text = await response.text();
    } catch (err) {
      throw new ApiError(
        controller.signal.aborted
          ? { kind: 'timeout', url: path, timeoutMs: UPLOAD_TIMEOUT_MS }
          : { kind: 'network', url: path, message: String(err) },
      );
    }
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      if (response.ok) throw new ApiError({ kind: 'not-json', url: path, status: response.status });
    }
    if (!response.ok) {
      throw new ApiError({
        kind: 'http',
        url: path,
        status: response.status,
        body,
        retryAfter: null,
      });
    }
    const parsed = OrderAttachment.safeParse(body);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      throw new ApiError({ kind: 'invalid', url: path, status: response.status, issues });
    }
    return parsed.data;
  } finally {
    clearTimeout(timer);
  }
}
