import { createReadStream, createWriteStream, statSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { parse, type CsvError, type Parser } from 'csv-parse';
// Only the contract file it needs and no server code: the CLI's memory is part of its promise.
import { HotlineOrder } from '#contracts/hotline';
import { formatIssues } from '../../backend/config/errors.js';
import { csvLine, readColumns, rowToOrder, type Columns } from './csv.js';
import { ImportFatal, OrderSender, type BatchOutcome, type Reject, type Row } from './sender.js';

export interface ImportOptions {
  file: string;
  url: string;
  key: string;
  rejectsFile: string;
  /** Orders per request (≤ 1,000). */
  batchSize: number;
  /** Requests in flight at once: one being stored while the next is read and sent. */
  inFlight: number;
  retries: number;
  backoffMs: number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportCounts {
  imported: number;
  duplicates: number;
  rejected: number;
  /** Stored with an address that resolved only part way or not at all: a person places them. */
  triage: number;
  /** Data rows read (the header is not one). */
  lines: number;
}

export interface ImportProgress extends ImportCounts {
  bytes: number;
  totalBytes: number;
}

interface Parsed {
  record: string[];
  raw: string;
  info: { lines: number; bytes: number };
}

/**
 * No real row comes near this (nine cells, the appeal ≤ 2,000 characters); a quote never closed
 * does, and would otherwise read the rest of the file into one cell.
 */
const MAX_ROW_BYTES = 1024 * 1024;

const NOTHING: BatchOutcome = { accepted: 0, duplicates: 0, triage: 0, rejects: [] };

/** Newlines inside a record's text: a quoted cell may hold some. */
function innerNewlines(raw: string): number {
  return (
    raw
      .replace(/^[\r\n]+/, '')
      .replace(/\r?\n$/, '')
      .match(/\n/g)?.length ?? 0
  );
}

/** The rejects file: the original row, then its line and why, so it can be fixed and re-imported. */
class RejectsFile {
  private out: WriteStream | undefined;

  constructor(private readonly path: string) {}

  async open(headers: readonly string[]): Promise<void> {
    this.out = createWriteStream(this.path);
    await this.write(csvLine([...headers, 'line', 'reason']));
  }

  async add(rejects: readonly Reject[], width: number): Promise<void> {
    for (const { row, reason } of rejects) {
      const cells = Array.from({ length: width }, (_v, i) => row.cells[i] ?? '');
      await this.write(csvLine([...cells, String(row.line), reason]));
    }
  }

  async close(): Promise<void> {
    if (!this.out) return;
    this.out.end();
    await once(this.out, 'finish');
  }

  private async write(line: string): Promise<void> {
    if (this.out && !this.out.write(line)) await once(this.out, 'drain');
  }
}

/**
 * Streams a CSV of historical work orders into the hotline webhook: rows are checked locally with
 * the webhook's own schema (so a reject carries its line), sent in batches with at most
 * `inFlight` requests waiting, and the file is read only as fast as the server stores.
 */
export function importCsv(options: ImportOptions): Promise<ImportCounts> {
  return new CsvImport(options).run();
}

class CsvImport {
  private readonly counts: ImportCounts = {
    imported: 0,
    duplicates: 0,
    rejected: 0,
    triage: 0,
    lines: 0,
  };
  private readonly sender: OrderSender;
  private readonly rejects: RejectsFile;
  private readonly totalBytes: number;
  /** Rows csv-parse could not read, waiting to be recorded in order with the others. */
  private readonly unreadable: Reject[] = [];
  private readonly inflight = new Set<Promise<void>>();
  private columns: Columns | undefined;
  private batch: Row[] = [];
  private bytes = 0;
  private fatal: unknown;

  constructor(private readonly options: ImportOptions) {
    this.totalBytes = statSync(options.file).size;
    this.sender = new OrderSender(options);
    this.rejects = new RejectsFile(options.rejectsFile);
  }

  async run(): Promise<ImportCounts> {
    for await (const parsed of this.open() as AsyncIterable<Parsed>) {
      this.bytes = parsed.info.bytes;
      if (this.columns) await this.row(parsed, this.columns);
      else await this.header(parsed.record);
      if (this.unreadable.length > 0) await this.recordUnreadable();
      if (this.batch.length >= this.options.batchSize) await this.dispatch();
      if (this.counts.lines % 1000 === 0) this.progress();
    }
    if (!this.columns) throw new ImportFatal(`${this.options.file}: no header row`);
    await this.recordUnreadable();
    await this.dispatch();
    await Promise.all(this.inflight);
    if (this.fatal !== undefined) throw this.fatal;
    await this.rejects.close();
    this.bytes = this.totalBytes;
    this.progress();
    return this.counts;
  }

  private open(): Parser {
    const parser = parse({
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      // A stray quote inside a cell ("2026-01-05"x) stays text for the schema to judge; strict
      // quoting would lose the rows after it.
      relax_quotes: true,
      max_record_size: MAX_ROW_BYTES,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err: CsvError | undefined, raw: string | undefined) => {
        const line = Number(err?.lines ?? 0) - innerNewlines(raw ?? '');
        if (err?.code === 'CSV_MAX_RECORD_SIZE') {
          // csv-parse cannot find the next row after this: stop rather than lose rows silently.
          const why = `a row over ${MAX_ROW_BYTES / 1024 / 1024} MB near line ${line} (a quote never closed?)`;
          parser.destroy(new ImportFatal(`${this.options.file}: ${why}`));
          return undefined;
        }
        const reason = err?.message ?? 'unreadable row';
        this.unreadable.push({ row: { line, cells: [raw ?? ''], order: {} }, reason });
        return undefined;
      },
    });
    const input = createReadStream(this.options.file);
    input.on('error', (err) => parser.destroy(err));
    input.pipe(parser);
    return parser;
  }

  private async header(headers: string[]): Promise<void> {
    const columns = readColumns(headers);
    if (columns.missing.length > 0) {
      throw new ImportFatal(`${this.options.file}: missing column ${columns.missing.join(', ')}`);
    }
    await this.rejects.open(columns.headers);
    this.columns = columns;
  }

  /** Check a row with the webhook's schema: a bad one is rejected here, with its line. */
  private async row(parsed: Parsed, columns: Columns): Promise<void> {
    this.counts.lines += 1;
    const line = parsed.info.lines - innerNewlines(parsed.raw);
    const row: Row = { line, cells: parsed.record, order: rowToOrder(parsed.record, columns) };
    const checked = HotlineOrder.safeParse(row.order);
    if (checked.success) this.batch.push(row);
    else
      await this.record({
        ...NOTHING,
        rejects: [{ row, reason: formatIssues(checked.error.issues) }],
      });
  }

  private async recordUnreadable(): Promise<void> {
    this.counts.lines += this.unreadable.length;
    await this.record({ ...NOTHING, rejects: this.unreadable.splice(0) });
  }

  /** Send the batch; wait while `inFlight` requests are out (this pauses reading the file). */
  private async dispatch(): Promise<void> {
    const rows = this.batch;
    this.batch = [];
    if (rows.length > 0) {
      const sent: Promise<void> = this.sender
        .send(rows)
        .then((outcome) => this.record(outcome))
        .catch((err: unknown) => {
          this.fatal ??= err;
        })
        .finally(() => {
          this.inflight.delete(sent);
          this.progress();
        });
      this.inflight.add(sent);
    }
    while (this.inflight.size >= this.options.inFlight && this.fatal === undefined) {
      await Promise.race(this.inflight);
    }
    if (this.fatal !== undefined) throw this.fatal;
  }

  private async record(outcome: BatchOutcome): Promise<void> {
    this.counts.imported += outcome.accepted;
    this.counts.duplicates += outcome.duplicates;
    this.counts.triage += outcome.triage;
    this.counts.rejected += outcome.rejects.length;
    await this.rejects.add(outcome.rejects, this.columns?.headers.length ?? 0);
  }

  private progress(): void {
    this.options.onProgress?.({ ...this.counts, bytes: this.bytes, totalBytes: this.totalBytes });
  }
}
