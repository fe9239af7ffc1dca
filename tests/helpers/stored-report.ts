import type { Report } from '#contracts';
import { REPORT_DEFAULTS } from '#contracts';

/**
 * A report as a store holds it, every field set: a hotline call about water in 枣园村 at
 * 2026-11-22 09:30 county time. Tests name only what they check.
 */
export function storedReport(overrides: Partial<Report> & Pick<Report, 'id'>): Report {
  const occurredAt = overrides.occurredAt ?? Date.parse('2026-11-22T09:30:00+08:00');
  return {
    source: 'hotline',
    externalId: overrides.id,
    occurredAt,
    receivedAt: occurredAt,
    regionCode: '611025101202',
    category: 'livelihood',
    text: '自来水停了',
    reporterName: null,
    phoneMasked: null,
    phoneHash: null,
    lat: null,
    lng: null,
    address: null,
    level: 'none',
    ruleId: null,
    ...REPORT_DEFAULTS,
    ...overrides,
  };
}
