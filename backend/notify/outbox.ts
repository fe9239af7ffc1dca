import { createHash } from 'node:crypto';
import type { ChannelHealth, NoticeKind } from '#contracts';
import type { DurableDb } from '../platform/durable-db.js';
import type { OutgoingMessage } from './message.js';

export interface OutboxItem {
  id: string;
  channelId: string;
  groupKey: string | null;
  message: OutgoingMessage;
  attempts: number;
  nextAttemptAt: number;
}

interface OutboxRow {
  id: string;
  channel_id: string;
  group_key: string | null;
  message: string;
  attempts: number;
  next_attempt_at: number;
}

export interface Enqueue {
  /** Names the event (case + what + step); the same key is never enqueued twice. */
  dedupeKey: string;
  channelId: string;
  kind: NoticeKind;
  message: OutgoingMessage;
  /** Messages with the same key on one channel merge while the first has not gone out. */
  groupKey: string | null;
  dueAt: number;
  now: number;
}

function outboxId(dedupeKey: string): string {
  return createHash('sha1').update(dedupeKey).digest('hex').slice(0, 20);
}

/**
 * The persisted outbox: a message is a row before anyone tries to send it, so nothing is lost
 * on restart. Rows are only ever marked sent or dead, never deleted.
 */
export class OutboxRepository {
  private readonly stmts;

  constructor(db: DurableDb) {
    this.stmts = {
      insert: db.prepare(
        `INSERT OR IGNORE INTO outbox (id, dedupe_key, channel_id, group_key, kind, level, message,
           status, attempts, next_attempt_at, created_at, updated_at)
         VALUES (@id, @dedupe_key, @channel_id, @group_key, @kind, @level, @message, 'pending', 0,
           @next_attempt_at, @now, @now)`,
      ),
      openGroup: db.prepare(
        `SELECT * FROM outbox WHERE channel_id = ? AND group_key = ? AND status = 'pending'
           AND attempts = 0 ORDER BY seq LIMIT 1`,
      ),
      setMessage: db.prepare(
        `UPDATE outbox SET message = @message, level = @level,
           next_attempt_at = min(next_attempt_at, @due), updated_at = @now WHERE id = @id`,
      ),
      due: db.prepare(
        `SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?
         ORDER BY next_attempt_at, seq LIMIT ?`,
      ),
      sent: db.prepare(
        `UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = @now,
           updated_at = @now, last_error = NULL WHERE id = @id AND status = 'pending'`,
      ),
      failed: db.prepare(
        `UPDATE outbox SET status = @status, attempts = attempts + 1, next_attempt_at = @next,
           last_error = @error, updated_at = @now WHERE id = @id AND status = 'pending'`,
      ),
      health: db.prepare(
        `SELECT channel_id,
           sum(status = 'pending') AS pending,
           sum(status = 'dead') AS dead,
           max(CASE WHEN status = 'sent' THEN sent_at END) AS last_sent_at,
           max(CASE WHEN status = 'dead' THEN updated_at END) AS last_dead_at
         FROM outbox GROUP BY channel_id`,
      ),
      lastError: db
        .prepare(
          `SELECT last_error FROM outbox WHERE channel_id = ? AND last_error IS NOT NULL
           ORDER BY updated_at DESC LIMIT 1`,
        )
        .pluck(),
      count: db.prepare(`SELECT count(*) FROM outbox WHERE status = ?`).pluck(),
    };
  }

  /**
   * Add a message, or merge it into its group's waiting message. Returns false when that changes
   * nothing (a repeat).
   *
   * A merged case that is already waiting in the group is the same case raised again: its item
   * is replaced by the newer one, never dropped. The group takes the highest level of what it
   * holds and goes out when its most urgent part is due: a case raised to red (due now) takes its
   * group out at once, as red.
   */
  enqueue(e: Enqueue): boolean {
    const open = e.groupKey
      ? (this.stmts.openGroup.get(e.channelId, e.groupKey) as OutboxRow | undefined)
      : undefined;
    if (open) {
      const waiting = JSON.parse(open.message) as OutgoingMessage;
      const merged = mergeInto(waiting, e.message);
      if (open.next_attempt_at <= e.dueAt && JSON.stringify(merged) === open.message) return false;
      this.stmts.setMessage.run({
        message: JSON.stringify(merged),
        level: merged.level,
        due: e.dueAt,
        now: e.now,
        id: open.id,
      });
      return true;
    }
    const info = this.stmts.insert.run({
      id: outboxId(`${e.dedupeKey}|${e.channelId}`),
      dedupe_key: `${e.dedupeKey}|${e.channelId}`,
      channel_id: e.channelId,
      group_key: e.groupKey,
      kind: e.kind,
      level: e.message.level,
      message: JSON.stringify(e.message),
      next_attempt_at: e.dueAt,
      now: e.now,
    });
    return info.changes === 1;
  }

  due(now: number, limit = 20): OutboxItem[] {
    return (this.stmts.due.all(now, limit) as OutboxRow[]).map((row) => ({
      id: row.id,
      channelId: row.channel_id,
      groupKey: row.group_key,
      message: JSON.parse(row.message) as OutgoingMessage,
      attempts: row.attempts,
      nextAttemptAt: row.next_attempt_at,
    }));
  }

  markSent(id: string, now: number): void {
    this.stmts.sent.run({ id, now });
  }

  /** A failed attempt: try again at `next`, or give up (dead) when `next` is null. */
  markFailed(id: string, error: string, next: number | null, now: number): void {
    this.stmts.failed.run({
      id,
      status: next === null ? 'dead' : 'pending',
      next: next ?? now,
      error: error.slice(0, 500),
      now,
    });
  }

  count(status: 'pending' | 'sent' | 'dead'): number {
    return this.stmts.count.get(status) as number;
  }

  health(channels: ReadonlyArray<{ id: string; type: ChannelHealth['type'] }>): ChannelHealth[] {
    const rows = new Map(
      (
        this.stmts.health.all() as Array<{
          channel_id: string;
          pending: number;
          dead: number;
          last_sent_at: number | null;
          last_dead_at: number | null;
        }>
      ).map((r) => [r.channel_id, r]),
    );
    return channels.map((channel) => {
      const row = rows.get(channel.id);
      const lastDead = row?.last_dead_at ?? null;
      return {
        id: channel.id,
        type: channel.type,
        // Permanently failing: the newest outcome is a message that ran out of retries.
        failing: lastDead !== null && lastDead >= (row?.last_sent_at ?? 0),
        pending: row?.pending ?? 0,
        dead: row?.dead ?? 0,
        lastError: (this.stmts.lastError.get(channel.id) as string | undefined) ?? null,
        lastSentAt: row?.last_sent_at ?? null,
      };
    });
  }
}

function levelRank(level: string): number {
  return ['none', 'blue', 'orange', 'red'].indexOf(level);
}

/** A group's message with `next` merged in: each case once, at its newest, at the highest level. */
function mergeInto(group: OutgoingMessage, next: OutgoingMessage): OutgoingMessage {
  const items = group.items.map((item) => next.items.find((n) => n.caseId === item.caseId) ?? item);
  const added = next.items.filter((n) => !group.items.some((item) => item.caseId === n.caseId));
  const level = levelRank(next.level) > levelRank(group.level) ? next.level : group.level;
  return { ...group, level, items: [...items, ...added] };
}
