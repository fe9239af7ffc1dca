import type { ReportView } from '#contracts';

/** Reports reach the walls at most this long after they are accepted (one packet per window). */
export const REPORT_BATCH_MS = 100;
/**
 * A packet holds at most this many reports (about 250 KB): a bulk import within one window goes
 * out as several packets of a bounded size rather than one of megabytes to every wall.
 */
export const REPORT_BATCH_MAX = 500;

/**
 * New reports for the walls, gathered for up to `windowMs` and sent as one `reports:new` per
 * room. At 320 reports a second, one packet per report was 320 packets a second to every wall:
 * 200 walls were 64,000 socket writes a second, this machine's ceiling, and the backend fell
 * behind. Gathered, it is ten packets a second per wall whatever the rate.
 *
 * The walls expect a report before the levels and alerts it moves (the rules run after the wall
 * hears of it), so the wall flushes the batch before it sends any other event.
 */
export class ReportBatch {
  private pending: ReportView[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly send: (reports: ReportView[]) => void,
    private readonly windowMs = REPORT_BATCH_MS,
    private readonly max = REPORT_BATCH_MAX,
  ) {}

  add(report: ReportView): void {
    this.pending.push(report);
    if (this.pending.length >= this.max) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  /** Send what is gathered now (before another event, and on close). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const reports = this.pending;
    this.pending = [];
    this.send(reports);
  }

  close(): void {
    this.flush();
  }
}
