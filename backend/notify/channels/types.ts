import type { ChannelConfig } from '#contracts';
import type { OutgoingMessage } from '../message.js';

/** A ready-to-send HTTP request. */
export interface ChannelRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * One outgoing channel format. `build` runs on every attempt (fresh timestamp and signature);
 * `check` reads the answer: robots answer 200 with an error code in the body when they refuse.
 */
export interface ChannelDriver {
  readonly type: ChannelConfig['type'];
  build(
    channel: ResolvedChannel,
    message: OutgoingMessage,
    delivery: { id: string; now: number },
  ): ChannelRequest;
  /** null when delivered, else why not. */
  check(status: number, body: string): string | null;
}

/** A channel with its secret looked up (from the file or the environment). */
export type ResolvedChannel = Omit<ChannelConfig, 'secret' | 'secretEnv'> & {
  secret: string | null;
};

export function jsonRequest(
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
): ChannelRequest {
  return {
    url,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(payload),
  };
}

/** Robots answer `{errcode: 0}` (DingTalk, WeCom) or `{code: 0}` / `{StatusCode: 0}` (Feishu). */
export function checkRobotAnswer(status: number, body: string, codeKeys: readonly string[]) {
  if (status < 200 || status >= 300) return `HTTP ${status}: ${body.slice(0, 200)}`;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return `not JSON: ${body.slice(0, 200)}`;
  }
  const key = codeKeys.find((k) => k in parsed);
  if (key === undefined) return `no ${codeKeys.join('/')} in answer: ${body.slice(0, 200)}`;
  if (parsed[key] === 0) return null;
  const msg = parsed.errmsg ?? parsed.msg ?? parsed.StatusMessage ?? '';
  return `${key} ${String(parsed[key])}: ${String(msg)}`;
}
