import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, fsyncSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { OrderAttachment } from '#contracts';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES } from '#contracts';
import { ActionError } from '../http/answer.js';
import type { OrdersDb } from './db.js';

type MediaType = (typeof ATTACHMENT_TYPES)[number];

/** The first bytes each allowed type starts with: the body must be what it says it is. */
const MAGIC: Record<MediaType, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) =>
    b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) =>
    b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
  'image/heic': (b) => b.toString('latin1', 4, 8) === 'ftyp',
  'application/pdf': (b) => b.toString('latin1', 0, 5) === '%PDF-',
};

interface AttachmentRow {
  id: string;
  order_id: string;
  name: string;
  media_type: string;
  bytes: number;
  at: number;
  by_name: string;
  file: string;
}

const urlOf = (orderId: string, id: string) =>
  `/api/v1/work-orders/${encodeURIComponent(orderId)}/attachments/${encodeURIComponent(id)}`;

/**
 * Photos and files on orders: the bytes in DATA_DIR/attachments (fsynced before the order records
 * them), the list in orders.db. Without a data dir they are kept in memory.
 */
export class Attachments {
  private readonly memory = new Map<string, Buffer>();
  private readonly dir: string | null;

  constructor(
    private readonly db: OrdersDb,
    dataDir: string | undefined,
  ) {
    this.dir = dataDir ? join(dataDir, 'attachments') : null;
    if (this.dir) mkdirSync(this.dir, { recursive: true });
  }

  /** Check type, size and content; refuse with the field named. */
  static check(mediaType: string, bytes: Buffer): MediaType {
    const type = (ATTACHMENT_TYPES as readonly string[]).includes(mediaType)
      ? (mediaType as MediaType)
      : null;
    if (!type) {
      throw new ActionError(
        415 as 400,
        'unsupported_type',
        `只能上传照片（JPEG/PNG/WebP/HEIC）或 PDF / unsupported type ${mediaType}`,
        [{ path: 'content-type', message: `one of ${ATTACHMENT_TYPES.join(', ')}` }],
      );
    }
    if (bytes.length === 0 || bytes.length > ATTACHMENT_MAX_BYTES) {
      throw new ActionError(
        400,
        'invalid_body',
        `文件大小须在 1 字节到 ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB 之间 / size out of range`,
        [{ path: 'body', message: `1 to ${ATTACHMENT_MAX_BYTES} bytes` }],
      );
    }
    if (!MAGIC[type](bytes)) {
      throw new ActionError(
        400,
        'invalid_body',
        `文件内容不是 ${type} / content does not match its type`,
        [{ path: 'body', message: `not a ${type} file` }],
      );
    }
    return type;
  }

  save(
    orderId: string,
    file: { name: string; mediaType: string; bytes: Buffer },
    by: string,
    now: number,
  ): OrderAttachment {
    const mediaType = Attachments.check(file.mediaType, file.bytes);
    const id = randomUUID();
    if (this.dir) {
      const path = join(this.dir, id);
      writeFileSync(path, file.bytes);
      const fd = openSync(path, 'r');
      fsyncSync(fd);
      closeSync(fd);
    } else {
      this.memory.set(id, file.bytes);
    }
    const name = file.name.slice(0, 200) || '附件';
    this.db
      .prepare(
        'INSERT INTO order_attachments (id, order_id, name, media_type, bytes, at, by_name, file) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, orderId, name, mediaType, file.bytes.length, now, by, id);
    return {
      id,
      orderId,
      name,
      mediaType,
      bytes: file.bytes.length,
      at: now,
      by,
      url: urlOf(orderId, id),
    };
  }

  list(orderId: string): OrderAttachment[] {
    return this.db
      .prepare<[string], AttachmentRow>(
        'SELECT * FROM order_attachments WHERE order_id = ? ORDER BY at, id',
      )
      .all(orderId)
      .map((r) => ({
        id: r.id,
        orderId: r.order_id,
        name: r.name,
        mediaType: r.media_type as MediaType,
        bytes: r.bytes,
        at: r.at,
        by: r.by_name,
        url: urlOf(r.order_id, r.id),
      }));
  }

  /** The file's bytes and type, or null when the order has no such attachment. */
  read(orderId: string, id: string): { mediaType: string; name: string; bytes: Buffer } | null {
    const row = this.db
      .prepare<[string, string], AttachmentRow>(
        'SELECT * FROM order_attachments WHERE order_id = ? AND id = ?',
      )
      .get(orderId, id);
    if (!row) return null;
    const bytes = this.dir ? readFileSync(join(this.dir, row.file)) : this.memory.get(row.file);
    return bytes ? { mediaType: row.media_type, name: row.name, bytes } : null;
  }
}
