import { createHash } from 'node:crypto';
import type { Case, Notice, NoticeKind, NotifyFile, Unit } from '#contracts';
import { CATEGORY_LABEL_ZH } from '#contracts';
import { groupKey } from './grouping.js';
import type { NoticeLog } from './notice-log.js';
import type { RegionTree } from '../regions/tree.js';
import type { UserDirectory } from '../users/directory.js';
import type { ResolvedChannel } from './channels/types.js';
import type { OutgoingMessage } from './message.js';
import type { OutboxRepository } from './outbox.js';
import type { SilenceBook } from './silences.js';

export interface NotifyRequest {
  kind: NoticeKind;
  case: Case;
  /** Whose leaders are told. */
  units: readonly Unit[];
  /** One line: what happened. */
  detail: string;
  /** Names this step (case + kind + step); a repeat of the same key sends nothing. */
  key: string;
  now: number;
}

export interface NotifyOutcome {
  /** Notices newly recorded (sent or silenced). */
  notices: Notice[];
  silenced: boolean;
  /** Outbox messages due now (the caller may kick the worker). */
  dueNow: number;
}

export interface NotifierDeps {
  notices: NoticeLog;
  tree: RegionTree;
  users: UserDirectory;
  /** How long robot messages of a level wait to be grouped (the response policy's window). */
  groupWindowMs: (level: Case['level']) => number;
  silences: SilenceBook;
  outbox: OutboxRepository;
  channels: ReadonlyMap<string, ResolvedChannel>;
  config: Pick<NotifyFile, 'publicUrl'>;
}

function noticeId(key: string): string {
  return createHash('sha1').update(key).digest('hex').slice(0, 20);
}

/**
 * Turns a case step into notices for leaders and outbox messages for robots. Everything is
 * recorded, silenced or not, under a dedupe key: a step notified once is never notified again.
 * Call it inside the case's transaction so the step and its notifications commit together.
 */
export class Notifier {
  constructor(private readonly deps: NotifierDeps) {}

  notify(req: NotifyRequest): NotifyOutcome {
    const c = req.case;
    const silence = this.deps.silences.match(
      { regionCode: c.regionCode, category: c.category, ruleId: c.ruleId },
      req.now,
    );
    const place = c.place;
    const recipients = new Map(
      req.units
        .flatMap((unit) => this.deps.users.leadersFor(unit, c.regionCode))
        .map((u) => [u.id, u]),
    );
    const notices: Notice[] = [];
    for (const user of recipients.values()) {
      const dedupe = `${req.key}|${user.id}`;
      const notice: Notice = {
        id: noticeId(dedupe),
        userId: user.id,
        caseId: c.id,
        kind: req.kind,
        level: c.level,
        title: `${place}：${c.title}`,
        body: req.detail,
        createdAt: req.now,
        status: silence ? 'silenced' : 'sent',
        silenceId: silence?.id ?? null,
      };
      if (this.deps.notices.record(notice, dedupe)) notices.push(notice);
    }
    const dueNow = silence ? 0 : this.enqueue(req, place);
    return { notices, silenced: silence !== null, dueNow };
  }

  private enqueue(req: NotifyRequest, place: string): number {
    const c = req.case;
    // New and rising alerts group (same town, category, hour); escalations and 督办 go alone.
    const grouped = req.kind === 'opened' || req.kind === 'upgraded';
    const wait = grouped ? this.deps.groupWindowMs(c.level) : 0;
    const headline = grouped
      ? `${this.deps.tree.ancestorOfKind(c.regionCode, 'town')?.name ?? place} · ${
          c.category ? CATEGORY_LABEL_ZH[c.category] : c.title
        }`
      : place;
    const message: OutgoingMessage = {
      kind: req.kind,
      level: c.level,
      headline,
      items: [
        {
          caseId: c.id,
          number: c.number,
          place,
          title: c.title,
          detail: req.detail,
          dueAt: c.status === 'open' ? c.ackDueAt : c.resolveDueAt,
        },
      ],
      link: this.deps.config.publicUrl
        ? `${this.deps.config.publicUrl.replace(/\/$/, '')}/leader#case=${c.id}`
        : null,
    };
    let dueNow = 0;
    for (const channel of this.deps.channels.values()) {
      if (!channel.levels.includes(c.level) || !channel.kinds.includes(req.kind)) continue;
      if (channel.regionCode && !c.regionCode.startsWith(channel.regionCode)) continue;
      const added = this.deps.outbox.enqueue({
        dedupeKey: req.key,
        channelId: channel.id,
        kind: req.kind,
        message,
        groupKey: grouped ? groupKey(this.deps.tree, c) : null,
        dueAt: req.now + wait,
        now: req.now,
      });
      if (added && wait === 0) dueNow++;
    }
    return dueNow;
  }
}
