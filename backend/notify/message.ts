import type { Level, NoticeKind } from '#contracts';
import { countyShortTime } from '#contracts/county-time';
import { LEVEL_LABEL_ZH } from '#contracts';

/** One case in an outgoing message. */
export interface MessageItem {
  caseId: string;
  number: string;
  place: string;
  title: string;
  /** What happened, in one line: 超时未签收，已上报至镇（街道）. */
  detail: string;
  dueAt: number | null;
}

/**
 * What the outbox stores: channel-neutral, rendered per channel at send time (so signatures and
 * timestamps are fresh on every retry). Grouped messages carry several items.
 */
export interface OutgoingMessage {
  kind: NoticeKind;
  level: Exclude<Level, 'none'>;
  /** The group's label (回龙镇 · 设施建设) or the single case's place. */
  headline: string;
  items: MessageItem[];
  link: string | null;
}

const KIND_LABEL: Record<NoticeKind, string> = {
  opened: '新预警工单',
  upgraded: '预警升级',
  escalated: '超时升级',
  supervised: '督办',
  overdue: '严重超时',
  reopened: '回访不满意重办',
};

/** 11/22 18:30, China time whatever the server's zone. */
export function shanghaiTime(ms: number): string {
  return countyShortTime(ms);
}

export function messageTitle(m: OutgoingMessage): string {
  const count = m.items.length > 1 ? `（${m.items.length}条）` : '';
  return `【${LEVEL_LABEL_ZH[m.level]}·${KIND_LABEL[m.kind]}】${m.headline}${count}`;
}

function itemLine(item: MessageItem): string {
  const due = item.dueAt === null ? '' : `，时限 ${shanghaiTime(item.dueAt)}`;
  return `${item.place}：${item.title}。${item.detail}${due}（工单 ${item.number}）`;
}

export function messageMarkdown(m: OutgoingMessage): string {
  const lines = [`### ${messageTitle(m)}`, ...m.items.map((i) => `- ${itemLine(i)}`)];
  if (m.link) lines.push('', `[打开领导端处理](${m.link})`);
  return lines.join('\n');
}

export function messageText(m: OutgoingMessage): string {
  const lines = [messageTitle(m), ...m.items.map((i) => `· ${itemLine(i)}`)];
  if (m.link) lines.push(`处理：${m.link}`);
  return lines.join('\n');
}
