import type { Report, ReportDetail, ReportView } from '#contracts';
import { maskPersonalText } from '../platform/privacy.js';

/**
 * What of a report is public (the wall, the ticker, the snapshot): no reporter name, no phone in
 * any form, no coordinates or address as written (the region is the place), no sender's id, and
 * no name on a correction. The text is masked again on the way out, so a report stored before a
 * way of writing a number was recognised does not show it either.
 */
export function toView(report: Report): ReportView {
  const {
    phoneHash: _hash,
    externalId: _ext,
    reporterName: _name,
    phoneMasked: _phone,
    lat: _lat,
    lng: _lng,
    address: _address,
    correction,
    text,
    ...view
  } = report;
  return {
    ...view,
    text: maskPersonalText(text),
    correction: correction && {
      id: correction.id,
      reportId: correction.reportId,
      colour: correction.colour,
      category: correction.category,
      previousColour: correction.previousColour,
      previousCategory: correction.previousCategory,
      reason: maskPersonalText(correction.reason),
      at: correction.at,
    },
  };
}

/** What staff in scope read of one report: the name, masked number and address too; no hash. */
export function toDetail(report: Report): ReportDetail {
  const { phoneHash: _hash, externalId: _ext, ...detail } = report;
  return { ...detail, text: maskPersonalText(detail.text) };
}
