import type { Report, ReportView } from '#contracts';

/** What of a report is public (the wall, the ticker): no phone hash, no sender's own id. */
export function toView(report: Report): ReportView {
  const { phoneHash: _hash, externalId: _ext, ...view } = report;
  return view;
}
